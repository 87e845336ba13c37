use leptos::prelude::*;

use super::SearchHit;
use crate::error::AppError;

/// The search box's results; empty for an empty box.
#[server(prefix = "/api", endpoint = "search_people")]
pub async fn search_people(q: String) -> Result<Vec<SearchHit>, AppError> {
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    if q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let backend = crate::backend::backend().map_err(fail)?;
    backend.search(&user, &q).await
}
