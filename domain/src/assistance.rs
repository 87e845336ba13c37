//! Village assistance (驻村帮扶): teams stationed in villages log their visits and hand in a
//! summary for every month; the county and the committees see which teams report and which
//! don't. The rules are silent on deadlines (docs/rules.md#village-assistance): these are the platform's defaults (a month's
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
        /// The team was withdrawn before this month.
        Withdrawn = "withdrawn" / "已撤回",
    }
}

/// When a team is in its village: from the day it came, until the day it is withdrawn (if set;
/// a day may be set ahead, when its term is known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stationed {
    from: Date,
    until: Option<Date>,
}

impl Stationed {
    pub fn new(from: Date, until: Option<Date>) -> Result<Self, ErrorCode> {
        match until {
            Some(u) if u < from => Err(ErrorCode::EndsBeforeStart),
            _ => Ok(Stationed { from, until }),
        }
    }

    pub fn from(&self) -> Date {
        self.from
    }

    pub fn until(&self) -> Option<Date> {
        self.until
    }

    pub fn started(&self) -> YearMonth {
        YearMonth::of(self.from)
    }

    /// The team is there for at least part of `month`: it owes that month's summary.
    pub fn covers(&self, month: YearMonth) -> bool {
        month >= self.started() && self.until.is_none_or(|u| month <= YearMonth::of(u))
    }

    /// The team is there on `day`.
    pub fn on(&self, day: Date) -> bool {
        day >= self.from && self.until.is_none_or(|u| day <= u)
    }
}

/// The last day a month's summary is on time: the 5th of the next month.
pub fn summary_due(month: YearMonth) -> Result<Date, ErrorCode> {
    let next = month.add_months(1)?;
    Date::new(next.year(), next.month(), SUMMARY_DUE_DAY)
}

