//! Village assistance (驻村帮扶): teams stationed in villages log their visits and hand in a
//! summary for every month; the county and the committees see which teams report and which
//! don't. The rules doc is silent on deadlines: these are the platform's defaults (a month's
//! work summed up within the first days of the next, as monthly reports usually are).

use crate::date::{Date, YearMonth};
use crate::error::ErrorCode;

/// A month's summary is due by this day of the next month.
pub const SUMMARY_DUE_DAY: u8 = 5;
/// From this day of a month its summary is asked for (the team's leader is reminded).
pub const REMIND_FROM_DAY: u8 = 25;
/// A visit is logged within this many days of it (a log written months later is no record).
pub const VISIT_LOG_DAYS: i64 = 31;

code_enum! {
    /// Where a team's report for one month stands.
    pub enum ReportState / BadRequest {
        /// The team was stationed after this month.
        NotStarted = "not_started" / "未开始",
        /// The month's summary is in.
        Reported = "reported" / "已报送",
        /// Not yet, and not yet due.
        Open = "open" / "待报送",
        /// Due and missing.
        Late = "late" / "逾期未报",
    }
}

/// The last day a month's summary is on time: the 5th of the next month.
pub fn summary_due(month: YearMonth) -> Result<Date, ErrorCode> {
    let next = month.add_months(1)?;
    Date::new(next.year(), next.month(), SUMMARY_DUE_DAY)
}

/// `started`: the month the team was stationed in.
pub fn report_state(
    month: YearMonth,
    started: YearMonth,
    summarized: bool,
    today: Date,
) -> ReportState {
    if month < started {
        ReportState::NotStarted
    } else if summarized {
        ReportState::Reported
    } else if summary_due(month).is_ok_and(|due| today > due) {
        ReportState::Late
    } else {
        ReportState::Open
    }
}

/// The month whose report the overview shows first: last month's until its summary is due,
/// then this month's.
pub fn reporting_month(today: Date) -> YearMonth {
    let this = YearMonth::of(today);
    if today.day() <= SUMMARY_DUE_DAY {
        this.add_months(-1).unwrap_or(this)
    } else {
        this
    }
}

/// A summary may be written for this month or the one before (late, but still written), from
/// the month the team was stationed in.
pub fn summary_month_open(month: YearMonth, started: YearMonth, today: Date) -> bool {
    month >= started && (0..=1).contains(&month.months_between(YearMonth::of(today)))
}

/// The months a summary may be written for now, the one being reported first.
pub fn open_months(started: YearMonth, today: Date) -> Vec<YearMonth> {
    let first = reporting_month(today);
    let other = if first == YearMonth::of(today) {
        first.add_months(-1)
    } else {
        first.add_months(1)
    };
    core::iter::once(first)
        .chain(other)
        .filter(|m| summary_month_open(*m, started, today))
        .collect()
}

/// A visit day: not before the team came, today or within the last [`VISIT_LOG_DAYS`] days.
pub fn visit_day(day: Date, started: Date, today: Date) -> Result<Date, ErrorCode> {
    if day >= started && (0..=VISIT_LOG_DAYS).contains(&day.days_between(today)) {
        Ok(day)
    } else {
        Err(ErrorCode::InvalidVisitDate)
    }
}

/// The leader is reminded from the 25th when the month's summary is not in.
pub fn leader_reminder_due(today: Date, summarized: bool) -> bool {
    today.day() >= REMIND_FROM_DAY && !summarized
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn m(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    #[test]
    fn a_summary_is_due_on_the_fifth_of_the_next_month() {
        use ReportState::*;
        assert_eq!(summary_due(m("2026-11")).unwrap(), d("2026-12-05"));
        assert_eq!(summary_due(m("2026-12")).unwrap(), d("2027-01-05"));
        let (nov, start) = (m("2026-11"), m("2026-08"));
        assert_eq!(report_state(nov, start, false, d("2026-12-05")), Open);
        assert_eq!(report_state(nov, start, false, d("2026-12-06")), Late);
        assert_eq!(report_state(nov, start, true, d("2027-03-01")), Reported);
        // A team stationed in December owes nothing for November.
        assert_eq!(
            report_state(nov, m("2026-12"), false, d("2027-03-01")),
            NotStarted
        );
    }

    #[test]
    fn the_overview_shows_last_month_until_it_is_due() {
        assert_eq!(reporting_month(d("2026-12-05")), m("2026-11"));
        assert_eq!(reporting_month(d("2026-12-06")), m("2026-12"));
        assert_eq!(reporting_month(d("2027-01-01")), m("2026-12"));
    }

    #[test]
    fn summaries_for_this_month_or_the_last_since_the_team_came() {
        let (today, start) = (d("2026-11-29"), m("2026-01"));
        assert!(summary_month_open(m("2026-11"), start, today));
        assert!(summary_month_open(m("2026-10"), start, today));
        assert!(!summary_month_open(m("2026-09"), start, today));
        assert!(!summary_month_open(m("2026-12"), start, today));
        assert!(!summary_month_open(m("2026-10"), m("2026-11"), today));
        // Until the 5th, last month's summary comes first.
        assert_eq!(open_months(start, today), [m("2026-11"), m("2026-10")]);
        assert_eq!(
            open_months(start, d("2026-12-03")),
            [m("2026-11"), m("2026-12")]
        );
        assert_eq!(open_months(m("2026-12"), d("2026-12-03")), [m("2026-12")]);
    }

    #[test]
    fn visits_are_logged_within_a_month_since_the_team_came() {
        let (today, start) = (d("2026-11-29"), d("2026-01-01"));
        let bad = Err(ErrorCode::InvalidVisitDate);
        assert!(visit_day(today, start, today).is_ok());
        assert!(visit_day(d("2026-10-29"), start, today).is_ok());
        assert_eq!(visit_day(d("2026-10-28"), start, today), bad);
        assert_eq!(visit_day(d("2026-11-30"), start, today), bad);
        assert_eq!(visit_day(d("2026-11-01"), d("2026-11-02"), today), bad);
    }

    #[test]
    fn leaders_are_reminded_from_the_twenty_fifth() {
        assert!(!leader_reminder_due(d("2026-11-24"), false));
        assert!(leader_reminder_due(d("2026-11-25"), false));
        assert!(!leader_reminder_due(d("2026-11-30"), true));
    }
}
