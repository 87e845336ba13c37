//! 重点警示 (docs/rules.md#key-warnings): a branch whose members did no study for the
//! county's number of days, or that did not hold a required meeting in the period that ended
//! last. Pure: the server reads the last study day and the meetings and applies this.

use std::collections::{BTreeMap, HashSet};

use crate::{
    deadlines::Meeting,
    orglife::{period_of, MeetingKind, RulesHistory},
    Date, ErrorCode, OrgId,
};

/// Why a branch is on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No member studied since `last` (`None`: never).
    NoStudy { last: Option<Date>, days: u32 },
    /// No recorded meeting of `kind` in the period `unit` (first and last day).
    MissedMeeting {
        kind: MeetingKind,
        unit: (Date, Date),
    },
}

impl Reason {
    pub fn describe_zh(&self) -> String {
        match self {
            Reason::NoStudy { last: Some(d), .. } => format!("党员自 {d} 起无学习记录"),
            Reason::NoStudy { last: None, days } => format!("党员 {days} 天内无学习记录"),
            Reason::MissedMeeting { kind, unit } => {
                format!("{}—{} 未开展{}", unit.0, unit.1, kind.label_zh())
            }
        }
    }

    /// What makes the reason the same one tomorrow, so the committee is told once.
    pub fn key(&self) -> String {
        match self {
            Reason::NoStudy { last, .. } => {
                format!("study@{}", last.map_or("never".into(), |d| d.to_string()))
            }
            Reason::MissedMeeting { kind, unit } => format!("{}@{}", kind.code(), unit.0),
        }
    }
}

/// One branch and its reasons, in the order found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchAlert {
    pub branch: OrgId,
    pub reasons: Vec<Reason>,
}

/// A branch to look at: one with members (a branch nobody belongs to has nobody to study).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watched {
    pub id: OrgId,
    /// The day the branch's records begin here (created or imported): nothing before it is
    /// held against it — the platform cannot know what happened before it kept the records.
    pub since: Date,
    /// The last day any of its members studied, if known.
    pub last_study: Option<Date>,
}

/// The branches to warn about today, in the order given; `meetings` are those held or planned,
/// as reminders read them.
pub fn key_warnings(
    history: &RulesHistory,
    branches: &[Watched],
    meetings: &[Meeting],
    today: Date,
    no_study_days: u32,
) -> Result<Vec<BranchAlert>, ErrorCode> {
    let since: Vec<(OrgId, Date)> = branches.iter().map(|b| (b.id, b.since)).collect();
    let mut missed = missed_meetings(history, &since, meetings, today)?;
    let horizon = today.add_days(-i64::from(no_study_days))?;
    let mut out = Vec::new();
    for b in branches {
        let mut reasons = Vec::new();
        // Study before the branch's records began (members who moved in) does not shorten
        // its days.
        if b.last_study.map_or(b.since, |l| l.max(b.since)) < horizon {
            reasons.push(Reason::NoStudy {
                last: b.last_study,
                days: no_study_days,
            });
        }
        reasons.extend(missed.remove(&b.id).unwrap_or_default());
        if !reasons.is_empty() {
            out.push(BranchAlert {
                branch: b.id,
                reasons,
            });
        }
    }
    Ok(out)
}

