//! The server's only clock. `domain` never reads one: callers pass "today".

use domain::Date;

/// Today in China Standard Time (UTC+8, no daylight saving): days turn at local midnight,
/// which is when daily point caps reset for members.
pub fn today_china() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_day_number((secs + 8 * 3600).div_euclid(86_400))
        .expect("the clock is within the supported range")
}

/// Now in UTC as RFC 3339 with milliseconds (`2026-11-28T19:45:02.123Z`), for stored timestamps.
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as i64;
    let day = Date::from_day_number(secs.div_euclid(86_400))
        .expect("the clock is within the supported range");
    let rem = secs.rem_euclid(86_400);
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
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
        + 8 * 3600;
    let day = Date::from_day_number(secs.div_euclid(86_400))
        .expect("the clock is within the supported range");
    let rem = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}", rem / 3600, rem % 3600 / 60)
}
