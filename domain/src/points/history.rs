//! The county's rule tables over time (docs/rules.md#points). A table starts on a day and
//! holds until the next one starts; a day already scored keeps the table it was scored by,
//! so a new table may start today or later, never earlier.

use serde::{Deserialize, Serialize};

use super::RuleTable;
use crate::{error::ErrorCode, Date};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChange {
    pub from: Date,
    pub table: RuleTable,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleHistory {
    /// Oldest first; on one day, superseded versions before the one in force.
    changes: Vec<RuleChange>,
}

impl RuleHistory {
    /// The table in force on `day`: the built-in one until the county sets its own.
    pub fn at(&self, day: Date) -> RuleTable {
        self.changes
            .iter()
            .filter(|c| c.from <= day)
            .max_by_key(|c| (c.from, c.table.version))
            .map_or_else(RuleTable::default_county, |c| c.table.clone())
    }

    /// Every table the county set, oldest first.
    pub fn changes(&self) -> &[RuleChange] {
        &self.changes
    }

    /// `table` in force from `from` on, as the next version. Tables set to start after `from`
    /// are dropped (nothing was scored by them). One set for the same day stays in the history,
    /// superseded: entries booked earlier that day name its version. `Ok(false)`: the table is
    /// the one already in force from that day, and nothing changes.
    pub fn change(&mut self, from: Date, today: Date, table: RuleTable) -> Result<bool, ErrorCode> {
        if from < today {
            return Err(ErrorCode::RulesFromPast);
        }
        let version = self
            .changes
            .iter()
            .map(|c| c.table.version)
            .max()
            .unwrap_or(RuleTable::default_county().version)
            + 1;
        let table = RuleTable { version, ..table };
        let in_force = self.at(from);
        let same =
            in_force.rules == table.rules && in_force.daily_study_cap == table.daily_study_cap;
        let later = self.changes.iter().any(|c| c.from > from);
        if same && !later {
            return Ok(false);
        }
        table.validate()?;
        self.changes.retain(|c| c.from <= from);
        self.changes.push(RuleChange { from, table });
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::{ActivityKey, PointRule};

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn with_article(points: i32) -> RuleTable {
        let mut t = RuleTable::default_county();
        t.rules.retain(|r| r.key != ActivityKey::ArticleRead);
        t.rules
            .push(PointRule::new(ActivityKey::ArticleRead, points));
        t
    }

    #[test]
    fn a_day_keeps_the_table_in_force_on_it() {
        let mut h = RuleHistory::default();
        assert!(h
            .change(day("2026-03-01"), day("2026-03-01"), with_article(2))
            .unwrap());
        assert_eq!(h.at(day("2026-02-28")), RuleTable::default_county());
        let march = h.at(day("2026-03-01"));
        assert_eq!(march.version, 2);
        assert_eq!(march.rule(ActivityKey::ArticleRead).unwrap().points, 2);
        assert!(h
            .change(day("2026-06-01"), day("2026-04-01"), with_article(3))
            .unwrap());
        assert_eq!(
            h.at(day("2026-05-31"))
                .rule(ActivityKey::ArticleRead)
                .unwrap()
                .points,
            2
        );
        assert_eq!(h.at(day("2026-06-01")).version, 3);
    }

    #[test]
    fn the_past_is_not_rescored() {
        let mut h = RuleHistory::default();
        assert_eq!(
            h.change(day("2026-02-28"), day("2026-03-01"), with_article(2)),
            Err(ErrorCode::RulesFromPast)
        );
        assert!(h.changes().is_empty());
    }

    #[test]
    fn the_same_table_again_changes_nothing_and_a_same_day_change_supersedes() {
        let mut h = RuleHistory::default();
        assert!(!h
            .change(
                day("2026-03-01"),
                day("2026-03-01"),
                RuleTable::default_county()
            )
            .unwrap());
        assert!(h
            .change(day("2026-03-01"), day("2026-03-01"), with_article(2))
            .unwrap());
        assert!(h
            .change(day("2026-03-01"), day("2026-03-01"), with_article(4))
            .unwrap());
        // The superseded version stays: points booked under it that morning name it.
        assert_eq!(h.changes().len(), 2);
        assert_eq!(h.at(day("2026-03-01")).version, 3);
        assert_eq!(
            h.at(day("2026-03-01"))
                .rule(ActivityKey::ArticleRead)
                .unwrap()
                .points,
            4
        );
        // An earlier start drops the tables scheduled after it.
        assert!(h
            .change(day("2026-02-01"), day("2026-01-01"), with_article(5))
            .unwrap());
        assert_eq!(h.changes().len(), 1);
        assert_eq!(
            h.at(day("2026-12-01"))
                .rule(ActivityKey::ArticleRead)
                .unwrap()
                .points,
            5
        );
    }

    #[test]
    fn an_invalid_table_is_refused() {
        let mut h = RuleHistory::default();
        assert_eq!(
            h.change(day("2026-03-01"), day("2026-03-01"), with_article(-1)),
            Err(ErrorCode::InvalidPoints)
        );
    }
}
