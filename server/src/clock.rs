//! The server's only clock. `domain` never reads one: callers pass "today".

use domain::Date;

const CHINA_OFFSET_SECS: i64 = 8 * 3600;

fn unix_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A day and the seconds into it, for a count of seconds since the epoch.
#[allow(clippy::expect_used)] // the system clock is far inside the calendar's range
fn split(secs: i64) -> (Date, i64) {
    let day = Date::from_day_number(secs.div_euclid(86_400))
        .expect("the clock is within the supported range");
    (day, secs.rem_euclid(86_400))
}

/// Today in China Standard Time (UTC+8, no daylight saving): days turn at local midnight,
/// which is when daily point caps reset for members.
pub fn today_china() -> Date {
    split(unix_secs() + CHINA_OFFSET_SECS).0
}

/// The hour of the day in China (0–23): daily reminders wait for the morning.
pub fn china_hour() -> u32 {
    (split(unix_secs() + CHINA_OFFSET_SECS).1 / 3600) as u32
}

/// Minutes since midnight in China (0–1439): a grid-centre stream's live hours are China time.
pub fn china_minute_of_day() -> u16 {
    (split(unix_secs() + CHINA_OFFSET_SECS).1 / 60) as u16
}

/// Now in UTC as RFC 3339 with milliseconds (`2026-11-28T19:45:02.123Z`), for stored timestamps.
pub fn now_rfc3339() -> String {
    rfc3339_at(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// `secs` seconds ago, in the form of [`now_rfc3339`] (so stored timestamps compare as text).
pub fn now_rfc3339_minus_secs(secs: u64) -> String {
    rfc3339_at(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .saturating_sub(std::time::Duration::from_secs(secs)),
    )
}

fn rfc3339_at(now: std::time::Duration) -> String {
    let (day, rem) = split(now.as_secs() as i64);
    format!(
        "{day}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_millis()
    )
}

/// Now in China Standard Time to the minute, `2026-11-29T08:00`: the form of a browser's
/// `datetime-local` input, so publication times compare as text.
pub fn now_china_minute() -> String {
    let (day, rem) = split(unix_secs() + CHINA_OFFSET_SECS);
    format!("{day}T{:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

/// A stored UTC timestamp (`now_rfc3339`) as China time to the minute, `2026-11-29 08:00`, for
/// display; anything unreadable is shown as stored.
pub fn china_minute_of(utc: &str) -> String {
    let parsed = (|| {
        let day = Date::parse(utc.get(..10)?).ok()?;
        let hours: i64 = utc.get(11..13)?.parse().ok()?;
        let minutes: i64 = utc.get(14..16)?.parse().ok()?;
        Some(day.to_day_number() * 86_400 + hours * 3600 + minutes * 60)
    })();
    match parsed {
        Some(secs) => {
            let (day, rem) = split(secs + CHINA_OFFSET_SECS);
            format!("{day} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
        }
        None => utc.to_string(),
    }
}

/// Seconds since the epoch as China time to the minute, `2026-11-29 08:00`, for display.
pub fn china_minute_of_epoch(secs: i64) -> String {
    let (day, rem) = split(secs + CHINA_OFFSET_SECS);
    format!("{day} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

/// Where China's `day` starts, as a stored UTC timestamp (`now_rfc3339`), so stored times
/// compare with it as text.
pub fn china_day_start_utc(day: Date) -> String {
    rfc3339_at(std::time::Duration::from_secs(
        (day.to_day_number() * 86_400 - CHINA_OFFSET_SECS).max(0) as u64,
    ))
}

#[cfg(test)]
mod tests {
    use super::{china_day_start_utc, china_minute_of};

    #[test]
    fn a_china_day_starts_at_16_utc_the_day_before() {
        let day = domain::Date::parse("2027-01-01").unwrap();
        assert_eq!(china_day_start_utc(day), "2026-12-31T16:00:00.000Z");
    }

    #[test]
    fn utc_to_china_minute() {
        assert_eq!(
            china_minute_of("2026-11-28T19:45:02.123Z"),
            "2026-11-29 03:45"
        );
        assert_eq!(
            china_minute_of("2026-12-31T16:00:00.000Z"),
            "2027-01-01 00:00"
        );
        assert_eq!(china_minute_of("garbage"), "garbage");
    }
}
