//! Server functions for `/rankings`: the boards this reader may see, and the county's policy.

use leptos::prelude::*;

use super::{MyStanding, RankingsView};
use crate::error::AppError;

/// `None` when nobody is signed in. `full` lists every row instead of the leaders; `year` picks
/// a past year's boards (`0`: this year's); `list` (a list's code, empty for all) keeps only
/// the rows on that list.
#[server(prefix = "/api", endpoint = "rankings")]
pub async fn load_rankings(
    full: bool,
    #[server(default)] year: i32,
    #[server(default)] list: String,
) -> Result<Option<RankingsView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let list = match list.as_str() {
        "" => None,
        code => Some(domain::ranking::ListKind::parse(code).map_err(fail)?),
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .rankings(&user, full, year, list)
        .await
        .map(Some)
        .map_err(fail)
}

/// The county sets who sees which board (docs/rules.md#visibility): one select per board, posted as a form.
#[server(prefix = "/api", endpoint = "set_visibility")]
pub async fn set_visibility(
    member_ranking: String,
    branch_ranking: String,
    committee_ranking: String,
    lists: String,
    ranking_nudges: String,
) -> Result<(), AppError> {
    use crate::error::fail;
    use domain::ranking::Visibility;

    let user = crate::auth::api::ssr::require_county().await?;
    let parse = |v: &str| Visibility::parse(v).map_err(fail);
    let policy = domain::ranking::VisibilityPolicy {
        member_ranking: parse(&member_ranking)?,
        branch_ranking: parse(&branch_ranking)?,
        committee_ranking: parse(&committee_ranking)?,
        lists: parse(&lists)?,
        ranking_nudges: parse(&ranking_nudges)?,
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.set_visibility(&user, policy).await.map_err(fail)?;
    leptos_axum::redirect("/rankings?policy_saved=1");
    Ok(())
}

/// The signed-in member's standing for the home screen; `None` when nobody is signed in or
/// the account has no member file (staff accounts).
#[server(prefix = "/api", endpoint = "my_standing")]
pub async fn load_my_standing() -> Result<Option<MyStanding>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    if user.must_change_password {
        return Ok(None);
    }
    let backend = crate::backend::backend().map_err(fail)?;
    backend.my_standing(&user).await.map_err(fail)
}
