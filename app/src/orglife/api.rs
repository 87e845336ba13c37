use leptos::prelude::*;

use super::OrgLifeView;
use crate::error::AppError;

/// `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "org_life")]
pub async fn load_org_life() -> Result<Option<OrgLifeView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::session_user().await.map_err(fail)? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .org_life(user.account_id)
        .await
        .map(Some)
        .map_err(fail)
}

/// A branch plans a meeting (a form: works before the page's script loads).
#[server(prefix = "/api", endpoint = "plan_meeting")]
pub async fn plan_meeting(
    org_id: i64,
    kind: String,
    topic: String,
    starts_at: String,
    ends_at: String,
    place: String,
) -> Result<(), AppError> {
    use super::MeetingDraft;
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let draft = MeetingDraft {
        org_id,
        kind,
        topic,
        starts_at,
        ends_at,
        place,
    };
    backend
        .plan_meeting(user.account_id, draft)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/org-life?planned=1");
    Ok(())
}
