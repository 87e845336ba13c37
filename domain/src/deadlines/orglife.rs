//! Organizational-life reminders (docs/rules.md#deadlines-and-reminders): in the last week of a
//! month, quarter or year, a branch that has not yet held (or at least planned) a required
//! meeting of that period is reminded; in the first week after, the committee above is warned
//! of its branches that missed one. The server reads the branches and meetings and words the
//! messages; which ones are due is decided here.

use std::collections::{BTreeMap, HashSet};

use crate::date::Date;
use crate::error::ErrorCode;
use crate::ids::OrgId;
use crate::orglife::{period_of, Frequency, MeetingKind, RulesHistory, REMIND_DAYS_BEFORE};

/// A branch and the organization that reviews it (its nearest ancestor that is not a branch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Branch {
    pub id: OrgId,
    pub reviewer: Option<OrgId>,
}

/// A meeting on the calendar: held and recorded, or only planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meeting {
    pub org: OrgId,
    pub kind: MeetingKind,
    pub day: Date,
    pub recorded: bool,
}

/// A branch's meetings still missing in a period about to end, with each period's first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchDue {
    pub branch: OrgId,
    pub missing: Vec<(MeetingKind, Date)>,
}

/// A reviewer's branches that let a period end without a required meeting recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerWarning {
    pub reviewer: OrgId,
    /// The last day of the first period found missed.
    pub ended: Date,
    pub behind: Vec<(OrgId, MeetingKind)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgLifeReminders {
    pub due: Vec<BranchDue>,
    pub warnings: Vec<ReviewerWarning>,
}

/// The unit of `kind` owed that ended in the last [`REMIND_DAYS_BEFORE`] days, if any (and the
/// kind is still required: compliance no longer counts the others).
fn just_ended(
    history: &RulesHistory,
    kind: MeetingKind,
    today: Date,
) -> Result<Option<(Date, Date)>, ErrorCode> {
    if history.frequency_at(kind, today).1.is_none() {
        return Ok(None);
    }
    for frequency in Frequency::ALL {
        let (start, _) = period_of(*frequency, today)?;
        let unit = period_of(*frequency, start.add_days(-1)?)?;
        if (1..=REMIND_DAYS_BEFORE).contains(&unit.1.days_between(today))
            && history.owed(kind, *frequency, unit)
        {
            return Ok(Some(unit));
        }
    }
    Ok(None)
}

/// What is due today, branches in the order given.
pub fn orglife_reminders(
    history: &RulesHistory,
    branches: &[Branch],
    meetings: &[Meeting],
    today: Date,
    lead_days: i64,
) -> Result<OrgLifeReminders, ErrorCode> {
    // Under every unit the day falls in: the rules may have changed since.
    let mut had: HashSet<(OrgId, MeetingKind, (Date, Date), bool)> = HashSet::new();
    for m in meetings {
        for freq in Frequency::ALL {
            had.insert((m.org, m.kind, period_of(*freq, m.day)?, m.recorded));
        }
    }
    let mut out = OrgLifeReminders::default();
    let mut warnings: BTreeMap<OrgId, ReviewerWarning> = BTreeMap::new();
    for branch in branches {
        let mut missing = Vec::new();
        for &kind in MeetingKind::ALL {
            if let Some(unit) = history.unit_owed(kind, today)? {
                let planned_or_held = had.contains(&(branch.id, kind, unit, false))
                    || had.contains(&(branch.id, kind, unit, true));
                if (0..lead_days).contains(&today.days_between(unit.1)) && !planned_or_held {
                    missing.push((kind, unit.0));
                }
            }
            // The unit that just ended, in its first week: only recorded meetings count.
            let Some(prev) = just_ended(history, kind, today)? else {
                continue;
            };
            if let (false, Some(reviewer)) = (
                had.contains(&(branch.id, kind, prev, true)),
                branch.reviewer,
            ) {
                warnings
                    .entry(reviewer)
                    .or_insert_with(|| ReviewerWarning {
                        reviewer,
                        ended: prev.1,
                        behind: Vec::new(),
                    })
                    .behind
                    .push((branch.id, kind));
            }
        }
        if !missing.is_empty() {
            out.due.push(BranchDue {
                branch: branch.id,
                missing,
            });
        }
    }
    out.warnings = warnings.into_values().collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orglife::OrgLifeRules;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn org(n: i64) -> OrgId {
        OrgId::new(n).unwrap()
    }

    fn history() -> RulesHistory {
        let mut h = RulesHistory::default();
        h.change(d("2020-01-01"), OrgLifeRules::default());
        h
    }

    fn branch(n: i64) -> Branch {
        Branch {
            id: org(n),
            reviewer: Some(org(2)),
        }
    }

    #[test]
    fn the_last_week_reminds_what_is_not_even_planned() {
        // 2026-03-27: the last week of March and of the first quarter.
        let today = d("2026-03-27");
        let planned = Meeting {
            org: org(5),
            kind: MeetingKind::BranchCommittee,
            day: d("2026-03-30"),
            recorded: false,
        };
        let r = orglife_reminders(
            &history(),
            &[branch(5)],
            &[planned],
            today,
            REMIND_DAYS_BEFORE,
        )
        .unwrap();
        let due = &r.due[0];
        assert_eq!(due.branch, org(5));
        let kinds: Vec<MeetingKind> = due.missing.iter().map(|m| m.0).collect();
        assert!(
            !kinds.contains(&MeetingKind::BranchCommittee),
            "planned counts"
        );
        assert!(
            kinds.contains(&MeetingKind::PartyLecture),
            "quarterly lecture missing"
        );
        assert!(r.warnings.is_empty(), "nothing has ended yet");
    }

    #[test]
    fn the_first_week_after_warns_the_reviewer_of_unrecorded_ones() {
        let today = d("2026-04-02");
        let held = |kind, recorded| Meeting {
            org: org(5),
            kind,
            day: d("2026-03-10"),
            recorded,
        };
        let meetings = [
            held(MeetingKind::BranchCommittee, true),
            // Planned but never recorded: the period still counts as missed.
            held(MeetingKind::PartyGroup, false),
        ];
        let r = orglife_reminders(
            &history(),
            &[branch(5), branch(6)],
            &meetings,
            today,
            REMIND_DAYS_BEFORE,
        )
        .unwrap();
        assert_eq!(r.warnings.len(), 1);
        let w = &r.warnings[0];
        assert_eq!((w.reviewer, w.ended), (org(2), d("2026-03-31")));
        assert!(!w.behind.contains(&(org(5), MeetingKind::BranchCommittee)));
        assert!(w.behind.contains(&(org(5), MeetingKind::PartyGroup)));
        assert!(w.behind.contains(&(org(6), MeetingKind::BranchCommittee)));
        // The branches come in the order given.
        let first6 = w.behind.iter().position(|b| b.0 == org(6)).unwrap();
        assert!(w.behind.iter().take(first6).all(|b| b.0 == org(5)));
    }

    #[test]
    fn mid_month_nothing_is_due() {
        let r = orglife_reminders(
            &history(),
            &[branch(5)],
            &[],
            d("2026-05-14"),
            REMIND_DAYS_BEFORE,
        )
        .unwrap();
        assert_eq!(r, OrgLifeReminders::default());
    }
}
