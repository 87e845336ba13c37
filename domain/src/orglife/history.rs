//! The county's required frequencies over time. A change is in force from the day it is made,
//! kind by kind: for a kind whose frequency changed, months, quarters and years wholly before the
//! day are owed under the old frequency, those wholly after under the new one, and the unit the
//! day falls inside under neither (nobody can be behind on a rule that changed halfway through).
//! Kinds a change left alone go on as before.

use serde::{Deserialize, Serialize};

use super::{compliance, period_of, ComplianceRow, Frequency, MeetingKind, OrgLifeRules};
use crate::date::Date;
use crate::error::ErrorCode;

/// Days (first, last) and a kind's frequency over them.
type Piece = ((Date, Date), Option<Frequency>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesChange {
    pub from: Date,
    pub rules: OrgLifeRules,
}

/// The regulation's frequencies until the county's first change, then each change from its day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesHistory {
    /// Oldest first, one per day.
    changes: Vec<RulesChange>,
}

impl RulesHistory {
    /// The rules in force on `day`, and the day they were set (`None`: the regulation's).
    pub fn at(&self, day: Date) -> (Option<Date>, OrgLifeRules) {
        self.changes
            .iter()
            .rev()
            .find(|c| c.from <= day)
            .map_or((None, OrgLifeRules::default()), |c| {
                (Some(c.from), c.rules.clone())
            })
    }

    /// The county sets new rules from `from` on; a second change the same day replaces the first.
    pub fn change(&mut self, from: Date, rules: OrgLifeRules) {
        self.changes.retain(|c| c.from < from);
        self.changes.push(RulesChange { from, rules });
    }

    /// The days `kind`'s frequency changed, with the new one, oldest first.
    fn kind_changes(&self, kind: MeetingKind) -> Vec<(Date, Option<Frequency>)> {
        let mut before = OrgLifeRules::default().frequency(kind);
        let mut out = Vec::new();
        for c in &self.changes {
            let now = c.rules.frequency(kind);
            if now != before {
                out.push((c.from, now));
                before = now;
            }
        }
        out
    }

    /// `kind`'s frequency on `day`, and the day it took effect (`None`: the regulation's).
    pub fn frequency_at(&self, kind: MeetingKind, day: Date) -> (Option<Date>, Option<Frequency>) {
        self.kind_changes(kind)
            .into_iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map_or(
                (None, OrgLifeRules::default().frequency(kind)),
                |(from, f)| (Some(from), f),
            )
    }

    /// A meeting of `kind` is owed for `unit` (a month, quarter or year of `frequency`): the
    /// kind had that frequency from the unit's first day to its last.
    pub fn owed(&self, kind: MeetingKind, frequency: Frequency, unit: (Date, Date)) -> bool {
        let (since, now) = self.frequency_at(kind, unit.1);
        now == Some(frequency) && since.is_none_or(|s| s <= unit.0)
    }

    /// `period` cut where `kind`'s frequency changes, each piece with its frequency.
    fn pieces(
        &self,
        kind: MeetingKind,
        (start, end): (Date, Date),
    ) -> Result<Vec<Piece>, ErrorCode> {
        let mut out = Vec::new();
        let (mut from, mut frequency) = (start, self.frequency_at(kind, start).1);
        for (day, next) in self.kind_changes(kind) {
            if day > start && day <= end {
                out.push(((from, day.add_days(-1)?), frequency));
                (from, frequency) = (day, next);
            }
        }
        out.push(((from, end), frequency));
        Ok(out)
    }

    /// Compliance over `period` under the frequencies of each time, one row per kind required
    /// at its end (a kind the county no longer requires is no longer counted).
    pub fn compliance(
        &self,
        held: &[(MeetingKind, Date)],
        period: (Date, Date),
    ) -> Result<Vec<ComplianceRow>, ErrorCode> {
        if period.0 > period.1 {
            return Err(ErrorCode::InvalidPeriod);
        }
        let mut rows: Vec<ComplianceRow> = Vec::new();
        for &kind in MeetingKind::ALL {
            if self.frequency_at(kind, period.1).1.is_none() {
                continue;
            }
            for (piece, frequency) in self.pieces(kind, period)? {
                let mut only = OrgLifeRules::none();
                only.set(kind, frequency);
                for row in compliance(&only, held, piece)? {
                    match rows.iter_mut().find(|r| r.kind == kind) {
                        Some(r) => {
                            r.frequency = row.frequency;
                            r.required += row.required;
                            r.held += row.held;
                            r.missed_units += row.missed_units;
                            r.behind = r.missed_units > 0;
                        }
                        None => rows.push(row),
                    }
                }
            }
        }
        Ok(rows)
    }

