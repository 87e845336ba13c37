//! `POST /api/v1/uploads/images[?purpose=suggestion]`: an image for a study article (authors)
//! or a suggestion's photo (members). The same multipart form works from a page without
//! JavaScript (answered with a redirect back to the page) and from `fetch` (answered with JSON). The bytes are checked to be an image of an allowed type,
//! whatever the file name or the browser claims, and stored under a name made from their hash.

use axum::{
    extract::{Multipart, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::{
    access::{Action, Reach},
    ErrorCode,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::ApiError;
use crate::{access::Actor, files::FileKey, http::AppState, storage::internal, with_pool};

pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// The image type the bytes start with (never the name or the declared type).
pub fn sniff_image(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}

fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Study,
    Suggestion,
}

impl Purpose {
    fn parse(v: Option<&str>) -> Result<Self, ErrorCode> {
        match v {
            None | Some("study") => Ok(Purpose::Study),
            Some("suggestion") => Ok(Purpose::Suggestion),
            Some(_) => Err(ErrorCode::BadRequest),
        }
    }

    /// Stored in `uploads.purpose` and as the first part of the file's key.
    fn code(self) -> &'static str {
        match self {
            Purpose::Study => "study",
            Purpose::Suggestion => "suggestion",
        }
    }

    fn allowed(self, actor: &Actor) -> Result<(), ErrorCode> {
        match self {
            Purpose::Study => actor.require(Action::AuthorStudy, Reach::ScopeRoot),
            // Suggestions come from members (their file says where the suggestion goes).
            Purpose::Suggestion => actor.member_id.map(|_| ()).ok_or(ErrorCode::Forbidden),
        }
    }

    /// Where a page without JavaScript goes back to, and the query parameter for the address.
    fn back(self) -> (&'static str, &'static str) {
        match self {
            Purpose::Study => ("/admin/study", "image"),
            Purpose::Suggestion => ("/suggestions", "photo"),
        }
    }
}

#[derive(serde::Deserialize)]
pub struct UploadQuery {
    purpose: Option<String>,
}

pub async fn image(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
    actor: Result<Actor, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let purpose = Purpose::parse(query.purpose.as_deref());
    let result = async {
        let purpose = purpose?;
        let actor = actor?;
        purpose.allowed(&actor)?;
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        store(&state, &actor, purpose, &mut multipart).await
    }
    .await;
    let (page, param) = purpose.unwrap_or(Purpose::Study).back();
    match (result, json) {
        (Ok(url), true) => (StatusCode::CREATED, Json(json!({ "url": url }))).into_response(),
        (Ok(url), false) => {
            Redirect::to(&format!("{page}?{param}={}", query_escape(&url))).into_response()
        }
        (Err(e), true) => e.into_response(),
        // The code, not the message: the page shows its own words for it.
        (Err(e), false) => {
            Redirect::to(&format!("{page}?upload_error={}", e.code.code())).into_response()
        }
    }
}

async fn store(
    state: &AppState,
    actor: &Actor,
    purpose: Purpose,
    multipart: &mut Multipart,
) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    let mut found = false;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| ErrorCode::BadRequest)?
    {
        if field.name() != Some("image") {
            continue;
        }
        found = true;
        // Read in chunks so an oversized upload is refused without holding all of it.
        while let Some(chunk) = field.chunk().await.map_err(|_| ErrorCode::FileTooLarge)? {
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(ErrorCode::FileTooLarge.into());
            }
            bytes.extend_from_slice(&chunk);
        }
        break;
    }
    if !found || bytes.is_empty() {
        return Err(ErrorCode::InvalidImage.into());
    }
    let (content_type, ext) = sniff_image(&bytes).ok_or(ErrorCode::InvalidImage)?;
    // A suggestion's photo is its member's own: the same picture from two members is two files,
    // each attachable only by the one who uploaded it. Study images are shared by content.
    let mut hasher = Sha256::new();
    if purpose == Purpose::Suggestion {
        hasher.update(actor.account_id.to_le_bytes());
    }
    hasher.update(&bytes);
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let key = FileKey::parse(&format!("{}/{hex}.{ext}", purpose.code())).map_err(internal)?;
    let size = bytes.len() as i64;
    state
        .files
        .put(&key, bytes, content_type)
        .await
        .map_err(internal)?;
    let now = crate::clock::now_rfc3339();
    with_pool!(&state.db, pool => {
        sqlx::query(
            "INSERT INTO uploads (key, content_type, size, purpose, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key.as_str())
        .bind(content_type)
        .bind(size)
        .bind(purpose.code())
        .bind(actor.account_id)
        .bind(&now)
        .execute(pool)
        .await
        .map_err(internal)?;
    });
    tracing::info!(
        account_id = actor.account_id,
        key = key.as_str(),
        size,
        "image uploaded"
    );
    Ok(format!("/files/{}", key.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().0,
            "image/jpeg"
        );
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n....").unwrap().0,
            "image/png"
        );
        assert_eq!(sniff_image(b"GIF89a...").unwrap().0, "image/gif");
        assert_eq!(
            sniff_image(b"RIFF\0\0\0\0WEBPVP8 ").unwrap().0,
            "image/webp"
        );
        assert!(sniff_image(b"<svg onload=alert(1)>").is_none());
        assert!(sniff_image(b"%PDF-1.7").is_none());
        assert!(sniff_image(b"").is_none());
    }

    #[test]
    fn escapes_for_a_query() {
        assert_eq!(query_escape("/files/study/ab.png"), "/files/study/ab.png");
        assert_eq!(query_escape("文 件&x"), "%E6%96%87%20%E4%BB%B6%26x");
    }
}
