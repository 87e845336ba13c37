use leptos::prelude::*;

use super::Notice;
use crate::error::AppError;

/// The newest messages (marking them read); `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "inbox")]
pub async fn load_inbox() -> Result<Option<Vec<Notice>>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.inbox(&user).await.map(Some).map_err(fail)
}

/// How many unread messages, for the badge (0 when nobody is signed in).
#[server(prefix = "/api", endpoint = "unread_count")]
pub async fn unread_count() -> Result<i64, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::session_user().await.map_err(fail)? else {
        return Ok(0);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.unread(&user).await.map_err(fail)
}
