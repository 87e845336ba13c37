//! Server functions for the tokens section: thin — the caller, then the facade, which checks
//! the role on the server.

use std::collections::HashMap;

use leptos::prelude::*;

use super::ApiTokensView;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "api_tokens")]
pub async fn load_api_tokens() -> Result<ApiTokensView, AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.api_tokens(&user).await.map_err(fail_with)
}

/// Creates a token and answers its text, shown once on the page.
#[server(prefix = "/api", endpoint = "create_api_token")]
pub async fn create_api_token(token: HashMap<String, String>) -> Result<String, AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let request = super::form::token_request(&token).map_err(fail)?;
    backend
        .create_api_token(&user, request)
        .await
        .map_err(fail_with)
}

#[server(prefix = "/api", endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.revoke_api_token(&user, id).await.map_err(fail_with)
}
