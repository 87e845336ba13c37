//! A server function's error answers with the status of its code, however it was built.
//!
//! Leptos answers every `Err` of a server function with 500 unless the function set another
//! status; `app::error::fail` sets it, but an error passed up with `?` from a service did not,
//! so a refusal read as a server fault to scripts and to the fuzzing (docs/security.md#the-access-matrix).
//! Here the error is read back and the status follows its code: `forbidden` is 403, wherever it
//! came from.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};

/// Errors are a few hundred bytes; anything larger is not one of ours and passes unread.
const ERROR_LIMIT: usize = 64 * 1024;

pub async fn apply(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let response = next.run(req).await;
    if !server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_LIMIT).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.http_status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
