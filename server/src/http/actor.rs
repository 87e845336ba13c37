//! The caller of a JSON API request or a file download: the session cookie's account, past
//! its one-time password. Handlers take an `Actor` argument and are refused 401 without one.

use axum::{extract::FromRequestParts, http::request::Parts};
use domain::ErrorCode;

use super::{ApiError, AppState};
use crate::access::Actor;

/// Signed in, with a live session, and past the one-time password change.
impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // A request with an API token was let through by its gate, which left the actor here.
        if let Some(super::api::TokenActor(actor)) = parts.extensions.get() {
            return Ok(actor.clone());
        }
        let secure = state.backend.secure_cookies();
        let token = app::auth::cookie::read(&parts.headers, app::auth::session_cookie_name(secure))
            .ok_or(ErrorCode::Unauthorized)?;
        let actor = Actor::from_session(&state.db, &token)
            .await?
            .ok_or(ErrorCode::Unauthorized)?;
        if actor.must_change_password {
            return Err(ErrorCode::PasswordChangeRequired.into());
        }
        Ok(actor)
    }
}
