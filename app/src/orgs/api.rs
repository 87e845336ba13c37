use leptos::prelude::*;

use super::OrgView;
use crate::error::AppError;

/// An organization (the reader's own scope when `id` is absent) with its children and a page
/// of its roster; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "load_org")]
pub async fn load_org(id: Option<i64>, page: Option<i64>) -> Result<Option<OrgView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::session_user().await.map_err(fail)? else {
        return Ok(None);
    };
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .org_view(&user, id, page)
        .await
        .map(Some)
        .map_err(fail)
}
