//! Organization scores. Integer arithmetic throughout so the same inputs
//! give the same score on server and client.

use crate::error::ErrorCode;
use crate::ratio::Permille;
use serde::{Deserialize, Serialize};

/// Weights of the four parts of a branch score (relative, any scale): members' points,
/// organizational life, tasks done on time, dues collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScoreWeightsUnchecked")]
pub struct ScoreWeights {
    pub points: u32,
    pub org_life: u32,
    pub tasks: u32,
    /// Weights saved before the dues part existed read as 0 here, so their scores stay as they were.
    pub dues: u32,
    /// Average member points that count as full marks for the points part;
    /// above it members gain nothing more, which keeps point-grinding from
    /// dominating the branch score.
    pub points_full_scale: i64,
}

impl Default for ScoreWeights {
    /// Org life and tasks outweigh points: points measure app use, which
    /// the central rules say must not be the yardstick.
    fn default() -> Self {
        ScoreWeights {
            points: 20,
            org_life: 40,
            tasks: 25,
            dues: 15,
            points_full_scale: 100,
        }
    }
}

impl ScoreWeights {
    pub fn validate(&self) -> Result<(), ErrorCode> {
        let total = u64::from(self.points)
            + u64::from(self.org_life)
            + u64::from(self.tasks)
            + u64::from(self.dues);
        if total == 0 || total > 1_000_000 || self.points_full_scale <= 0 {
            return Err(ErrorCode::InvalidWeights);
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct ScoreWeightsUnchecked {
    points: u32,
    org_life: u32,
    tasks: u32,
    #[serde(default)]
    dues: u32,
    points_full_scale: i64,
}

impl TryFrom<ScoreWeightsUnchecked> for ScoreWeights {
    type Error = ErrorCode;
    fn try_from(u: ScoreWeightsUnchecked) -> Result<Self, ErrorCode> {
        let w = ScoreWeights {
            points: u.points,
            org_life: u.org_life,
            tasks: u.tasks,
            dues: u.dues,
            points_full_scale: u.points_full_scale,
        };
        w.validate()?;
        Ok(w)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchInputs {
    /// Each member's point total for the period (may be negative).
    pub member_points: Vec<i64>,
    /// From [`crate::orglife::compliance_ratio`].
    pub org_life: Permille,
    /// From [`crate::task::completion`].
    pub tasks: Permille,
    /// Dues collected of dues expected in the period.
    pub dues: Permille,
}

/// Mean of member totals, rounded half away from zero; 0 for no members.
pub fn average_points(member_points: &[i64]) -> i64 {
    let sum: i128 = member_points.iter().map(|&p| i128::from(p)).sum();
    average_of_total(sum, member_points.len() as i128)
}

/// [`average_points`] from a total and a count, for callers that sum in the database.
pub fn average_of_total(sum: i128, count: i128) -> i64 {
    if count <= 0 {
        return 0;
    }
    let avg = (sum.abs() * 2 + count) / (2 * count);
    (if sum < 0 { -avg } else { avg }) as i64
}

/// Branch score in ‰ (0..=1000); the UI shows it as 0–100.
pub fn branch_score(weights: &ScoreWeights, inputs: &BranchInputs) -> Result<Permille, ErrorCode> {
    Ok(composite(
        weights,
        average_points(&inputs.member_points),
        inputs.org_life,
        inputs.tasks,
        inputs.dues,
    )?
    .score)
}

/// A branch score with its four parts, each in ‰: what a board shows beside the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composite {
    pub score: Permille,
    /// The members' average points against the full-marks line.
    pub points: Permille,
    pub org_life: Permille,
    pub tasks: Permille,
    pub dues: Permille,
}

/// [`branch_score`] from the members' average points (summed in the database), with its parts.
pub fn composite(
    weights: &ScoreWeights,
    average: i64,
    org_life: Permille,
    tasks: Permille,
    dues: Permille,
) -> Result<Composite, ErrorCode> {
    weights.validate()?;
    let points_pm =
        (i128::from(average) * 1000 / i128::from(weights.points_full_scale)).clamp(0, 1000);
    let (wp, wo, wt, wd) = (
        i128::from(weights.points),
        i128::from(weights.org_life),
        i128::from(weights.tasks),
        i128::from(weights.dues),
    );
    let total = wp + wo + wt + wd;
    let weighted = wp * points_pm
        + wo * i128::from(org_life.get())
        + wt * i128::from(tasks.get())
        + wd * i128::from(dues.get());
    Ok(Composite {
        score: Permille::new(((weighted * 2 + total) / (2 * total)) as u32)?,
        points: Permille::new(points_pm as u32)?,
        org_life,
        tasks,
        dues,
    })
}

/// A committee's score: the mean of its branches' scores, half up; 0 with no branches.
pub fn committee_score(branch_scores: &[Permille]) -> Permille {
    if branch_scores.is_empty() {
        return Permille::ZERO;
    }
    let n = branch_scores.len() as u64;
    let sum: u64 = branch_scores.iter().map(|p| u64::from(p.get())).sum();
    Permille::new(((sum * 2 + n) / (2 * n)) as u32).unwrap_or(Permille::FULL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pm(v: u32) -> Permille {
        Permille::new(v).unwrap()
    }

    #[test]
    fn weighted_combination() {
        let w = ScoreWeights::default(); // 20 / 40 / 25 / 15, full scale 100
        let inputs = BranchInputs {
            member_points: vec![80, 60, 70], // avg 70 → 700‰
            org_life: pm(900),
            tasks: pm(500),
            dues: pm(800),
        };
        // (20×700 + 40×900 + 25×500 + 15×800) / 100 = 745.
        assert_eq!(branch_score(&w, &inputs).unwrap().get(), 745);
    }

    #[test]
    fn weights_saved_before_the_dues_part_score_as_before() {
        let old: ScoreWeights = serde_json::from_str(
            r#"{"points":30,"org_life":40,"tasks":30,"points_full_scale":100}"#,
        )
        .unwrap();
        assert_eq!(old.dues, 0);
        let inputs = BranchInputs {
            member_points: vec![80, 60, 70],
            org_life: pm(900),
            tasks: pm(500),
            dues: pm(0),
        };
        // (30×700 + 40×900 + 30×500) / 100 = 720, whatever the dues.
        assert_eq!(branch_score(&old, &inputs).unwrap().get(), 720);
    }

    #[test]
    fn points_part_is_clamped() {
        let w = ScoreWeights {
            points: 1,
            org_life: 0,
            tasks: 0,
            dues: 0,
            points_full_scale: 100,
        };
        let mut inputs = BranchInputs {
            member_points: vec![500],
            org_life: pm(0),
            tasks: pm(0),
            dues: pm(0),
        };
        assert_eq!(branch_score(&w, &inputs).unwrap(), Permille::FULL);
        inputs.member_points = vec![-50];
        assert_eq!(branch_score(&w, &inputs).unwrap(), Permille::ZERO);
        inputs.member_points = vec![];
        assert_eq!(branch_score(&w, &inputs).unwrap(), Permille::ZERO);
    }

    #[test]
    fn averages_round_half_away_from_zero() {
        assert_eq!(average_points(&[1, 2]), 2);
        assert_eq!(average_points(&[1, 1, 2]), 1);
        assert_eq!(average_points(&[-1, -2]), -2);
        assert_eq!(average_points(&[]), 0);
    }

    #[test]
    fn invalid_weights() {
        let zero = ScoreWeights {
            points: 0,
            org_life: 0,
            tasks: 0,
            dues: 0,
            points_full_scale: 100,
        };
        let inputs = BranchInputs {
            member_points: vec![],
            org_life: pm(0),
            tasks: pm(0),
            dues: pm(0),
        };
        assert_eq!(branch_score(&zero, &inputs), Err(ErrorCode::InvalidWeights));
        assert!(serde_json::from_str::<ScoreWeights>(
            r#"{"points":1,"org_life":1,"tasks":1,"points_full_scale":0}"#
        )
        .is_err());
    }

    #[test]
    fn committee_average() {
        assert_eq!(committee_score(&[pm(700), pm(800), pm(901)]).get(), 800);
        assert_eq!(committee_score(&[]), Permille::ZERO);
    }
}