/// For each branch (with the day its records begin), the required meetings it did not hold in
/// the unit of each kind that ended last, counting the `meetings` marked recorded; branches
/// that missed none are left out.
pub fn missed_meetings(
    history: &RulesHistory,
    branches: &[(OrgId, Date)],
    meetings: &[Meeting],
    today: Date,
) -> Result<std::collections::HashMap<OrgId, Vec<Reason>>, ErrorCode> {
    let mut held: HashSet<(OrgId, MeetingKind, (Date, Date))> = HashSet::new();
    for m in meetings.iter().filter(|m| m.recorded) {
        for freq in crate::orglife::Frequency::ALL {
            held.insert((m.org, m.kind, period_of(*freq, m.day)?));
        }
    }
    // The last unit each required kind owed that has ended: the one before today's.
    let mut ended: BTreeMap<&'static str, (MeetingKind, (Date, Date))> = BTreeMap::new();
    for &kind in MeetingKind::ALL {
        let (_, Some(freq)) = history.frequency_at(kind, today) else {
            continue;
        };
        let (start, _) = period_of(freq, today)?;
        if let Some(unit) = history.unit_owed(kind, start.add_days(-1)?)? {
            ended.insert(kind.code(), (kind, unit));
        }
    }
    let mut out = std::collections::HashMap::new();
    for &(branch, since) in branches {
        let reasons: Vec<Reason> = ended
            .values()
            .filter(|(kind, unit)| unit.0 >= since && !held.contains(&(branch, *kind, *unit)))
            .map(|&(kind, unit)| Reason::MissedMeeting { kind, unit })
            .collect();
        if !reasons.is_empty() {
            out.insert(branch, reasons);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orglife::OrgLifeRules;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Only the monthly 主题党日 and the quarterly 党课 required, since long ago.
    fn history() -> RulesHistory {
        let mut h = RulesHistory::default();
        h.change(
            d("2020-01-01"),
            OrgLifeRules {
                branch_assembly: None,
                branch_committee: None,
                party_group: None,
                party_lecture: Some(crate::orglife::Frequency::Quarterly),
                theme_party_day: Some(crate::orglife::Frequency::Monthly),
                org_life_meeting: None,
                democratic_appraisal: None,
            },
        );
        h
    }

    fn watched(id: OrgId, last_study: Option<Date>) -> Watched {
        Watched {
            id,
            since: d("2020-01-01"),
            last_study,
        }
    }

    fn meeting(org: i64, kind: MeetingKind, day: &str) -> Meeting {
        Meeting {
            org: OrgId::new(org).unwrap(),
            kind,
            day: d(day),
            recorded: true,
        }
    }

    #[test]
    fn a_branch_that_studied_and_met_is_not_warned() {
        let one = OrgId::new(1).unwrap();
        let today = d("2026-05-10");
        // April's 主题党日 and the first quarter's 党课 were held.
        let meetings = [
            meeting(1, MeetingKind::PartyLecture, "2026-03-30"),
            meeting(1, MeetingKind::ThemePartyDay, "2026-04-15"),
        ];
        let got = key_warnings(
            &history(),
            &[watched(one, Some(d("2026-05-01")))],
            &meetings,
            today,
            30,
        )
        .unwrap();
        assert_eq!(got, vec![]);
    }

    #[test]
    fn no_study_for_the_county_s_days_or_a_missed_meeting_is_a_reason() {
        let one = OrgId::new(1).unwrap();
        let two = OrgId::new(2).unwrap();
        let today = d("2026-05-10");
        let mut meetings = vec![
            meeting(1, MeetingKind::PartyLecture, "2026-03-30"),
            meeting(1, MeetingKind::ThemePartyDay, "2026-04-15"),
        ];
        for m in meetings.clone() {
            meetings.push(Meeting { org: two, ..m });
        }
        // Branch two's April 主题党日 was only planned: it does not count.
        meetings.retain(|m| !(m.org == two && m.kind == MeetingKind::ThemePartyDay));
        meetings.push(Meeting {
            org: two,
            kind: MeetingKind::ThemePartyDay,
            day: d("2026-04-28"),
            recorded: false,
        });
        let got = key_warnings(
            &history(),
            &[
                watched(one, Some(d("2026-04-09"))),
                watched(two, Some(d("2026-04-10"))),
            ],
            &meetings,
            today,
            30,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                BranchAlert {
                    branch: one,
                    reasons: vec![Reason::NoStudy {
                        last: Some(d("2026-04-09")),
                        days: 30
                    }],
                },
                BranchAlert {
                    branch: two,
                    reasons: vec![Reason::MissedMeeting {
                        kind: MeetingKind::ThemePartyDay,
                        unit: (d("2026-04-01"), d("2026-04-30")),
                    }],
                },
            ]
        );
        assert_eq!(got[0].reasons[0].key(), "study@2026-04-09");
        assert_eq!(
            got[1].reasons[0].describe_zh(),
            "2026-04-01—2026-04-30 未开展主题党日"
        );
        // Never studied at all.
        let never = key_warnings(&history(), &[watched(one, None)], &meetings, today, 30).unwrap();
        assert_eq!(never[0].reasons[0].key(), "study@never");
        // A branch whose records began this month owes nothing from before and has had less
        // than the county's days to study.
        let new = Watched {
            id: two,
            since: d("2026-05-01"),
            last_study: None,
        };
        assert_eq!(
            key_warnings(&history(), &[new], &[], today, 30).unwrap(),
            vec![]
        );
        let older = Watched {
            since: d("2026-04-01"),
            ..new
        };
        let got = key_warnings(&history(), &[older], &[], today, 30).unwrap();
        // More than the county's days since its records began, and April's 主题党日 missing;
        // the first quarter's 党课 began before its records did.
        assert_eq!(got[0].reasons.len(), 2, "{got:?}");
        assert!(matches!(
            got[0].reasons[1],
            Reason::MissedMeeting {
                kind: MeetingKind::ThemePartyDay,
                ..
            }
        ));
    }
}