pub fn report_state(
    month: YearMonth,
    stationed: &Stationed,
    summarized: bool,
    today: Date,
) -> ReportState {
    if month < stationed.started() {
        ReportState::NotStarted
    } else if !stationed.covers(month) {
        ReportState::Withdrawn
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

/// A summary may be written for this month or the one before (late, but still written), for a
/// month the team was there.
pub fn summary_month_open(month: YearMonth, stationed: &Stationed, today: Date) -> bool {
    stationed.covers(month) && (0..=1).contains(&month.months_between(YearMonth::of(today)))
}

/// The months a summary may be written for now, the one being reported first.
pub fn open_months(stationed: &Stationed, today: Date) -> Vec<YearMonth> {
    let first = reporting_month(today);
    let other = if first == YearMonth::of(today) {
        first.add_months(-1)
    } else {
        first.add_months(1)
    };
    core::iter::once(first)
        .chain(other)
        .filter(|m| summary_month_open(*m, stationed, today))
        .collect()
}

/// A visit day: while the team is there, today or within the last [`VISIT_LOG_DAYS`] days.
pub fn visit_day(day: Date, stationed: &Stationed, today: Date) -> Result<Date, ErrorCode> {
    if stationed.on(day) && (0..=VISIT_LOG_DAYS).contains(&day.days_between(today)) {
        Ok(day)
    } else {
        Err(ErrorCode::InvalidVisitDate)
    }
}

/// The leader is reminded from `from_day` (the county's, by default the 25th) when the month's
/// summary is not in (and the team is there this month).
pub fn leader_reminder_due(
    stationed: &Stationed,
    today: Date,
    summarized: bool,
    from_day: u8,
) -> bool {
    today.day() >= from_day && !summarized && stationed.covers(YearMonth::of(today))
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
    /// Stationed from the first day of `from` (a month), open-ended.
    fn since(from: &str) -> Stationed {
        Stationed::new(d(&format!("{from}-01")), None).unwrap()
    }

    #[test]
    fn a_summary_is_due_on_the_fifth_of_the_next_month() {
        use ReportState::*;
        assert_eq!(summary_due(m("2026-11")).unwrap(), d("2026-12-05"));
        assert_eq!(summary_due(m("2026-12")).unwrap(), d("2027-01-05"));
        let (nov, start) = (m("2026-11"), &since("2026-08"));
        assert_eq!(report_state(nov, start, false, d("2026-12-05")), Open);
        assert_eq!(report_state(nov, start, false, d("2026-12-06")), Late);
        assert_eq!(report_state(nov, start, true, d("2027-03-01")), Reported);
        // A team stationed in December owes nothing for November.
        assert_eq!(
            report_state(nov, &since("2026-12"), false, d("2027-03-01")),
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
        let (today, start) = (d("2026-11-29"), &since("2026-01"));
        assert!(summary_month_open(m("2026-11"), start, today));
        assert!(summary_month_open(m("2026-10"), start, today));
        assert!(!summary_month_open(m("2026-09"), start, today));
        assert!(!summary_month_open(m("2026-12"), start, today));
        assert!(!summary_month_open(m("2026-10"), &since("2026-11"), today));
        // Until the 5th, last month's summary comes first.
        assert_eq!(open_months(start, today), [m("2026-11"), m("2026-10")]);
        assert_eq!(
            open_months(start, d("2026-12-03")),
            [m("2026-11"), m("2026-12")]
        );
        assert_eq!(
            open_months(&since("2026-12"), d("2026-12-03")),
            [m("2026-12")]
        );
    }

    #[test]
    fn visits_are_logged_within_a_month_since_the_team_came() {
        let (today, start) = (d("2026-11-29"), &since("2026-01"));
        let bad = Err(ErrorCode::InvalidVisitDate);
        assert!(visit_day(today, start, today).is_ok());
        assert!(visit_day(d("2026-10-29"), start, today).is_ok());
        assert_eq!(visit_day(d("2026-10-28"), start, today), bad);
        assert_eq!(visit_day(d("2026-11-30"), start, today), bad);
        let late = Stationed::new(d("2026-11-02"), None).unwrap();
        assert_eq!(visit_day(d("2026-11-01"), &late, today), bad);
    }

    #[test]
    fn leaders_are_reminded_from_the_twenty_fifth() {
        let there = since("2026-01");
        assert!(!leader_reminder_due(
            &there,
            d("2026-11-24"),
            false,
            REMIND_FROM_DAY
        ));
        assert!(leader_reminder_due(
            &there,
            d("2026-11-25"),
            false,
            REMIND_FROM_DAY
        ));
        assert!(!leader_reminder_due(
            &there,
            d("2026-11-30"),
            true,
            REMIND_FROM_DAY
        ));
        let gone = Stationed::new(d("2026-01-01"), Some(d("2026-10-31"))).unwrap();
        assert!(!leader_reminder_due(
            &gone,
            d("2026-11-25"),
            false,
            REMIND_FROM_DAY
        ));
    }

    #[test]
    fn a_withdrawn_team_owes_nothing_after_its_last_month() {
        use ReportState::*;
        let today = d("2026-11-03");
        let gone = Stationed::new(d("2026-03-10"), Some(d("2026-10-15"))).unwrap();
        assert_eq!(
            Stationed::new(d("2026-03-10"), Some(d("2026-03-09"))),
            Err(ErrorCode::EndsBeforeStart)
        );
        // October, the last month, is still owed and may still be written; November is not.
        assert_eq!(report_state(m("2026-10"), &gone, false, today), Open);
        assert_eq!(
            report_state(m("2026-10"), &gone, false, d("2026-11-06")),
            Late
        );
        assert_eq!(report_state(m("2026-11"), &gone, false, today), Withdrawn);
        assert_eq!(open_months(&gone, today), [m("2026-10")]);
        assert!(!summary_month_open(m("2026-11"), &gone, today));
        // Visits until the day it left, not after.
        assert!(visit_day(d("2026-10-15"), &gone, today).is_ok());
        assert_eq!(
            visit_day(d("2026-10-16"), &gone, today),
            Err(ErrorCode::InvalidVisitDate)
        );
        assert!(gone.covers(m("2026-03")) && !gone.covers(m("2026-02")));
    }
}

code_enum! {
    /// A member's place on a village team: the leader logs visits and is reminded.
    pub enum TeamRole / BadRequest {
        Leader = "leader" / "队长",
        Member = "member" / "队员",
    }
}
