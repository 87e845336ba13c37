//! `GET /files/{key}`: uploaded files, to signed-in accounts. Served with the type sniffed at
//! upload, never guessed again by the browser, and with no right to run anything.

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use domain::ErrorCode;

use super::{ApiError, AppState};
use crate::{access::Actor, files::FileKey, storage::internal, with_pool};

pub async fn get(
    State(state): State<AppState>,
    _actor: Actor,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let key = FileKey::parse(&key).map_err(|_| ErrorCode::NotFound)?;
    let content_type: String = with_pool!(&state.db, pool => {
        sqlx::query_scalar("SELECT content_type FROM uploads WHERE key = $1")
            .bind(key.as_str())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
            .ok_or(ErrorCode::NotFound)?
    });
    let bytes = state
        .files
        .get(&key)
        .await
        .map_err(internal)?
        .ok_or(ErrorCode::NotFound)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).map_err(internal)?,
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // Names are content hashes: a name never changes what it holds.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(response)
}
