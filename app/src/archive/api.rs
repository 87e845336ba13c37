use leptos::prelude::*;

use super::ArchiveView;
use crate::error::AppError;

/// One page of the archive, from the page's query (each field empty for "any"); `None` when
/// nobody is signed in.
#[server(prefix = "/api", endpoint = "archive")]
pub async fn load_archive(
    section: String,
    #[server(default)] org: String,
    #[server(default)] kind: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] state: String,
    #[server(default)] page: String,
) -> Result<Option<ArchiveView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let filter = domain::archive::Filter::parse(&section, &org, &kind, &from, &to, &state, &page)
        .map_err(fail)?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.archive(&user, filter).await.map(Some).map_err(fail)
}
