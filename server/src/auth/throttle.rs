//! Sign-in throttling (docs/security.md#sign-in-throttling). Every attempt takes a slot before
//! its password is checked, in one statement per key, so parallel attempts cannot all pass a
//! check made before any of them is counted: the slot counts as a failure until the password
//! proves right.
//!
//! Two keys per attempt: the number from this client address (5 attempts, then a delay that
//! doubles from one minute up to an hour), and the address alone (20 attempts across all
//! numbers). No key locks an account for everyone: someone else failing with a number from
//! their own address never keeps its owner out.

use crate::{storage::Db, with_pool};

/// Attempts for one number from one address before the delays begin.
pub const PAIR_LIMIT: i64 = 5;
/// Attempts from one address, across numbers, before its delays begin.
pub const CLIENT_LIMIT: i64 = 20;
/// Failures of one number from anywhere within a window that its owner is told about.
pub const ALERT_AFTER: i64 = 5;
/// A run of attempts ends after this much quiet.
pub const WINDOW_SECS: i64 = 15 * 60;
/// The first delay once a limit is reached; each further attempt doubles it, up to an hour.
const FIRST_DELAY_SECS: i64 = 60;
pub const LONGEST_DELAY_SECS: i64 = 3600;

pub fn pair_key(mobile: &str, client: &str) -> String {
    format!("p:{mobile}|{client}")
}

pub fn client_key(client: &str) -> String {
    format!("ip:{client}")
}

pub fn alert_key(mobile: &str) -> String {
    format!("m:{mobile}")
}

/// A slot for one attempt under `key`: `None` when taken, or the moment the key's delay ends.
///
/// The update runs only while the key is not waiting (the `WHERE` of the upsert), so a waiting
/// key returns no row. A run resets after a quiet window, and after a delay only once a window
/// has passed beyond it; the delay is 1, 2, 4 … 60 minutes as the run grows past `limit`.
pub async fn take(db: &Db, key: &str, limit: i64, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let taken: Option<i64> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "INSERT INTO login_throttle (key, failures, window_start, locked_until) \
             VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN $2 >= login_throttle.window_start + $4 \
                            AND $2 >= login_throttle.locked_until + $4 \
                          THEN 1 ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN $2 >= login_throttle.window_start + $4 \
                            AND $2 >= login_throttle.locked_until + $4 \
                          THEN $2 ELSE login_throttle.window_start END, \
               locked_until = CASE \
                 WHEN $2 >= login_throttle.window_start + $4 \
                      AND $2 >= login_throttle.locked_until + $4 THEN 0 \
                 WHEN login_throttle.failures + 1 < $3 THEN 0 \
                 WHEN login_throttle.failures + 1 - $3 >= 6 THEN $2 + $6 \
                 ELSE $2 + ($5 << CAST(login_throttle.failures + 1 - $3 AS INTEGER)) END \
             WHERE login_throttle.locked_until <= $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .bind(limit)
        .bind(WINDOW_SECS)
        .bind(FIRST_DELAY_SECS)
        .bind(LONGEST_DELAY_SECS)
        .fetch_optional(pool)
        .await?
    });
    if taken.is_some() {
        return Ok(None);
    }
    let until: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_one(pool)
            .await?
    });
    Ok(Some(until.max(now + 1)))
}

/// Gives back a slot whose attempt was not a failure (the password was right, or another key
/// refused the attempt before any password work): the count drops by one, and a delay the slot
/// began is lifted.
pub async fn give_back(db: &Db, key: &str, limit: i64) -> Result<(), sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1, \
             locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until ELSE 0 END \
             WHERE key = $1 AND failures > 0",
        )
        .bind(key)
        .bind(limit)
        .execute(pool)
        .await?;
        // Nothing left to count: no row to keep.
        sqlx::query("DELETE FROM login_throttle WHERE key = $1 AND failures <= 0")
            .bind(key)
            .execute(pool)
            .await
            .map(|_| ())?
    });
    Ok(())
}

/// Counts a failure of one number from any address; `Some(window_start)` exactly when this
/// failure reaches [`ALERT_AFTER`] in its window, so its owner is told once per run.
pub async fn count_for_alert(db: &Db, key: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let (failures, window_start): (i64, i64) = with_pool!(db, pool => {
        sqlx::query_as(
            "INSERT INTO login_throttle (key, failures, window_start, locked_until) \
             VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN $2 >= login_throttle.window_start + $3 \
                          THEN 1 ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN $2 >= login_throttle.window_start + $3 \
                          THEN $2 ELSE login_throttle.window_start END \
             RETURNING failures, window_start",
        )
        .bind(key)
        .bind(now)
        .bind(WINDOW_SECS)
        .fetch_one(pool)
        .await?
    });
    Ok((failures == ALERT_AFTER).then_some(window_start))
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(pool).await.map(|_| ())?
    });
    Ok(())
}
