//! The four lists (金榜 / 银榜 / 黄榜 / 黑榜). No thresholds are published,
//! so each county picks percentile or absolute cut-offs.

use super::Ranked;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum ListKind / InvalidListPolicy {
        Gold = "gold" / "金榜",
        Silver = "silver" / "银榜",
        Yellow = "yellow" / "黄榜",
        Black = "black" / "黑榜",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ListMode {
    /// Shares of the ranked population. `silver_top_pct` is cumulative: with
    /// 10 / 30, the top 10% are gold and the next 20% silver.
    Percentile {
        gold_top_pct: u8,
        silver_top_pct: u8,
        yellow_bottom_pct: u8,
    },
    /// Score lines: `≥ gold_min` gold, `≥ silver_min` silver, `≤ yellow_max` yellow.
    Absolute {
        gold_min: i64,
        silver_min: i64,
        yellow_max: i64,
    },
}

/// Conduct that puts a member on the black list whatever the score;
/// `None` switches a trigger off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlackTriggers {
    /// Unexcused absences from org life in the period (practice: twice or more).
    pub org_life_absent_unexcused_min: Option<u32>,
    /// Consecutive months of dues arrears.
    pub dues_arrears_months_min: Option<u32>,
}

impl Default for BlackTriggers {
    fn default() -> Self {
        BlackTriggers {
            org_life_absent_unexcused_min: Some(2),
            dues_arrears_months_min: Some(3),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ListPolicyUnchecked")]
pub struct ListPolicy {
    pub mode: ListMode,
    pub black_triggers: BlackTriggers,
}

impl Default for ListPolicy {
    fn default() -> Self {
        ListPolicy {
            mode: ListMode::Percentile {
                gold_top_pct: 10,
                silver_top_pct: 30,
                yellow_bottom_pct: 10,
            },
            black_triggers: BlackTriggers::default(),
        }
    }
}

impl ListPolicy {
    pub fn validate(&self) -> Result<(), ErrorCode> {
        let ok = match self.mode {
            ListMode::Percentile {
                gold_top_pct,
                silver_top_pct,
                yellow_bottom_pct,
            } => {
                gold_top_pct <= silver_top_pct
                    && u16::from(silver_top_pct) + u16::from(yellow_bottom_pct) <= 100
            }
            ListMode::Absolute {
                gold_min,
                silver_min,
                yellow_max,
            } => gold_min >= silver_min && silver_min > yellow_max,
        };
        let triggers_ok = [
            self.black_triggers.org_life_absent_unexcused_min,
            self.black_triggers.dues_arrears_months_min,
        ]
        .iter()
        .flatten()
        .all(|v| *v > 0);
        if ok && triggers_ok {
            Ok(())
        } else {
            Err(ErrorCode::InvalidListPolicy)
        }
    }
}

impl ListPolicy {
    /// How the lists are drawn, in the county's words.
    pub fn describe_mode_zh(&self) -> String {
        match self.mode {
            ListMode::Percentile {
                gold_top_pct,
                silver_top_pct,
                yellow_bottom_pct,
            } => format!(
                "按名次比例：前 {gold_top_pct}% 金榜，前 {silver_top_pct}% 中其余为银榜，后 {yellow_bottom_pct}% 黄榜"
            ),
            ListMode::Absolute {
                gold_min,
                silver_min,
                yellow_max,
            } => format!(
                "按积分：{gold_min} 分及以上金榜，{silver_min} 分及以上银榜，{yellow_max} 分及以下黄榜"
            ),
        }
    }

    /// What puts a member on the black list whatever the score.
    pub fn describe_black_zh(&self) -> String {
        let t = self.black_triggers;
        let parts: Vec<String> = [
            t.org_life_absent_unexcused_min
                .map(|n| format!("本年无故缺席组织生活 {n} 次及以上")),
            t.dues_arrears_months_min
                .map(|n| format!("连续 {n} 个月及以上欠交党费")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "不按缺席或欠费列入黑榜".to_string()
        } else {
            parts.join("，或")
        }
    }
}

#[derive(Deserialize)]
struct ListPolicyUnchecked {
    mode: ListMode,
    #[serde(default)]
    black_triggers: BlackTriggers,
}

impl TryFrom<ListPolicyUnchecked> for ListPolicy {
    type Error = ErrorCode;
    fn try_from(u: ListPolicyUnchecked) -> Result<Self, ErrorCode> {
        let p = ListPolicy {
            mode: u.mode,
            black_triggers: u.black_triggers,
        };
        p.validate()?;
        Ok(p)
    }
}

/// Per-member counts the black-list triggers look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemberFlags {
    pub org_life_absent_unexcused: u32,
    pub dues_arrears_months: u32,
}

impl BlackTriggers {
    pub fn triggered(&self, flags: &MemberFlags) -> bool {
        self.org_life_absent_unexcused_min
            .is_some_and(|m| flags.org_life_absent_unexcused >= m)
            || self
                .dues_arrears_months_min
                .is_some_and(|m| flags.dues_arrears_months >= m)
    }
}

/// Share of `n` rounded up, so a non-zero percentage of a small branch
/// still names at least one member.
fn cut(n: usize, pct: u8) -> u32 {
    ((n * usize::from(pct)).div_ceil(100)) as u32
}

/// The list of each ranked member (same order as `ranked`; `flags` is
/// parallel to it). Members in the middle get `None`.
///
/// With percentiles, a tie straddling a cut-off is decided in the member's
/// favour: the whole tie joins gold/silver, and none of it joins yellow.
pub fn assign_lists<T>(
    ranked: &[Ranked<T>],
    flags: &[MemberFlags],
    policy: &ListPolicy,
) -> Result<Vec<Option<ListKind>>, ErrorCode> {
    policy.validate()?;
    if ranked.len() != flags.len() {
        return Err(ErrorCode::BadRequest);
    }
    let n = ranked.len();
    Ok(ranked
        .iter()
        .zip(flags)
        .map(|(r, f)| {
            if policy.black_triggers.triggered(f) {
                Some(ListKind::Black)
            } else {
                list_by_mode(policy.mode, n, r.rank, r.score)
            }
        })
        .collect())
}

/// The list a score draws by `mode` alone, at `rank` of `n` ranked (no black-list trigger).
pub fn list_by_mode(mode: ListMode, n: usize, rank: u32, score: i64) -> Option<ListKind> {
    match mode {
        ListMode::Percentile {
            gold_top_pct,
            silver_top_pct,
            yellow_bottom_pct,
        } => {
            if rank <= cut(n, gold_top_pct) {
                Some(ListKind::Gold)
            } else if rank <= cut(n, silver_top_pct) {
                Some(ListKind::Silver)
            } else if cut(n, yellow_bottom_pct) > 0 && rank > n as u32 - cut(n, yellow_bottom_pct) {
                Some(ListKind::Yellow)
            } else {
                None
            }
        }
        ListMode::Absolute {
            gold_min,
            silver_min,
            yellow_max,
        } => {
            if score >= gold_min {
                Some(ListKind::Gold)
            } else if score >= silver_min {
                Some(ListKind::Silver)
            } else if score <= yellow_max {
                Some(ListKind::Yellow)
            } else {
                None
            }
        }
    }
}

impl ListPolicy {
    /// How an organizations' board draws its lists (docs/rules.md#the-four-lists): by the county's
    /// shares, or by its score lines where the board's score is points per member; a board
    /// scored otherwise (the composite, 0–100) falls back to the default shares.
    pub fn org_mode(&self, score_is_points: bool) -> ListMode {
        match self.mode {
            ListMode::Absolute { .. } if !score_is_points => ListPolicy::default().mode,
            mode => mode,
        }
    }
}

impl BlackTriggers {
    /// What put a member on the black list, in the county's words (empty: nothing did).
    pub fn reasons_zh(&self, flags: &MemberFlags) -> Vec<String> {
        let mut out = Vec::new();
        if self
            .org_life_absent_unexcused_min
            .is_some_and(|m| flags.org_life_absent_unexcused >= m)
        {
            out.push(format!(
                "无故缺席组织生活 {} 次",
                flags.org_life_absent_unexcused
            ));
        }
        if self
            .dues_arrears_months_min
            .is_some_and(|m| flags.dues_arrears_months >= m)
        {
            out.push(format!("欠交党费 {} 个月", flags.dues_arrears_months));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::rank;
    use ListKind::*;

    fn ten() -> Vec<Ranked<u32>> {
        let items: Vec<(u32, i64)> = (1..=10).map(|i| (i, 100 - i64::from(i) * 5)).collect();
        rank(&items)
    }

    #[test]
    fn percentile_lists() {
        let r = ten();
        let got = assign_lists(&r, &[MemberFlags::default(); 10], &ListPolicy::default()).unwrap();
        assert_eq!(
            got,
            [
                Some(Gold),
                Some(Silver),
                Some(Silver),
                None,
                None,
                None,
                None,
                None,
                None,
                Some(Yellow)
            ]
        );
    }

    #[test]
    fn black_overrides_score() {
        let r = ten();
        let mut flags = [MemberFlags::default(); 10];
        flags[0].org_life_absent_unexcused = 2;
        flags[5].dues_arrears_months = 3;
        flags[6].org_life_absent_unexcused = 1;
        flags[7].dues_arrears_months = 2;
        let got = assign_lists(&r, &flags, &ListPolicy::default()).unwrap();
        assert_eq!(got[0], Some(Black));
        assert_eq!(got[5], Some(Black));
        assert_eq!(got[6], None);
        assert_eq!(got[7], None);
        let off = ListPolicy {
            black_triggers: BlackTriggers {
                org_life_absent_unexcused_min: None,
                dues_arrears_months_min: None,
            },
            ..ListPolicy::default()
        };
        assert_eq!(assign_lists(&r, &flags, &off).unwrap()[0], Some(Gold));
    }

    #[test]
    fn ties_at_a_cut_favour_the_member() {
        // Top two tie: 10% of 10 is one place, but both share rank 1.
        let r = rank(&[(1u32, 90), (2, 90), (3, 50), (4, 40), (5, 40)]);
        let got = assign_lists(&r, &[MemberFlags::default(); 5], &ListPolicy::default()).unwrap();
        assert_eq!(got[..2], [Some(Gold), Some(Gold)]);
        // Bottom two tie at rank 4; bottom 10% of 5 is one place, which the tie straddles.
        assert_eq!(got[3..], [None, None]);
    }

    #[test]
    fn absolute_lists() {
        let policy = ListPolicy {
            mode: ListMode::Absolute {
                gold_min: 90,
                silver_min: 75,
                yellow_max: 40,
            },
            ..ListPolicy::default()
        };
        let r = rank(&[(1u32, 95), (2, 90), (3, 80), (4, 60), (5, 40), (6, 10)]);
        let got = assign_lists(&r, &[MemberFlags::default(); 6], &policy).unwrap();
        assert_eq!(
            got,
            [
                Some(Gold),
                Some(Gold),
                Some(Silver),
                None,
                Some(Yellow),
                Some(Yellow)
            ]
        );
    }

    #[test]
    fn invalid_policies_and_inputs() {
        let bad = ListPolicy {
            mode: ListMode::Percentile {
                gold_top_pct: 40,
                silver_top_pct: 30,
                yellow_bottom_pct: 10,
            },
            ..ListPolicy::default()
        };
        assert_eq!(bad.validate(), Err(ErrorCode::InvalidListPolicy));
        let bad_abs = ListPolicy {
            mode: ListMode::Absolute {
                gold_min: 50,
                silver_min: 60,
                yellow_max: 10,
            },
            ..ListPolicy::default()
        };
        assert_eq!(bad_abs.validate(), Err(ErrorCode::InvalidListPolicy));
        let r = ten();
        assert_eq!(
            assign_lists(&r, &[], &ListPolicy::default()),
            Err(ErrorCode::BadRequest)
        );
        assert!(serde_json::from_str::<ListPolicy>(
            r#"{"mode":{"mode":"percentile","gold_top_pct":50,"silver_top_pct":60,"yellow_bottom_pct":50}}"#
        )
        .is_err());
        let ok: ListPolicy = serde_json::from_str(
            r#"{"mode":{"mode":"absolute","gold_min":90,"silver_min":75,"yellow_max":40}}"#,
        )
        .unwrap();
        assert_eq!(ok.black_triggers, BlackTriggers::default());
        assert_eq!(ListKind::Black.label_zh(), "黑榜");
    }

    #[test]
    fn organizations_draw_by_shares_unless_their_score_is_points_and_reasons_name_the_trigger() {
        let absolute = ListPolicy {
            mode: ListMode::Absolute {
                gold_min: 90,
                silver_min: 75,
                yellow_max: 40,
            },
            ..ListPolicy::default()
        };
        assert_eq!(absolute.org_mode(true), absolute.mode);
        assert_eq!(absolute.org_mode(false), ListPolicy::default().mode);
        assert_eq!(
            ListPolicy::default().org_mode(false),
            ListPolicy::default().mode
        );
        // Ten organizations by the default shares: 1 gold, 2 silver, 1 yellow.
        let drawn: Vec<Option<ListKind>> = (1..=10)
            .map(|rank| list_by_mode(ListPolicy::default().mode, 10, rank, 0))
            .collect();
        assert_eq!(
            drawn,
            vec![
                Some(Gold),
                Some(Silver),
                Some(Silver),
                None,
                None,
                None,
                None,
                None,
                None,
                Some(Yellow)
            ]
        );
        let flags = MemberFlags {
            org_life_absent_unexcused: 2,
            dues_arrears_months: 1,
        };
        assert_eq!(
            BlackTriggers::default().reasons_zh(&flags),
            vec!["无故缺席组织生活 2 次".to_string()]
        );
        assert!(BlackTriggers::default()
            .reasons_zh(&MemberFlags::default())
            .is_empty());
    }
}
