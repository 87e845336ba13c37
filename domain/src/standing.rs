//! A member's standing (党籍状态): on the rolls, suspended, or gone for good
//! (docs/rules.md#standing-changes).
//!
//! Only a member on the rolls counts: on boards, in member counts, dues bills, reminders,
//! meeting invitations and notices. A member who has left keeps their file and history, read
//! only; a suspended member may be restored.

use serde::{Deserialize, Serialize};

use crate::{dues::LEAVING_RISK_MONTHS, ErrorCode};

code_enum! {
    #[derive(Default)]
    pub enum Standing / InvalidStanding {
        /// 在册: counts everywhere.
        #[default]
        Active = "active" / "在册",
        /// 停止党籍: off the rolls until restored.
        Suspended = "suspended" / "停止党籍",
        /// 已故.
        Deceased = "deceased" / "已故",
        /// 出党: expelled, removed from the rolls or persuaded to leave (开除党籍、除名、劝退).
        Expelled = "expelled" / "出党",
        /// 自行脱党: six consecutive months without paying dues (Party Constitution art. 9).
        Lapsed = "lapsed" / "自行脱党",
        /// 取消预备党员资格: decided on the probation (see `probation`).
        Revoked = "revoked" / "取消预备党员资格",
    }
}

impl Standing {
    /// Counts on boards, in counts, bills, reminders, invitations and notices.
    pub fn counts(self) -> bool {
        self == Standing::Active
    }

    /// Gone for good: the file is history, read only.
    pub fn has_left(self) -> bool {
        matches!(
            self,
            Standing::Deceased | Standing::Expelled | Standing::Lapsed | Standing::Revoked
        )
    }
}

code_enum! {
    /// A change an administrator records, with its reason and date.
    pub enum StandingChange / InvalidStanding {
        Suspend = "suspend" / "停止党籍",
        Restore = "restore" / "恢复党籍",
        Decease = "decease" / "逝世",
        Expel = "expel" / "出党",
        Lapse = "lapse" / "自行脱党",
    }
}

/// What a change is checked against besides the standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingFacts {
    /// Consecutive months of unpaid dues (from `dues::arrears`).
    pub arrears_months: u32,
    /// The branch noted a good reason for not paying.
    pub good_reason: bool,
}

/// The standing after `change`, or why it may not happen.
pub fn apply(
    current: Standing,
    change: StandingChange,
    facts: StandingFacts,
) -> Result<Standing, ErrorCode> {
    if current.has_left() {
        return Err(ErrorCode::MemberHasLeft);
    }
    let next = match (current, change) {
        (Standing::Active, StandingChange::Suspend) => Standing::Suspended,
        (Standing::Suspended, StandingChange::Restore) => Standing::Active,
        (_, StandingChange::Decease) => Standing::Deceased,
        (_, StandingChange::Expel) => Standing::Expelled,
        (_, StandingChange::Lapse) => {
            // The dues rule: six consecutive unpaid months without a good reason.
            if facts.good_reason || facts.arrears_months < LEAVING_RISK_MONTHS {
                return Err(ErrorCode::LapseNeedsArrears);
            }
            Standing::Lapsed
        }
        _ => return Err(ErrorCode::InvalidStandingChange),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: StandingFacts = StandingFacts {
        arrears_months: 0,
        good_reason: false,
    };

    #[test]
    fn suspended_members_are_restored_and_only_active_ones_count() {
        let s = apply(Standing::Active, StandingChange::Suspend, CLEAN).unwrap();
        assert_eq!(s, Standing::Suspended);
        assert!(!s.counts() && !s.has_left());
        assert_eq!(
            apply(s, StandingChange::Restore, CLEAN),
            Ok(Standing::Active)
        );
        assert_eq!(
            apply(Standing::Active, StandingChange::Restore, CLEAN),
            Err(ErrorCode::InvalidStandingChange)
        );
        assert_eq!(
            apply(s, StandingChange::Suspend, CLEAN),
            Err(ErrorCode::InvalidStandingChange)
        );
        assert!(Standing::Active.counts());
    }

    #[test]
    fn leaving_is_final() {
        for change in [StandingChange::Decease, StandingChange::Expel] {
            let s = apply(Standing::Suspended, change, CLEAN).unwrap();
            assert!(s.has_left() && !s.counts());
            for again in StandingChange::ALL {
                assert_eq!(apply(s, *again, CLEAN), Err(ErrorCode::MemberHasLeft));
            }
        }
        assert_eq!(
            apply(Standing::Revoked, StandingChange::Restore, CLEAN),
            Err(ErrorCode::MemberHasLeft)
        );
    }

    #[test]
    fn lapsing_follows_the_dues_rule() {
        let five = StandingFacts {
            arrears_months: 5,
            good_reason: false,
        };
        let six = StandingFacts {
            arrears_months: 6,
            good_reason: false,
        };
        assert_eq!(
            apply(Standing::Active, StandingChange::Lapse, five),
            Err(ErrorCode::LapseNeedsArrears)
        );
        assert_eq!(
            apply(Standing::Active, StandingChange::Lapse, six),
            Ok(Standing::Lapsed)
        );
        let excused = StandingFacts {
            good_reason: true,
            ..six
        };
        assert_eq!(
            apply(Standing::Active, StandingChange::Lapse, excused),
            Err(ErrorCode::LapseNeedsArrears)
        );
    }
}
