//! `POST /api/v1/uploads/images[?purpose=suggestion]`: an image for a study article (authors)
//! or a suggestion's photo (members). The same multipart form works from a page without
//! JavaScript (answered with a redirect back to the page) and from `fetch` (answered with
//! JSON). What the bytes are, where they go and who may upload: `files::uploads`.

use axum::{
    extract::{Multipart, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::ErrorCode;
use serde_json::json;

use super::ApiError;
use crate::{
    access::Actor,
    files::uploads::{self, Purpose, MAX_IMAGE_BYTES},
    http::AppState,
};

/// JSON for any caller but a page's plain form post: a browser posting a form without
/// JavaScript asks for HTML, and is sent back to its page instead.
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept.contains("application/json") || !accept.contains("text/html")
}

/// Where a page without JavaScript goes back to, and the query parameter for the address.
fn back(purpose: Purpose) -> (&'static str, &'static str) {
    match purpose {
        Purpose::Study => ("/admin/study", "image"),
        Purpose::Suggestion => ("/suggestions", "photo"),
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
        // Refused before the body is read.
        purpose.allowed(&actor)?;
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        let bytes = read_image(&mut multipart).await?;
        Ok::<_, ApiError>(
            uploads::store_image(&state.db, state.files.as_ref(), &actor, purpose, bytes).await?,
        )
    }
    .await;
    let (page, param) = back(purpose.unwrap_or(Purpose::Study));
    match (result, json) {
        (Ok(url), true) => (StatusCode::CREATED, Json(json!({ "url": url }))).into_response(),
        // The address is a file key: lowercase ASCII and `/`, nothing to escape.
        (Ok(url), false) => Redirect::to(&format!("{page}?{param}={url}")).into_response(),
        (Err(e), true) => e.into_response(),
        // The code, not the message: the page shows its own words for it.
        (Err(e), false) => {
            Redirect::to(&format!("{page}?upload_error={}", e.code.code())).into_response()
        }
    }
}

/// The form's `image` field, read in chunks so an oversized upload is refused without holding
/// all of it.
async fn read_image(multipart: &mut Multipart) -> Result<Vec<u8>, ErrorCode> {
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| ErrorCode::BadRequest)?
    {
        if field.name() != Some("image") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(super::body::multipart_refusal)?
        {
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(ErrorCode::FileTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if bytes.is_empty() {
            break;
        }
        return Ok(bytes);
    }
    Err(ErrorCode::InvalidImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_page_asking_for_html_is_sent_back_to_it() {
        let with = |accept: Option<&str>| {
            let mut h = HeaderMap::new();
            if let Some(a) = accept {
                h.insert(header::ACCEPT, a.parse().unwrap());
            }
            wants_json(&h)
        };
        assert!(with(None));
        assert!(with(Some("*/*")));
        assert!(with(Some("application/json")));
        assert!(with(Some("application/json, text/html")));
        assert!(!with(Some("text/html,application/xhtml+xml,*/*;q=0.8")));
    }
}
