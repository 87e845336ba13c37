//! Server functions for grid-centre video: thin — the caller, then the facade, which checks
//! permission on the server.

use std::collections::HashMap;

use leptos::prelude::*;

use super::{StreamsView, VideoPageView};
use crate::error::AppError;

/// `/video/{org}`; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "video_page")]
pub async fn load_video_page(org: i64) -> Result<Option<VideoPageView>, AppError> {
    use crate::error::{fail, fail_with};
    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .video_page(&user, org)
        .await
        .map(Some)
        .map_err(fail_with)
}

/// `/video`; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "streams")]
pub async fn load_streams() -> Result<Option<StreamsView>, AppError> {
    use crate::error::{fail, fail_with};
    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.streams(&user).await.map(Some).map_err(fail_with)
}

/// Registers (or changes) an organization's stream.
#[server(prefix = "/api", endpoint = "register_stream")]
pub async fn register_stream(stream: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    // The server checks who may register there before it reads the rest of the form.
    let org = stream
        .get("org")
        .and_then(|o| o.trim().parse::<i64>().ok())
        .ok_or_else(|| fail(domain::ErrorCode::BadRequest))?;
    backend
        .register_stream(&user, org, stream)
        .await
        .map_err(fail_with)
}

#[server(prefix = "/api", endpoint = "remove_stream")]
pub async fn remove_stream(org: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.remove_stream(&user, org).await.map_err(fail_with)
}
