use axum::{
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use domain::ErrorCode;
use serde_json::json;

/// No state-changing request is accepted from another site: a browser always sends `Origin`
/// on cross-site POSTs, and it must name this site — the configured public origin when a proxy
/// rewrites `Host`, else the `Host` header. (SameSite=Lax cookies are the second wall.)
pub async fn reject_cross_site(
    public_origin: Option<std::sync::Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        if let Some(origin) = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let same_site = match &public_origin {
                Some(public) => origin.eq_ignore_ascii_case(public),
                None => origin.split_once("://").map(|(_, rest)| rest) == Some(host),
            };
            if !same_site {
                tracing::warn!(origin, host, path = %request.uri().path(), "cross-site request rejected");
                let code = ErrorCode::CrossSiteRequest;
                let body =
                    json!({ "error": { "code": code.code(), "message": code.message_zh() } });
                return (StatusCode::FORBIDDEN, Json(body)).into_response();
            }
        }
    }
    next.run(request).await
}
