//! `POST /api/v1/org-life/{id}/photos`: a branch adds photos to a meeting's record — one or
//! several `photo` fields of a multipart form, from the phone's camera or gallery. A page with
//! JavaScript sends one photo per request (to show progress) and gets JSON; a page without it
//! sends them all and is redirected back to the record. Every photo is checked and re-encoded
//! before any is kept: one bad file refuses the lot and changes nothing.

use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::ErrorCode;
use serde_json::json;

use super::ApiError;
use crate::{
    access::Actor,
    http::AppState,
    orglife::{photo, record},
};

/// Photos per request (a form without JavaScript sends them together).
pub const MAX_PHOTOS: usize = 6;
pub const MAX_BODY: usize = MAX_PHOTOS * photo::MAX_PHOTO_BYTES;

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
        let files = read_photos(&mut multipart).await?;
        // Decoding takes a core and up to ~150 MB per photo: two uploads decode at a time.
        static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let turn = DECODING.acquire().await.map_err(crate::storage::internal)?;
        let processed = tokio::task::spawn_blocking(move || {
            files
                .iter()
                .map(|bytes| photo::process(bytes))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(crate::storage::internal)??;
        drop(turn);
        let added = processed.len();
        record::add_photos(&state.db, &state.files, &actor, id, processed)
            .await
            .map_err(|e| match e {
                app::error::AppError::Code(c) | app::error::AppError::Field { code: c, .. } => c,
                _ => ErrorCode::Internal,
            })?;
        Ok::<usize, ApiError>(added)
    }
    .await;
    match (result, json) {
        (Ok(added), true) => (StatusCode::CREATED, Json(json!({ "added": added }))).into_response(),
        (Ok(added), false) => {
            Redirect::to(&format!("/org-life/{id}?photos={added}#photos")).into_response()
        }
        (Err(e), true) => e.into_response(),
        (Err(e), false) => Redirect::to(&format!(
            "/org-life/{id}?upload_error={}#photos",
            e.code.code()
        ))
        .into_response(),
    }
}

async fn read_photos(multipart: &mut Multipart) -> Result<Vec<Vec<u8>>, ApiError> {
    let mut files = Vec::new();
    // Read to the end even after a refusal (within the body limit): a browser still sending
    // when the answer comes shows a broken connection instead of the page with the message.
    let mut refused = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| ErrorCode::FileTooLarge)?
    {
        if field.name() != Some("photo") {
            continue;
        }
        // An empty file input still sends one empty part.
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| ErrorCode::FileTooLarge)? {
            if bytes.len() + chunk.len() > photo::MAX_PHOTO_BYTES || files.len() >= MAX_PHOTOS {
                refused = Some(ErrorCode::FileTooLarge);
            }
            if refused.is_none() {
                bytes.extend_from_slice(&chunk);
            }
        }
        if refused.is_none() && !bytes.is_empty() {
            files.push(bytes);
        }
    }
    match refused {
        Some(code) => Err(code.into()),
        None if files.is_empty() => Err(ErrorCode::InvalidImage.into()),
        None => Ok(files),
    }
}
