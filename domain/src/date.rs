//! Civil dates without a clock.
//!
//! The crate never reads the system time (it also runs in the browser via
//! wasm); callers pass "today" in. Arithmetic goes through a day number
//! (days since 1970-01-01) using Howard Hinnant's days-from-civil algorithm.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

/// A valid proleptic-Gregorian date between 0001-01-01 and 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    // Field order gives the derived `Ord` chronological order.
    y: i32,
    m: u8,
    d: u8,
}

pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    pub fn new(y: i32, m: u8, d: u8) -> Result<Date, ErrorCode> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return Err(ErrorCode::DateOutOfRange);
        }
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(ErrorCode::InvalidDate);
        }
        Ok(Date { y, m, d })
    }

    /// Strict `YYYY-MM-DD` (ISO 8601 calendar date, as `<input type=date>` sends).
    pub fn parse(s: &str) -> Result<Date, ErrorCode> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(ErrorCode::InvalidDate);
        }
        let y = parse_digits(&s[0..4]).ok_or(ErrorCode::InvalidDate)?;
        let m = parse_digits(&s[5..7]).ok_or(ErrorCode::InvalidDate)?;
        let d = parse_digits(&s[8..10]).ok_or(ErrorCode::InvalidDate)?;
        Date::new(y as i32, m as u8, d as u8).map_err(|_| ErrorCode::InvalidDate)
    }

    /// `YYYYMMDD`, as embedded in resident ID numbers.
    pub fn parse_compact(s: &str) -> Result<Date, ErrorCode> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::InvalidDate);
        }
        let y = parse_digits(&s[0..4]).ok_or(ErrorCode::InvalidDate)?;
        let m = parse_digits(&s[4..6]).ok_or(ErrorCode::InvalidDate)?;
        let d = parse_digits(&s[6..8]).ok_or(ErrorCode::InvalidDate)?;
        Date::new(y as i32, m as u8, d as u8).map_err(|_| ErrorCode::InvalidDate)
    }

    pub fn year(self) -> i32 {
        self.y
    }
    pub fn month(self) -> u8 {
        self.m
    }
    pub fn day(self) -> u8 {
        self.d
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_day_number(self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }

    pub fn from_day_number(n: i64) -> Result<Date, ErrorCode> {
        let (y, m, d) = civil_from_days(n);
        let y = i32::try_from(y).map_err(|_| ErrorCode::DateOutOfRange)?;
        Date::new(y, m, d)
    }

    pub fn add_days(self, days: i64) -> Result<Date, ErrorCode> {
        let n = self
            .to_day_number()
            .checked_add(days)
            .ok_or(ErrorCode::DateOutOfRange)?;
        Date::from_day_number(n)
    }

    /// Calendar months; the day is clamped to the target month's length
    /// (01-31 + 1 month = 02-28/29), the usual reading of "one month later".
    pub fn add_months(self, months: i32) -> Result<Date, ErrorCode> {
        let ym = YearMonth::of(self).add_months(months)?;
        let d = self.d.min(days_in_month(ym.year(), ym.month()));
        Date::new(ym.year(), ym.month(), d)
    }

    /// Anniversary arithmetic: 02-29 + 1 year = next 02-28.
    pub fn add_years(self, years: i32) -> Result<Date, ErrorCode> {
        self.add_months(years.checked_mul(12).ok_or(ErrorCode::DateOutOfRange)?)
    }

    /// `other − self` in days (positive when `other` is later).
    pub fn days_between(self, other: Date) -> i64 {
        other.to_day_number() - self.to_day_number()
    }

    // `rem_euclid(7)` is in 0..7 and there are seven weekdays.
    #[allow(clippy::indexing_slicing)]
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        let idx = (self.to_day_number() + 3).rem_euclid(7);
        Weekday::ALL[idx as usize]
    }

    /// Whole years completed from `self` to `on` (age on a date).
    pub fn years_until(self, on: Date) -> i32 {
        let mut years = on.y - self.y;
        if (on.m, on.d) < (self.m, self.d) {
            years -= 1;
        }
        years
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl core::str::FromStr for Date {
    type Err = ErrorCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl TryFrom<String> for Date {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Date::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

code_enum! {
    /// Day of the week, Monday first as in China.
    pub enum Weekday / InvalidDate {
        Monday = "monday" / "星期一",
        Tuesday = "tuesday" / "星期二",
        Wednesday = "wednesday" / "星期三",
        Thursday = "thursday" / "星期四",
        Friday = "friday" / "星期五",
        Saturday = "saturday" / "星期六",
        Sunday = "sunday" / "星期日",
    }
}

/// A calendar month, the unit dues are owed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    y: i32,
    m: u8,
}

impl YearMonth {
    pub fn new(y: i32, m: u8) -> Result<YearMonth, ErrorCode> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return Err(ErrorCode::DateOutOfRange);
        }
        if !(1..=12).contains(&m) {
            return Err(ErrorCode::InvalidYearMonth);
        }
        Ok(YearMonth { y, m })
    }

    /// Strict `YYYY-MM`.
    pub fn parse(s: &str) -> Result<YearMonth, ErrorCode> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 7 || b.get(4) != Some(&b'-') {
            return Err(ErrorCode::InvalidYearMonth);
        }
        let y = parse_digits(&s[0..4]).ok_or(ErrorCode::InvalidYearMonth)?;
        let m = parse_digits(&s[5..7]).ok_or(ErrorCode::InvalidYearMonth)?;
        YearMonth::new(y as i32, m as u8).map_err(|_| ErrorCode::InvalidYearMonth)
    }

    pub fn of(date: Date) -> YearMonth {
        YearMonth {
            y: date.y,
            m: date.m,
        }
    }

    pub fn year(self) -> i32 {
        self.y
    }
    pub fn month(self) -> u8 {
        self.m
    }

    fn index(self) -> i64 {
        i64::from(self.y) * 12 + i64::from(self.m) - 1
    }

    fn from_index(i: i64) -> Result<YearMonth, ErrorCode> {
        let y = i32::try_from(i.div_euclid(12)).map_err(|_| ErrorCode::DateOutOfRange)?;
        YearMonth::new(y, (i.rem_euclid(12) + 1) as u8)
    }

    pub fn add_months(self, months: i32) -> Result<YearMonth, ErrorCode> {
        YearMonth::from_index(self.index() + i64::from(months))
    }

    /// `other − self` in months (positive when `other` is later).
    pub fn months_between(self, other: YearMonth) -> i32 {
        (other.index() - self.index()) as i32
    }

    pub fn first_day(self) -> Date {
        Date {
            y: self.y,
            m: self.m,
            d: 1,
        }
    }

    pub fn last_day(self) -> Date {
        Date {
            y: self.y,
            m: self.m,
            d: days_in_month(self.y, self.m),
        }
    }

    /// 1..=4.
    pub fn quarter(self) -> u8 {
        (self.m - 1) / 3 + 1
    }

    /// Months from `self` to `end`, both included; empty when `end` is earlier.
    pub fn iter_to(self, end: YearMonth) -> impl Iterator<Item = YearMonth> {
        (self.index()..=end.index()).filter_map(|i| YearMonth::from_index(i).ok())
    }
}

