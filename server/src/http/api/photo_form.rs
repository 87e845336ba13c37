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
/// Documents per request.
pub const MAX_DOCUMENTS: usize = 3;
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

/// What an upload form sent: photos (`photo` fields), documents (`file` fields, with the name
/// the phone gave them) and the text fields by name. Empty file inputs are left out.
#[derive(Default)]
pub struct Parts {
    pub photos: Vec<Vec<u8>>,
    pub documents: Vec<(String, Vec<u8>)>,
    pub fields: HashMap<String, String>,
}

/// The photos' bytes and the text fields by name, for a form that takes no documents.
pub async fn read(
    multipart: &mut Multipart,
) -> Result<(Vec<Vec<u8>>, HashMap<String, String>), ApiError> {
    let parts = read_parts(multipart).await?;
    if !parts.documents.is_empty() {
        return Err(ErrorCode::BadRequest.into());
    }
    Ok((parts.photos, parts.fields))
}

pub async fn read_parts(multipart: &mut Multipart) -> Result<Parts, ApiError> {
    let mut out = Parts::default();
    // Read to the end even after a refusal (within the body limit): a browser still sending
    // when the answer comes shows a broken connection instead of the page with the message.
    let mut refused = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(super::body::multipart_refusal)?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().unwrap_or_default().to_string();
        let (limit, room) = match name.as_str() {
            "photo" => (photo::MAX_PHOTO_BYTES, out.photos.len() < MAX_PHOTOS),
            "file" => (
                crate::files::sniff::MAX_DOCUMENT_BYTES,
                out.documents.len() < MAX_DOCUMENTS,
            ),
            _ => (MAX_FIELD, true),
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(super::body::multipart_refusal)?
        {
            if bytes.len() + chunk.len() > limit || !room {
                refused = Some(ErrorCode::FileTooLarge);
            }
            if refused.is_none() {
                bytes.extend_from_slice(&chunk);
            }
        }
        if refused.is_some() {
            continue;
        }
        match name.as_str() {
            // An empty file input still sends one empty part.
            "photo" | "file" if bytes.is_empty() => {}
            "photo" => out.photos.push(bytes),
            "file" => out.documents.push((file_name, bytes)),
            _ => match String::from_utf8(bytes) {
                Ok(text) => {
                    out.fields.insert(name, text);
                }
                Err(_) => refused = Some(ErrorCode::BadRequest),
            },
        }
    }
    match refused {
        Some(code) => Err(code.into()),
        None => Ok(out),
    }
}

/// Checks and re-encodes every photo, or refuses them all (`orglife::photo::process_all`).
pub async fn decode(files: Vec<Vec<u8>>) -> Result<Vec<Processed>, ApiError> {
    Ok(photo::process_all(files).await?)
}
