//! Which `/api/v1` routes a token may call, with which scope, and which are open to anyone:
//! the gate enforces this table and the OpenAPI description publishes it
//! (docs/security.md#api-tokens).

use axum::http::Method;
use domain::api_token::TokenScope;

/// The scope a token needs for a route under `/api/v1`, or `None` where tokens are not
/// accepted (every write, and reads meant for people in the app). The table is the scopes'
/// whole meaning: docs/security.md#api-tokens lists it for integrators.
pub fn scope_for(method: &Method, route: &str) -> Option<TokenScope> {
    if method != Method::GET {
        return None;
    }
    match route {
        "/members/{id}"
        | "/members/{id}/history"
        | "/orgs/{id}/members"
        | "/orgs/{id}/members.xlsx"
        | "/search" => Some(TokenScope::MembersRead),
        "/orgs/{id}" | "/orgs/{id}/history" => Some(TokenScope::OrgsRead),
        "/orgs/{id}/dues/{year}" => Some(TokenScope::DuesRead),
        "/audit/events" | "/audit/verify" => Some(TokenScope::AuditRead),
        _ => None,
    }
}

/// Routes open to anyone, a token or not: the description of the API, the public dues
/// calculator, and WeChat Pay's signed notification.
pub fn is_public(method: &Method, route: &str) -> bool {
    matches!(
        (method.as_str(), route),
        ("GET", "/openapi.json" | "/docs" | "/dues/quote") | ("POST", "/dues/wechat/notify")
    )
}
