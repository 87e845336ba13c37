//! The county's required frequencies over time. A change is in force from the day it is made:
//! months, quarters and years wholly before it are owed under the rules of their time, those
//! wholly after under the new ones, and a unit the change falls inside is owed under neither
//! (nobody can be behind on a rule that changed halfway through).

use serde::{Deserialize, Serialize};

use super::{compliance, period_of, ComplianceRow, Frequency, MeetingKind, OrgLifeRules};
use crate::date::Date;
use crate::error::ErrorCode;

/// Days (first, last) and the rules in force over them.
type Piece = ((Date, Date), OrgLifeRules);

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
    /// The rules in force on `day`, and the day they took effect (`None`: the regulation's,
    /// in force all along).
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

    /// A meeting of `kind` is owed for `unit` (a month, quarter or year of `frequency`): the
    /// rules in force at its end require that frequency and were already in force at its start.
    pub fn owed(&self, kind: MeetingKind, frequency: Frequency, unit: (Date, Date)) -> bool {
        let (since, rules) = self.at(unit.1);
        since.is_none_or(|s| s <= unit.0) && rules.frequency(kind) == Some(frequency)
    }

    /// `period` cut where the rules change, each piece with its rules.
    fn pieces(&self, (start, end): (Date, Date)) -> Result<Vec<Piece>, ErrorCode> {
        let mut out = Vec::new();
        let (mut from, mut rules) = (start, self.at(start).1);
        for c in self
            .changes
            .iter()
            .filter(|c| c.from > start && c.from <= end)
        {
            out.push(((from, c.from.add_days(-1)?), rules));
            (from, rules) = (c.from, c.rules.clone());
        }
        out.push(((from, end), rules));
        Ok(out)
    }

    /// Compliance over `period` under the rules of each time, one row per kind required at its
    /// end (a kind the county no longer requires is no longer counted).
    pub fn compliance(
        &self,
        held: &[(MeetingKind, Date)],
        period: (Date, Date),
    ) -> Result<Vec<ComplianceRow>, ErrorCode> {
        if period.0 > period.1 {
            return Err(ErrorCode::InvalidPeriod);
        }
        let now = self.at(period.1).1;
        let mut rows: Vec<ComplianceRow> = Vec::new();
        for (piece, rules) in self.pieces(period)? {
            for row in compliance(&rules, held, piece)? {
                if now.frequency(row.kind).is_none() {
                    continue;
                }
                match rows.iter_mut().find(|r| r.kind == row.kind) {
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
        rows.sort_by_key(|r| MeetingKind::ALL.iter().position(|k| *k == r.kind));
        Ok(rows)
    }

    /// The unit of `kind` containing `day` under the rules in force that day, if owed.
    pub fn unit_owed(
        &self,
        kind: MeetingKind,
        day: Date,
    ) -> Result<Option<(Date, Date)>, ErrorCode> {
        let Some(frequency) = self.at(day).1.frequency(kind) else {
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
    }

    #[test]
    fn compliance_counts_each_time_under_its_rules() {
        let h = monthly_lectures_from("2026-06-15");
        let held = [
            (MeetingKind::PartyLecture, d("2026-02-10")),
            (MeetingKind::PartyLecture, d("2026-07-10")),
            (MeetingKind::PartyGroup, d("2026-01-10")),
        ];
        let rows = h
            .compliance(&held, (d("2026-01-01"), d("2026-09-30")))
            .unwrap();
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
        // Without changes it is the plain count.
        let plain = RulesHistory::default()
            .compliance(&held, (d("2026-01-01"), d("2026-09-30")))
            .unwrap();
        assert_eq!(
            plain,
            compliance(
                &OrgLifeRules::default(),
                &held,
                (d("2026-01-01"), d("2026-09-30"))
            )
            .unwrap()
        );
        assert_eq!(
            h.compliance(&held, (d("2026-02-01"), d("2026-01-01"))),
            Err(ErrorCode::InvalidPeriod)
        );
    }
}