impl core::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}", self.y, self.m)
    }
}

impl core::str::FromStr for YearMonth {
    type Err = ErrorCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        YearMonth::parse(s)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        YearMonth::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(v: YearMonth) -> String {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn validates_calendar() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert_eq!(Date::new(2026, 2, 29), Err(ErrorCode::InvalidDate));
        assert!(Date::new(2000, 2, 29).is_ok());
        assert_eq!(Date::new(1900, 2, 29), Err(ErrorCode::InvalidDate));
        assert_eq!(Date::new(2026, 4, 31), Err(ErrorCode::InvalidDate));
        assert_eq!(Date::new(2026, 13, 1), Err(ErrorCode::InvalidDate));
        assert_eq!(Date::new(2026, 1, 0), Err(ErrorCode::InvalidDate));
        assert_eq!(Date::new(0, 1, 1), Err(ErrorCode::DateOutOfRange));
    }

    #[test]
    fn parses_strictly() {
        assert_eq!(d("2026-11-28"), Date::new(2026, 11, 28).unwrap());
        assert_eq!(d("2026-11-28").to_string(), "2026-11-28");
        for bad in [
            "2026-1-28",
            "2026/11/28",
            "26-11-28",
            "2026-11-28T00",
            "",
            "2026-02-30",
            "+026-11-28",
        ] {
            assert_eq!(Date::parse(bad), Err(ErrorCode::InvalidDate), "{bad}");
        }
        assert_eq!(Date::parse_compact("19900307").unwrap(), d("1990-03-07"));
        assert!(Date::parse_compact("19900230").is_err());
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(d("1970-01-01").to_day_number(), 0);
        assert_eq!(d("2000-03-01").to_day_number(), 11_017);
        for n in [-719_162, -1, 0, 1, 10_000, 20_000, 2_932_896] {
            assert_eq!(Date::from_day_number(n).unwrap().to_day_number(), n);
        }
        assert_eq!(
            Date::from_day_number(-719_163),
            Err(ErrorCode::DateOutOfRange)
        );
    }

