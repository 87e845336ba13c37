use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked<T> {
    pub item: T,
    pub score: i64,
    /// Competition ranking ("1224"): ties share a rank, the next rank skips.
    pub rank: u32,
}

/// Highest score first. Ties share a rank; within a tie the order is by
/// `T` ascending (e.g. member id) so the list is stable between requests,
/// but the order inside a tie carries no meaning.
pub fn rank<T: Ord + Clone>(items: &[(T, i64)]) -> Vec<Ranked<T>> {
    let mut sorted: Vec<&(T, i64)> = items.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<Ranked<T>> = Vec::with_capacity(sorted.len());
    for (i, (item, score)) in sorted.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.score == *score => prev.rank,
            _ => i as u32 + 1,
        };
        out.push(Ranked {
            item: item.clone(),
            score: *score,
            rank,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranking_with_stable_tie_order() {
        let r = rank(&[(4, 80), (2, 90), (3, 90), (1, 70), (5, 90)]);
        let got: Vec<(i32, u32)> = r.iter().map(|x| (x.item, x.rank)).collect();
        assert_eq!(got, [(2, 1), (3, 1), (5, 1), (4, 4), (1, 5)]);
    }

    #[test]
    fn one_two_two_four() {
        let r = rank(&[("a", 10), ("b", 8), ("c", 8), ("d", 5)]);
        let ranks: Vec<u32> = r.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, [1, 2, 2, 4]);
        assert!(rank::<u8>(&[]).is_empty());
    }
}
