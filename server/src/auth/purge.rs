//! Daily housekeeping of sign-in state: sessions past their expiry and throttle counts whose
//! run has ended are deleted (they refuse nothing any more; kept, they would grow for years).

use super::{session::now_epoch, throttle};
use crate::{error::ServiceResult, storage::Db, with_pool};

/// Rows deleted: (sessions, throttle counts).
pub async fn purge_expired(db: &Db) -> ServiceResult<(u64, u64)> {
    let now = now_epoch();
    let sessions = with_pool!(db, pool => {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
    });
    // A run resets after a quiet window past its last delay (`throttle::take`): older rows
    // count nothing.
    let counts = with_pool!(db, pool => {
        sqlx::query(
            "DELETE FROM login_throttle WHERE window_start + $2 <= $1 AND locked_until + $2 <= $1",
        )
        .bind(now)
        .bind(throttle::WINDOW_SECS + throttle::LONGEST_DELAY_SECS)
        .execute(pool)
        .await?
        .rows_affected()
    });
    if sessions + counts > 0 {
        tracing::info!(sessions, counts, "expired sign-in state purged");
    }
    Ok((sessions, counts))
}
