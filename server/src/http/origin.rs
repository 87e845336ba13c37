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
/// on cross-site POSTs, and it must name this host. (SameSite=Lax cookies are the second wall.)
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
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
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            if origin_host != host {
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
