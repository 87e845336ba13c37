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
