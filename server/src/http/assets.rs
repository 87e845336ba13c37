use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

/// With `hashed` (the build step's `hash.txt`, docs/build.md#hashing), `/pkg/` names carry a content hash, never change
/// under the same URL and may be cached for a year. Without it a new release reuses the names,
/// so browsers must revalidate; other public files are cached for a day.
pub async fn cache_headers(hashed: bool, request: Request, next: Next) -> Response {
    let pkg = request.uri().path().starts_with("/pkg/");
    // hls.js under `/vendor/` changes only with a release that pins a new version.
    let public_file =
        request.uri().path() == "/favicon.ico" || request.uri().path().starts_with("/vendor/");
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        let value = if pkg && hashed {
            Some("public, max-age=31536000, immutable")
        } else if pkg {
            Some("no-cache")
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