    #[test]
    fn adds_days_and_months() {
        assert_eq!(d("2024-02-28").add_days(1).unwrap(), d("2024-02-29"));
        assert_eq!(d("2023-12-31").add_days(1).unwrap(), d("2024-01-01"));
        assert_eq!(d("2026-11-28").add_days(-90).unwrap(), d("2026-08-30"));
        assert_eq!(d("2026-01-31").add_months(1).unwrap(), d("2026-02-28"));
        assert_eq!(d("2024-01-31").add_months(1).unwrap(), d("2024-02-29"));
        assert_eq!(d("2026-03-31").add_months(-1).unwrap(), d("2026-02-28"));
        assert_eq!(d("2026-11-28").add_months(14).unwrap(), d("2028-01-28"));
        assert_eq!(d("2024-02-29").add_years(1).unwrap(), d("2025-02-28"));
        assert_eq!(d("9999-12-31").add_days(1), Err(ErrorCode::DateOutOfRange));
    }

    #[test]
    fn differences_and_weekdays() {
        assert_eq!(d("2026-01-01").days_between(d("2026-12-31")), 364);
        assert_eq!(d("2026-12-31").days_between(d("2026-01-01")), -364);
        assert_eq!(d("2026-11-28").weekday(), Weekday::Saturday);
        assert_eq!(d("1970-01-01").weekday(), Weekday::Thursday);
        assert_eq!(d("2024-02-29").weekday().label_zh(), "星期四");
        assert_eq!(d("1990-03-07").years_until(d("2026-03-06")), 35);
        assert_eq!(d("1990-03-07").years_until(d("2026-03-07")), 36);
    }

    #[test]
    fn ordering_is_chronological() {
        assert!(d("2025-12-31") < d("2026-01-01"));
        assert!(d("2026-02-01") > d("2026-01-31"));
    }

    #[test]
    fn year_months() {
        let a = YearMonth::parse("2025-11").unwrap();
        let b = YearMonth::parse("2026-02").unwrap();
        assert_eq!(a.months_between(b), 3);
        assert_eq!(b.months_between(a), -3);
        assert_eq!(a.add_months(2).unwrap().to_string(), "2026-01");
        let all: Vec<String> = a.iter_to(b).map(|m| m.to_string()).collect();
        assert_eq!(all, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(b.iter_to(a).count(), 0);
        assert_eq!(
            YearMonth::parse("2024-02").unwrap().last_day(),
            d("2024-02-29")
        );
        assert_eq!(b.first_day(), d("2026-02-01"));
        assert_eq!(YearMonth::of(d("2026-11-28")).quarter(), 4);
        assert_eq!(
            YearMonth::parse("2026-13"),
            Err(ErrorCode::InvalidYearMonth)
        );
        assert_eq!(YearMonth::parse("2026-1"), Err(ErrorCode::InvalidYearMonth));
    }

    #[test]
    fn serde_validates() {
        assert_eq!(
            serde_json::to_string(&d("2026-11-28")).unwrap(),
            "\"2026-11-28\""
        );
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
        assert!(serde_json::from_str::<YearMonth>("\"2026-00\"").is_err());
    }
}

crate::stored_as_text!(Date, |s: &str| Date::parse(s).ok(), |d: &Date| d
    .to_string());
crate::stored_as_text!(
    YearMonth,
    |s: &str| YearMonth::parse(s).ok(),
    |m: &YearMonth| m.to_string()
);
