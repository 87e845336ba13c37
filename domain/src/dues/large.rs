use super::DuesRules;
use crate::money::Fen;

/// Whether a one-off voluntary payment is 大额党费 (≥ 1,000 yuan by default),
/// which is remitted in full to the Central Committee instead of being
/// shared down the levels.
pub fn large_dues(one_off: Fen, rules: &DuesRules) -> bool {
    one_off.as_i64() >= rules.large_one_off_threshold_fen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_inclusive() {
        let r = DuesRules::default();
        assert!(!large_dues(Fen::parse_yuan("999.99").unwrap(), &r));
        assert!(large_dues(Fen::from_yuan(1_000).unwrap(), &r));
        assert!(large_dues(Fen::from_yuan(5_000).unwrap(), &r));
    }
}
