use leptos::prelude::*;

use super::{NoticesView, TodoView};
use crate::error::AppError;

/// `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "notices")]
pub async fn load_notices() -> Result<Option<NoticesView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.notices(&user).await.map(Some).map_err(fail)
}

/// Posts a notice to `org_id`'s subtree (a form: works before the page's script loads).
#[server(prefix = "/api", endpoint = "post_notice")]
pub async fn post_notice(org_id: i64, title: String, body: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .post_notice(&user, org_id, &title, &body)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/notices?posted=1");
    Ok(())
}

/// The home screen's "what needs me"; `None` when nobody is signed in (or a password must be
/// changed first).
#[server(prefix = "/api", endpoint = "todo")]
pub async fn load_todo() -> Result<Option<TodoView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    if user.must_change_password {
        return Ok(None);
    }
    let backend = crate::backend::backend().map_err(fail)?;
    backend.todo(&user).await.map(Some).map_err(fail)
}
