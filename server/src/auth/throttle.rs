//! Failed-login throttling: 5 failures for one account or 20 from one address within 15
//! minutes lock further attempts for 15 minutes.

use crate::{storage::Db, with_pool};

pub const ACCOUNT_LIMIT: i64 = 5;
pub const CLIENT_LIMIT: i64 = 20;
pub const WINDOW_SECS: i64 = 15 * 60;
pub const LOCK_SECS: i64 = 15 * 60;

/// The latest `locked_until` among `keys` if it is still in the future.
pub async fn locked_until(db: &Db, keys: &[String], now: i64) -> Result<Option<i64>, sqlx::Error> {
    let mut latest = None;
    for key in keys {
        let until: Option<i64> = with_pool!(db, pool => {
            sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?
        });
        if let Some(u) = until.filter(|u| *u > now) {
            latest = Some(latest.map_or(u, |l: i64| l.max(u)));
        }
    }
    Ok(latest)
}

pub async fn record_failure(db: &Db, key: &str, limit: i64, now: i64) -> Result<(), sqlx::Error> {
    let row: Option<(i64, i64)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT failures, window_start FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
    });
    let (failures, window_start) = match row {
        Some((f, start)) if now - start < WINDOW_SECS => (f + 1, start),
        _ => (1, now),
    };
    let locked_until = if failures >= limit {
        now + LOCK_SECS
    } else {
        0
    };
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, \
             window_start = excluded.window_start, locked_until = excluded.locked_until",
        )
        .bind(key)
        .bind(failures)
        .bind(window_start)
        .bind(locked_until)
        .execute(pool)
        .await
        .map(|_| ())?
    });
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(pool).await.map(|_| ())?
    });
    Ok(())
}
