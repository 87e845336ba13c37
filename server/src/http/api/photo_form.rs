//! A multipart form carrying photos (`photo` fields) and a few text fields, as the meeting
//! record's and the visit log's upload forms send it; and the photos' decoding, bounded.

use std::collections::HashMap;

use axum::{
    extract::Multipart,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::ErrorCode;

use super::ApiError;
use crate::orglife::photo::{self, Processed};

/// Photos per request (a form without JavaScript sends them together).
pub const MAX_PHOTOS: usize = 6;
/// Bytes of one text field.
const MAX_FIELD: usize = 16 * 1024;

/// The answer to an upload form: to a page with JavaScript (`json`) 201 and `body`, or the
/// refusal; to one without, a redirect to `done` or to `refused(code)`.
pub fn answer(
    result: Result<serde_json::Value, ApiError>,
    json: bool,
    done: impl FnOnce() -> String,
    refused: impl FnOnce(&str) -> String,
) -> Response {
    match (result, json) {
        (Ok(body), true) => (StatusCode::CREATED, Json(body)).into_response(),
        (Ok(_), false) => Redirect::to(&done()).into_response(),
        (Err(e), true) => e.into_response(),
        (Err(e), false) => Redirect::to(&refused(e.code.code())).into_response(),
    }
}

/// The photos' bytes (empty file inputs left out) and the text fields by name.
pub async fn read(
    multipart: &mut Multipart,
) -> Result<(Vec<Vec<u8>>, HashMap<String, String>), ApiError> {
    let mut files = Vec::new();
    let mut fields = HashMap::new();
    // Read to the end even after a refusal (within the body limit): a browser still sending
    // when the answer comes shows a broken connection instead of the page with the message.
    let mut refused = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(super::body::multipart_refusal)?
    {
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == "photo" {
            photo::MAX_PHOTO_BYTES
        } else {
            MAX_FIELD
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(super::body::multipart_refusal)?
        {
            let one_too_many = name == "photo" && files.len() >= MAX_PHOTOS;
            if bytes.len() + chunk.len() > limit || one_too_many {
                refused = Some(ErrorCode::FileTooLarge);
            }
            if refused.is_none() {
                bytes.extend_from_slice(&chunk);
            }
        }
        if refused.is_some() {
            continue;
        }
        if name == "photo" {
            // An empty file input still sends one empty part.
            if !bytes.is_empty() {
                files.push(bytes);
            }
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    fields.insert(name, text);
                }
                Err(_) => refused = Some(ErrorCode::BadRequest),
            }
        }
    }
    match refused {
        Some(code) => Err(code.into()),
        None => Ok((files, fields)),
    }
}

/// Checks and re-encodes every photo, or refuses them all (`orglife::photo::process_all`).
pub async fn decode(files: Vec<Vec<u8>>) -> Result<Vec<Processed>, ApiError> {
    Ok(photo::process_all(files).await?)
}