    /// The unit of `kind` containing `day` under the frequency of that day, if owed.
    pub fn unit_owed(
        &self,
        kind: MeetingKind,
        day: Date,
    ) -> Result<Option<(Date, Date)>, ErrorCode> {
        let Some(frequency) = self.frequency_at(kind, day).1 else {
            return Ok(None);
        };
        let unit = period_of(frequency, day)?;
        Ok(self.owed(kind, frequency, unit).then_some(unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn monthly_lectures_from(day: &str) -> RulesHistory {
        let mut h = RulesHistory::default();
        h.change(
            d(day),
            OrgLifeRules {
                party_lecture: Some(Frequency::Monthly),
                party_group: None,
                ..OrgLifeRules::default()
            },
        );
        h
    }

    #[test]
    fn the_rules_in_force_on_a_day() {
        let h = monthly_lectures_from("2026-06-15");
        assert_eq!(h.at(d("2026-06-14")), (None, OrgLifeRules::default()));
        let (since, rules) = h.at(d("2026-06-15"));
        assert_eq!(since, Some(d("2026-06-15")));
        assert_eq!(rules.party_lecture, Some(Frequency::Monthly));
        // A second change the same day replaces the first.
        let mut again = h.clone();
        again.change(d("2026-06-15"), OrgLifeRules::default());
        assert_eq!(again.at(d("2026-07-01")).1, OrgLifeRules::default());
        assert_eq!(again.changes.len(), 1);
    }

    #[test]
    fn a_change_is_not_owed_backwards() {
        let h = monthly_lectures_from("2026-06-15");
        let lecture = MeetingKind::PartyLecture;
        // Q1 under the old rules; June (the change falls inside) under neither; July under the new.
        assert!(h.owed(
            lecture,
            Frequency::Quarterly,
            (d("2026-01-01"), d("2026-03-31"))
        ));
        assert!(!h.owed(
            lecture,
            Frequency::Quarterly,
            (d("2026-04-01"), d("2026-06-30"))
        ));
        assert!(!h.owed(
            lecture,
            Frequency::Monthly,
            (d("2026-06-01"), d("2026-06-30"))
        ));
        assert!(h.owed(
            lecture,
            Frequency::Monthly,
            (d("2026-07-01"), d("2026-07-31"))
        ));
        assert_eq!(h.unit_owed(lecture, d("2026-06-20")).unwrap(), None);
        assert_eq!(
            h.unit_owed(lecture, d("2026-07-20")).unwrap(),
            Some((d("2026-07-01"), d("2026-07-31")))
        );
        assert_eq!(
            h.unit_owed(MeetingKind::PartyGroup, d("2026-07-20"))
                .unwrap(),
            None
        );
        // Kinds the change left alone: June, Q2 and the year are owed as before.
        let month = (d("2026-06-01"), d("2026-06-30"));
        assert!(h.owed(MeetingKind::ThemePartyDay, Frequency::Monthly, month));
        let quarter = (d("2026-04-01"), d("2026-06-30"));
        assert!(h.owed(MeetingKind::BranchAssembly, Frequency::Quarterly, quarter));
        let year = (d("2026-01-01"), d("2026-12-31"));
        assert!(h.owed(MeetingKind::OrgLifeMeeting, Frequency::Yearly, year));
        // A change that changes nothing exempts nothing.
        let mut same = RulesHistory::default();
        same.change(d("2026-06-15"), OrgLifeRules::default());
        assert!(same.owed(lecture, Frequency::Quarterly, quarter));
    }

    #[test]
    fn compliance_counts_each_time_under_its_rules() {
        let h = monthly_lectures_from("2026-06-15");
        let held = [
            (MeetingKind::PartyLecture, d("2026-02-10")),
            (MeetingKind::PartyLecture, d("2026-07-10")),
            (MeetingKind::PartyGroup, d("2026-01-10")),
        ];
        let period = (d("2026-01-01"), d("2026-09-30"));
        let rows = h.compliance(&held, period).unwrap();
        let lecture = rows
            .iter()
            .find(|r| r.kind == MeetingKind::PartyLecture)
            .unwrap();
        // Owed: Q1 (held), then July, August, September (July held); Q2 and June owe nothing.
        assert_eq!(lecture.frequency, Frequency::Monthly);
        assert_eq!(
            (lecture.required, lecture.held, lecture.missed_units),
            (4, 2, 2)
        );
        // No longer required: not counted.
        assert!(rows.iter().all(|r| r.kind != MeetingKind::PartyGroup));
        // Left alone: the branch assembly owes Q1, Q2 and Q3 as without the change.
        let assembly = rows
            .iter()
            .find(|r| r.kind == MeetingKind::BranchAssembly)
            .unwrap();
        assert_eq!(assembly.required, 3);
        // Without changes it is the plain count, in the same order.
        let plain = RulesHistory::default().compliance(&held, period).unwrap();
        assert_eq!(
            plain,
            compliance(&OrgLifeRules::default(), &held, period).unwrap()
        );
        assert_eq!(
            h.compliance(&held, (d("2026-02-01"), d("2026-01-01"))),
            Err(ErrorCode::InvalidPeriod)
        );
    }
}
