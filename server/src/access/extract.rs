use axum::{extract::FromRequestParts, http::request::Parts};
use domain::ErrorCode;

use super::Actor;
use crate::http::{ApiError, AppState};

/// Signed in, with a live session, and past the one-time password change.
impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secure = state.backend.secure_cookies();
        let token = parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|h| app::auth::session_token(h, secure))
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
