use leptos::prelude::*;

use super::CommandView;
use crate::error::AppError;

/// The dashboards of the reader's subtree; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "command")]
pub async fn load_command() -> Result<Option<CommandView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.command(&user).await.map(Some).map_err(fail)
}
