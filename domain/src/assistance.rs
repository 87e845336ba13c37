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
    Date::new(
        month.add_months(1)?.year(),
        month.add_months(1)?.month(),
        SUMMARY_DUE_DAY,
    )
}

pub fn report_state(month: YearMonth, summarized: bool, today: Date) -> ReportState {
    if summarized {
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

/// A summary may be written for this month or the one before (late, but still written).
pub fn summary_month_open(month: YearMonth, today: Date) -> bool {
    let this = YearMonth::of(today);
    (0..=1).contains(&month.months_between(this))
}

/// A visit day: today or within the last [`VISIT_LOG_DAYS`] days.
pub fn visit_day(day: Date, today: Date) -> Result<Date, ErrorCode> {
    if (0..=VISIT_LOG_DAYS).contains(&day.days_between(today)) {
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
        assert_eq!(summary_due(m("2026-11")).unwrap(), d("2026-12-05"));
        assert_eq!(summary_due(m("2026-12")).unwrap(), d("2027-01-05"));
        assert_eq!(
            report_state(m("2026-11"), false, d("2026-12-05")),
            ReportState::Open
        );
        assert_eq!(
            report_state(m("2026-11"), false, d("2026-12-06")),
            ReportState::Late
        );
        assert_eq!(
            report_state(m("2026-11"), true, d("2027-03-01")),
            ReportState::Reported
        );
    }

    #[test]
    fn the_overview_shows_last_month_until_it_is_due() {
        assert_eq!(reporting_month(d("2026-12-05")), m("2026-11"));
        assert_eq!(reporting_month(d("2026-12-06")), m("2026-12"));
        assert_eq!(reporting_month(d("2027-01-01")), m("2026-12"));
    }

    #[test]
    fn summaries_for_this_month_or_the_last() {
        let today = d("2026-11-29");
        assert!(summary_month_open(m("2026-11"), today));
        assert!(summary_month_open(m("2026-10"), today));
        assert!(!summary_month_open(m("2026-09"), today));
        assert!(!summary_month_open(m("2026-12"), today));
    }

    #[test]
    fn visits_are_logged_within_a_month() {
        let today = d("2026-11-29");
        assert!(visit_day(today, today).is_ok());
        assert!(visit_day(d("2026-10-29"), today).is_ok());
        assert_eq!(
            visit_day(d("2026-10-28"), today),
            Err(ErrorCode::InvalidVisitDate)
        );
        assert_eq!(
            visit_day(d("2026-11-30"), today),
            Err(ErrorCode::InvalidVisitDate)
        );
    }

    #[test]
    fn leaders_are_reminded_from_the_twenty_fifth() {
        assert!(!leader_reminder_due(d("2026-11-24"), false));
        assert!(leader_reminder_due(d("2026-11-25"), false));
        assert!(!leader_reminder_due(d("2026-11-30"), true));
    }
}
