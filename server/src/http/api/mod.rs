//! The public JSON API (`/api/v1`), for integrations. Errors are `{"error": {code, message}}`
//! with the same codes the UI translates.

mod accounts;
mod assistance_visits;
mod audit;
mod body;
mod dues_notify;
mod dues_quote;
mod error;
pub(crate) mod import;
mod meeting_photos;
mod members;
mod openapi;
mod openapi_page;
mod orgs;
mod photo_form;
mod probation;
mod roles;
mod scopes;
mod search;
mod task_reports;
mod token_gate;
pub mod uploads;
mod xlsx;

use axum::routing::get;

use super::{routes::Routes, AppState};
pub use error::ApiError;
pub use openapi::document;
pub use token_gate::{guard, TokenActor};

/// A request the extractors could not read (a path key past 64 bits, a repeated query field,
/// a body over its limit) is answered by axum in plain text that repeats the parser's words; the
/// API answers every refusal in its own JSON, with a code the caller can act on.
async fn json_refusals(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let plain = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if !(plain && response.status().is_client_error()) {
        return response;
    }
    let status = response.status();
    let code = if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        domain::ErrorCode::FileTooLarge
    } else {
        domain::ErrorCode::BadRequest
    };
    ApiError {
        code,
        status,
        message: format!("请求的路径、参数或正文格式不正确：{}", code.message_zh()),
    }
    .into_response()
}

pub fn routes() -> Routes<AppState> {
    routes_unwrapped().map_router(|r| r.layer(axum::middleware::map_response(json_refusals)))
}

fn routes_unwrapped() -> Routes<AppState> {
    Routes::new()
        .route("/openapi.json", get(openapi_page::json))
        .route("/docs", get(openapi_page::page))
        .route("/dues/quote", get(dues_quote::quote))
        .route(
            "/dues/wechat/notify",
            axum::routing::post(dues_notify::notify),
        )
        .route("/members/{id}", get(members::get).patch(members::update))
        .route("/members/{id}/history", get(members::history))
        .route(
            "/members/{id}/conversions",
            get(probation::list).post(probation::propose),
        )
        .route(
            "/members/{id}/conversions/{conversion}/decision",
            axum::routing::post(probation::decide),
        )
        .route(
            "/members/{id}/standing",
            axum::routing::post(probation::change_standing),
        )
        .route(
            "/members/{id}/account",
            axum::routing::post(accounts::create),
        )
        .route("/accounts/{id}/reset", axum::routing::post(accounts::reset))
        .route(
            "/accounts/{id}/disable",
            axum::routing::post(accounts::disable),
        )
        .route(
            "/accounts/{id}/enable",
            axum::routing::post(accounts::enable),
        )
        .route(
            "/accounts/{id}/sign-out",
            axum::routing::post(accounts::sign_out),
        )
        .route("/accounts/{id}/roles", get(roles::list).post(roles::grant))
        .route(
            "/accounts/{id}/roles/revoke",
            axum::routing::post(roles::revoke),
        )
        .route("/session/roles", get(roles::mine))
        .route("/session/role", axum::routing::post(roles::switch))
        .route("/orgs/{id}", get(orgs::get).patch(orgs::rename))
        .route(
            "/orgs/{id}/children",
            axum::routing::post(orgs::create_child),
        )
        .route("/orgs/{id}/move", axum::routing::post(orgs::move_under))
        .route("/orgs/{id}/dissolve", axum::routing::post(orgs::dissolve))
        .route("/orgs/{id}/merge", axum::routing::post(orgs::merge))
        .route("/orgs/{id}/leaders", axum::routing::post(orgs::appoint))
        .route(
            "/orgs/{id}/leaders/remove",
            axum::routing::post(orgs::remove_leader),
        )
        .route("/orgs/{id}/history", get(orgs::history))
        .route("/orgs/{id}/term", axum::routing::put(orgs::update_term))
        .route("/orgs/{id}/members", get(orgs::roster))
        .route("/orgs/{id}/members.xlsx", get(orgs::roster_xlsx))
        .route("/orgs/{id}/dues/{year}", get(orgs::dues))
        .route("/search", get(search::search))
        .route("/import/templates/{kind}", get(import::template))
        .route(
            "/import/{kind}",
            axum::routing::post(import::start)
                .layer(axum::extract::DefaultBodyLimit::max(import::MAX_WORKBOOK)),
        )
        .route("/import/jobs/{id}", get(import::job))
        .route("/import/jobs/{id}/passwords/{n}", get(import::passwords))
        .route("/audit/events", get(audit::events))
        .route("/audit/verify", get(audit::verify))
        .route(
            "/org-life/{id}/photos",
            axum::routing::post(meeting_photos::add).layer(axum::extract::DefaultBodyLimit::max(
                meeting_photos::MAX_BODY + 64 * 1024,
            )),
        )
        .route(
            "/assistance/{id}/visits",
            axum::routing::post(assistance_visits::add).layer(
                axum::extract::DefaultBodyLimit::max(meeting_photos::MAX_BODY + 64 * 1024),
            ),
        )
        .route(
            "/tasks/assignments/{id}/report",
            axum::routing::post(task_reports::report).layer(axum::extract::DefaultBodyLimit::max(
                meeting_photos::MAX_BODY + 64 * 1024,
            )),
        )
        .route(
            "/uploads/images",
            axum::routing::post(uploads::image).layer(axum::extract::DefaultBodyLimit::max(
                crate::files::uploads::MAX_IMAGE_BYTES + 64 * 1024,
            )),
        )
}
