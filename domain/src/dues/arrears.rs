//! Unpaid months and the 自行脱党 risk (Party Constitution art. 9).

use super::DuesRules;
use crate::date::YearMonth;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Six consecutive months without paying dues, with no good reason, counts
/// as leaving the Party; fixed by the Constitution, not configurable.
pub const LEAVING_RISK_MONTHS: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrearsLevel {
    None,
    /// Consecutive unpaid months reached the county's warning line (default 3).
    Warning,
    /// Six or more consecutive months: the branch must talk to the member
    /// before it becomes 自行脱党.
    LeavingRisk,
}

impl ArrearsLevel {
    /// The code the page marks the level with (its serde name).
    pub fn code(self) -> &'static str {
        match self {
            ArrearsLevel::None => "none",
            ArrearsLevel::Warning => "warning",
            ArrearsLevel::LeavingRisk => "leaving_risk",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ArrearsLevel::None => "正常",
            ArrearsLevel::Warning => "欠交预警",
            ArrearsLevel::LeavingRisk => "连续6个月未交纳党费，存在自行脱党风险",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrears {
    pub months_due: u32,
    pub months_unpaid: u32,
    /// Oldest first.
    pub unpaid: Vec<YearMonth>,
    /// Unpaid months counting back from `current` until the first paid one.
    pub consecutive_unpaid_latest: u32,
    pub level: ArrearsLevel,
}

/// The level of `consecutive` unpaid months: the county's warning line, then the six-month line.
pub fn arrears_level(consecutive: u32, rules: &DuesRules) -> ArrearsLevel {
    if consecutive >= LEAVING_RISK_MONTHS {
        ArrearsLevel::LeavingRisk
    } else if consecutive >= rules.arrears_warning_months {
        ArrearsLevel::Warning
    } else {
        ArrearsLevel::None
    }
}

/// Arrears over the months `start..=current`, both owed.
///
/// `current` is the latest month already due: pass last month if dues for
/// the running month may still be paid on time. `start` is the first month
/// owed (for probationary members, the month the branch assembly admitted
/// them). Paid months outside the range are ignored.
pub fn arrears(
    start: YearMonth,
    current: YearMonth,
    paid: &[YearMonth],
    rules: &DuesRules,
) -> Result<Arrears, ErrorCode> {
    if start > current {
        return Err(ErrorCode::InvalidPeriod);
    }
    let paid: BTreeSet<YearMonth> = paid.iter().copied().collect();
    let unpaid: Vec<YearMonth> = start
        .iter_to(current)
        .filter(|m| !paid.contains(m))
        .collect();
    let consecutive = start
        .iter_to(current)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .take_while(|m| !paid.contains(m))
        .count() as u32;
    let level = arrears_level(consecutive, rules);
    Ok(Arrears {
        months_due: (start.months_between(current) + 1) as u32,
        months_unpaid: unpaid.len() as u32,
        unpaid,
        consecutive_unpaid_latest: consecutive,
        level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn months(list: &[&str]) -> Vec<YearMonth> {
        list.iter().map(|s| ym(s)).collect()
    }

    #[test]
    fn all_paid() {
        let paid = months(&["2026-01", "2026-02", "2026-03"]);
        let a = arrears(ym("2026-01"), ym("2026-03"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(
            (a.months_due, a.months_unpaid, a.consecutive_unpaid_latest),
            (3, 0, 0)
        );
        assert_eq!(a.level, ArrearsLevel::None);
    }

    #[test]
    fn gap_in_the_middle_is_not_consecutive_latest() {
        let paid = months(&["2026-01", "2026-04", "2026-05"]);
        let a = arrears(ym("2026-01"), ym("2026-05"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.unpaid, months(&["2026-02", "2026-03"]));
        assert_eq!(a.consecutive_unpaid_latest, 0);
        assert_eq!(a.level, ArrearsLevel::None);
    }

    #[test]
    fn warning_at_three_months() {
        let paid = months(&["2025-10"]);
        let a = arrears(ym("2025-10"), ym("2026-01"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.consecutive_unpaid_latest, 3);
        assert_eq!(a.level, ArrearsLevel::Warning);
        let a = arrears(ym("2025-10"), ym("2025-12"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.level, ArrearsLevel::None);
    }

    #[test]
    fn leaving_risk_at_six_months() {
        let paid = months(&["2025-06"]);
        let a = arrears(ym("2025-06"), ym("2025-12"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.consecutive_unpaid_latest, 6);
        assert_eq!(a.level, ArrearsLevel::LeavingRisk);
        assert!(a.level.label_zh().contains("自行脱党"));
        let a = arrears(ym("2025-06"), ym("2025-11"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.level, ArrearsLevel::Warning);
    }

    #[test]
    fn ignores_paid_months_outside_range_and_rejects_reversed_range() {
        let paid = months(&["2024-01", "2027-01"]);
        let a = arrears(ym("2026-01"), ym("2026-02"), &paid, &DuesRules::default()).unwrap();
        assert_eq!(a.months_unpaid, 2);
        assert_eq!(
            arrears(ym("2026-03"), ym("2026-02"), &[], &DuesRules::default()),
            Err(ErrorCode::InvalidPeriod)
        );
    }
}

crate::openapi_schema!(
    ArrearsLevel,
    crate::macros::code_schema(["none", "warning", "leaving_risk"].into_iter())
);
