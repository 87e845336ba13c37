//! Server functions for `/trail`: thin — the caller, then the facade, which checks the role
//! on the server.

use leptos::prelude::*;

use super::{TrailCheck, TrailFilter, TrailView};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "trail")]
pub async fn load_trail(filter: TrailFilter) -> Result<TrailView, AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.trail(&user, filter).await.map_err(fail_with)
}

#[server(prefix = "/api", endpoint = "check_trail")]
pub async fn check_trail() -> Result<TrailCheck, AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.check_trail(&user).await.map_err(fail_with)
}
