//! Requests to `/api/v1` that carry `Authorization: Bearer djt_…` (docs/security.md#api-tokens):
//! the token is checked, the route's scope required, the minute's rate counted, and the request
//! logged with the status it got. The handler then finds its [`Actor`] in the request's
//! extensions, exactly as it would a session's.

use axum::{
    extract::{MatchedPath, Request},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::{api_token::split_token, ErrorCode};

use super::{
    super::routes::Routes,
    scopes::{is_public, scope_for},
    ApiError,
};
use crate::http::AppState;
use crate::{access::Actor, api_tokens::gate, auth::now_epoch, storage::Db};

/// The actor a token stands for, put where the [`Actor`] extractor looks first.
#[derive(Clone)]
pub struct TokenActor(pub Actor);

/// Puts the gate on `routes`: a route layer, so it sees which route matched.
pub fn guard(routes: Routes<AppState>, db: Db, per_minute: i64) -> Routes<AppState> {
    routes.map_router(|router| {
        router.route_layer(axum::middleware::from_fn(
            move |req: Request, next: Next| check(db.clone(), per_minute, req, next),
        ))
    })
}

async fn check(db: Db, per_minute: i64, mut request: Request, next: Next) -> Response {
    // A session's request passes at the cost of one header lookup: no `Authorization`, or one
    // of another scheme (a reverse proxy's Basic login in front of the site is not ours to read).
    if !request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_bearer)
    {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().trim_start_matches("/api/v1").to_string())
        .unwrap_or_default();
    // A method the route does not serve is the router's to answer (405), token or not.
    let served = super::openapi::serves(request.method(), &route);
    let Some(presented) = request
        .headers()
        .get(header::AUTHORIZATION)
        .filter(|_| served)
    else {
        return next.run(request).await;
    };
    let Some((id, secret)) = presented
        .to_str()
        .ok()
        .and_then(|v| v.get(7..))
        .and_then(|t| split_token(t.trim()))
    else {
        return refused(ErrorCode::InvalidToken, None);
    };
    // The log names the whole path, as the caller sent it (the nested router sees its own part).
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path(), |u| u.0.path())
        .to_string();
    let method = request.method().clone();
    let now = now_epoch();
    let bearer = match gate::authenticate(&db, id, secret, now).await {
        Ok(Ok(bearer)) => bearer,
        Ok(Err(known)) => {
            tracing::info!(token_id = id, "api token refused");
            if let Some(id) = known {
                log(&db, id, now, &method, &path, 401).await;
            }
            return refused(ErrorCode::InvalidToken, None);
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let needed = scope_for(&method, &route);
    let granted = is_public(&method, &route) || needed.is_some_and(|s| bearer.scopes.contains(&s));
    if !granted {
        log(&db, bearer.token_id, now, &method, &path, 403).await;
        return refused(ErrorCode::TokenScopeMissing, None);
    }
    match gate::take_request(&db, bearer.token_id, per_minute, now).await {
        Ok(None) => {}
        Ok(Some(wait)) => {
            log(&db, bearer.token_id, now, &method, &path, 429).await;
            return refused(ErrorCode::Throttled, Some(wait));
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    request.extensions_mut().insert(TokenActor(bearer.actor));
    let response = next.run(request).await;
    let status = response.status().as_u16();
    log(&db, bearer.token_id, now, &method, &path, status).await;
    response
}

/// `Bearer …`, the scheme named in any case (RFC 7235).
fn is_bearer(value: &str) -> bool {
    value
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
}

async fn log(db: &Db, token_id: i64, now: i64, method: &Method, path: &str, status: u16) {
    if let Err(e) = gate::log_use(db, token_id, now, method.as_str(), path, status).await {
        tracing::error!(error = %e, "api token use not logged");
    }
}

fn refused(code: ErrorCode, retry_after: Option<i64>) -> Response {
    let mut response = ApiError::from(code).into_response();
    let headers = response.headers_mut();
    if code == ErrorCode::InvalidToken {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"dangjian\""),
        );
    }
    if let Some(wait) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(wait));
    }
    response
}
