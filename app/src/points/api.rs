use domain::{
    points::{LedgerEntry, RuleTable},
    Date,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the browser needs to preview any action exactly as the server will book it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsOverview {
    pub today: Date,
    /// The county's table in force today: the one the server awards by.
    pub rules: RuleTable,
    /// This year's entries, oldest first.
    pub ledger: Vec<LedgerEntry>,
}

/// `/points` for anyone: the county's rules in force today, and the signed-in member's own
/// ledger (`None` when nobody is signed in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsPageView {
    pub rules: RuleTable,
    pub mine: Option<PointsOverview>,
}

/// The signed-in member's own ledger; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "my_points")]
pub async fn my_points() -> Result<PointsPageView, AppError> {
    use crate::error::fail;

    let backend = crate::backend::backend().map_err(fail)?;
    let today = backend.today();
    let rules = backend.point_rules(today).await.map_err(fail)?;
    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(PointsPageView { rules, mine: None });
    };
    let from = Date::new(today.year(), 1, 1).map_err(fail)?;
    let ledger = backend.points_ledger(&user, from).await.map_err(fail)?;
    Ok(PointsPageView {
        mine: Some(PointsOverview {
            today,
            rules: rules.clone(),
            ledger,
        }),
        rules,
    })
}
