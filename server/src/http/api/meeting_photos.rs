//! `POST /api/v1/org-life/{id}/photos`: a branch adds photos to a meeting's record — one or
//! several `photo` fields of a multipart form, from the phone's camera or gallery. A page with
//! JavaScript sends one photo per request (to show progress) and gets JSON; a page without it
//! sends them all and is redirected back to the record. Every photo is checked and re-encoded
//! before any is kept: one bad file refuses the lot and changes nothing.

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
};
use domain::ErrorCode;
use serde_json::json;

use super::{photo_form, ApiError};
use crate::{
    access::Actor,
    http::AppState,
    orglife::{photo, record},
};

pub const MAX_BODY: usize = photo_form::MAX_PHOTOS * photo::MAX_PHOTO_BYTES;

pub async fn add(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    actor: Result<Actor, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = super::uploads::wants_json(&headers);
    let result = async {
        let actor = actor?;
        // Permission first: nothing is read or decoded for someone who may not add photos.
        let row = record::load(&state.db, id).await?;
        if !row.officer(&actor) {
            return Err(ErrorCode::Forbidden.into());
        }
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        let (files, _) = photo_form::read(&mut multipart).await?;
        if files.is_empty() {
            return Err(ErrorCode::InvalidImage.into());
        }
        let processed = photo_form::decode(files).await?;
        let added = processed.len();
        record::add_photos(&state.db, &state.files, &actor, id, processed)
            .await
            .map_err(|e| e.code())?;
        Ok::<_, ApiError>(json!({ "added": added }))
    }
    .await;
    let added = result
        .as_ref()
        .map_or(0, |b| b["added"].as_u64().unwrap_or(0));
    photo_form::answer(
        result,
        json,
        || format!("/org-life/{id}?photos={added}#photos"),
        |code| format!("/org-life/{id}?upload_error={code}#photos"),
    )
}
