use leptos::prelude::*;

use super::{AssistanceView, TeamDetail};
use crate::error::AppError;

/// `None` when nobody is signed in. `month`: `2026-10`, or the month being reported now.
#[server(prefix = "/api", endpoint = "assistance")]
pub async fn load_assistance(month: Option<String>) -> Result<Option<AssistanceView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.assistance(&user, month).await.map(Some)
}

/// The county or a committee stations a team in a village (a form: works before the page's
/// script loads).
#[server(prefix = "/api", endpoint = "station_team")]
pub async fn station_team(
    org_id: i64,
    name: String,
    village: String,
    started_on: String,
    leader_mobile: String,
    member_mobiles: String,
) -> Result<(), AppError> {
    use super::TeamDraft;
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let draft = TeamDraft {
        org_id,
        name,
        village,
        started_on,
        leader_mobile,
        member_mobiles,
    };
    let id = backend
        .station_team(&user, draft)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/assistance/{id}?stationed=1"));
    Ok(())
}

/// The sending organization changes a team (a form, prefilled).
#[server(prefix = "/api", endpoint = "update_team")]
pub async fn update_team(
    team_id: i64,
    name: String,
    village: String,
    leader_mobile: String,
    member_mobiles: String,
    ended_on: String,
) -> Result<(), AppError> {
    use super::TeamEdit;
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let edit = TeamEdit {
        name,
        village,
        leader_mobile,
        member_mobiles,
        ended_on,
    };
    let changed = backend
        .update_team(&user, team_id, edit)
        .await
        .map_err(fail_with)?;
    let notice = if changed { "edited" } else { "unchanged" };
    leptos_axum::redirect(&format!("/assistance/{team_id}?{notice}=1"));
    Ok(())
}

/// `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "assistance_team")]
pub async fn load_team(id: i64) -> Result<Option<TeamDetail>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .assistance_team(&user, id)
        .await
        .map(Some)
        .map_err(fail)
}

/// A team member writes (or rewrites) the month's summary.
#[server(prefix = "/api", endpoint = "assistance_summary")]
pub async fn write_summary(team_id: i64, month: String, content: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .write_summary(&user, team_id, month, content)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/assistance/{team_id}?summary=1#summaries"));
    Ok(())
}
