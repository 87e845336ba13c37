//! `GET /files/{key}`: uploaded files, to signed-in accounts — study images to anyone signed
//! in, a suggestion's photo only to its author and those who may handle it, a meeting's photos
//! to those who may read its record, a village visit's to those who may read its team. Served with the
//! type sniffed at upload, never guessed again by the browser, and with no right to run anything.

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use domain::ErrorCode;

use super::{ApiError, AppState};
use crate::{access::Actor, files::uploads};

pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let file = uploads::read(&state.db, state.files.as_ref(), &actor, &key).await?;
    let content_type =
        HeaderValue::from_str(&file.content_type).map_err(|_| ErrorCode::Internal)?;
    let mut response = (StatusCode::OK, file.bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    // `nosniff` comes with every response (`super::headers`); this policy is stricter than
    // the pages' and is kept.
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
