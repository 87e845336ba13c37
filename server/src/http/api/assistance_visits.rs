//! `POST /api/v1/assistance/{team}/visits`: a team member logs a visit — `visited_on`,
//! `content` and any number of `photo` fields (up to six) in one multipart form. A page with
//! JavaScript sends it in the background (progress bar) and gets JSON; a page without it is
//! redirected back to the team. A bad photo refuses the whole visit and nothing is kept.

use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use domain::ErrorCode;
use serde_json::json;

use super::{photo_form, ApiError};
use crate::{access::Actor, assistance::visit, http::AppState};

pub async fn add(
    State(state): State<AppState>,
    Path(team_id): Path<i64>,
    headers: HeaderMap,
    actor: Result<Actor, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = super::uploads::wants_json(&headers);
    let result = async {
        let actor = actor?;
        // Permission first: nothing is read or decoded for someone not on the team.
        visit::require_member(&state.db, &actor, team_id).await?;
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        let (files, fields) = photo_form::read(&mut multipart).await?;
        let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
        let processed = photo_form::decode(files).await?;
        let today = crate::clock::today_china();
        visit::add(
            &state.db,
            &state.files,
            &actor,
            team_id,
            visit::NewVisit {
                visited_on: field("visited_on"),
                content: field("content"),
                photos: processed,
            },
            today,
        )
        .await
        .map_err(|e| match e {
            app::error::AppError::Code(c) | app::error::AppError::Field { code: c, .. } => c,
            _ => ErrorCode::Internal,
        })?;
        Ok::<(), ApiError>(())
    }
    .await;
    match (result, json) {
        (Ok(()), true) => (StatusCode::CREATED, Json(json!({ "ok": true }))).into_response(),
        (Ok(()), false) => {
            Redirect::to(&format!("/assistance/{team_id}?visit=1#visits")).into_response()
        }
        (Err(e), true) => e.into_response(),
        (Err(e), false) => Redirect::to(&format!(
            "/assistance/{team_id}?visit_error={}#log-visit",
            e.code.code()
        ))
        .into_response(),
    }
}
