//! The command platform's rules (docs/rules.md#the-command-platform): the colour of a branch's
//! flag on the county map and the age bands the dashboards count members in. Pure: the server
//! reads meetings, tasks and birth dates and applies these.

use crate::Date;

/// A branch's flag on the map: the worst thing about it first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagState {
    /// Every required meeting of the period so far held and approved, no task overdue.
    OnTrack,
    /// A task sent to it is past its deadline without an accepted report.
    TaskOverdue,
    /// Behind on the meetings the county's rules require this year.
    Behind,
}

impl FlagState {
    pub const ALL: [FlagState; 3] = [
        FlagState::OnTrack,
        FlagState::TaskOverdue,
        FlagState::Behind,
    ];

    /// Organizational life is the branch's first duty (docs/rules.md#organizational-life): a
    /// branch behind on its meetings shows that, whatever its tasks.
    pub fn of(behind_on_meetings: bool, overdue_tasks: u32) -> Self {
        if behind_on_meetings {
            FlagState::Behind
        } else if overdue_tasks > 0 {
            FlagState::TaskOverdue
        } else {
            FlagState::OnTrack
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FlagState::OnTrack => "on-track",
            FlagState::TaskOverdue => "task-overdue",
            FlagState::Behind => "behind",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FlagState::OnTrack => "组织生活按要求开展",
            FlagState::TaskOverdue => "有任务逾期",
            FlagState::Behind => "组织生活滞后",
        }
    }
}

/// The age bands of party statistics, by the upper age of each (inclusive); the last is open.
pub const AGE_BANDS: [(Option<i32>, &str); 5] = [
    (Some(35), "35岁及以下"),
    (Some(45), "36—45岁"),
    (Some(55), "46—55岁"),
    (Some(60), "56—60岁"),
    (None, "61岁及以上"),
];

/// The index in [`AGE_BANDS`] of someone born on `birth`, on `today`.
pub fn age_band(birth: Date, today: Date) -> usize {
    let age = birth.years_until(today);
    AGE_BANDS
        .iter()
        .position(|(upper, _)| upper.is_none_or(|u| age <= u))
        .unwrap_or(AGE_BANDS.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn meetings_behind_outrank_overdue_tasks() {
        assert_eq!(FlagState::of(false, 0), FlagState::OnTrack);
        assert_eq!(FlagState::of(false, 2), FlagState::TaskOverdue);
        assert_eq!(FlagState::of(true, 0), FlagState::Behind);
        assert_eq!(FlagState::of(true, 3), FlagState::Behind);
    }

    #[test]
    fn ages_fall_in_their_band_on_the_birthday() {
        let today = d("2026-12-07");
        assert_eq!(age_band(d("1991-12-07"), today), 0, "35 today");
        assert_eq!(age_band(d("1990-12-07"), today), 1, "36 today");
        assert_eq!(age_band(d("1990-12-08"), today), 0, "35 until tomorrow");
        assert_eq!(age_band(d("1981-12-07"), today), 1, "45");
        assert_eq!(age_band(d("1971-12-07"), today), 2, "55");
        assert_eq!(age_band(d("1966-12-07"), today), 3, "60");
        assert_eq!(age_band(d("1965-12-07"), today), 4, "61");
        assert_eq!(age_band(d("1930-01-01"), today), 4);
    }
}
