use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

/// `/pkg/` files carry a content hash in their names (cargo-leptos `hash-files`), so they never
/// change under the same URL and may be cached for a year; other public files for a day.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = request.uri().path().starts_with("/pkg/");
    let public_file = request.uri().path() == "/favicon.ico";
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        let value = if immutable {
            Some("public, max-age=31536000, immutable")
        } else if public_file {
            Some("public, max-age=86400")
        } else {
            None
        };
        if let Some(v) = value {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
        }
    }
    response
}
