//! A signed-in role that opens an administrator page it may not use gets the page's own
//! refusal with status 403, so a link typed or bookmarked is refused like a request to the
//! API (the table: `app::layout::admin_nav`, docs/operations.md#navigation).

use axum::{
    extract::Request,
    http::{Method, StatusCode},
    middleware::Next,
    response::Response,
};

use super::AppState;
use crate::access::Actor;

pub async fn check(state: AppState, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let listed = app::layout::admin_nav::ADMIN_PAGES
        .iter()
        .any(|p| p.gated && p.href == path);
    if req.method() != Method::GET || !listed {
        return next.run(req).await;
    }
    let secure = app::backend::Backend::secure_cookies(state.backend.as_ref());
    let role = match app::auth::cookie::read(req.headers(), app::auth::session_cookie_name(secure))
    {
        Some(token) => match Actor::from_session(&state.db, &token).await {
            Ok(actor) => actor.map(|a| a.role),
            Err(e) => {
                tracing::error!(error = %e, "looking up the session for a page");
                None
            }
        },
        None => None,
    };
    let mut response = next.run(req).await;
    if role.is_some_and(|r| app::layout::admin_nav::refused(&path, r).is_some()) {
        *response.status_mut() = StatusCode::FORBIDDEN;
    }
    response
}
