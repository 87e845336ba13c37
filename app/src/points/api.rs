use domain::{points::LedgerEntry, Date};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the browser needs to preview any action exactly as the server will book it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsOverview {
    pub today: Date,
    /// This year's entries, oldest first.
    pub ledger: Vec<LedgerEntry>,
}

/// The signed-in member's own ledger; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "my_points")]
pub async fn my_points() -> Result<Option<PointsOverview>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::session_user().await.map_err(fail)? else {
        return Ok(None);
    };
    if user.must_change_password {
        return Err(fail(domain::ErrorCode::PasswordChangeRequired));
    }
    let backend = crate::backend::backend().map_err(fail)?;
    let today = backend.today();
    let from = Date::new(today.year(), 1, 1).map_err(fail)?;
    let ledger = backend.points_ledger(&user, from).await.map_err(fail)?;
    Ok(Some(PointsOverview { today, ledger }))
}
