//! `POST /api/v1/assistance/{team}/visits`: a team member logs a visit — `visited_on`,
//! `content` and any number of `photo` fields (up to six) in one multipart form. A page with
//! JavaScript sends it in the background (progress bar) and gets JSON; a page without it is
//! redirected back to the team — refused, with what was typed, so the form shows it again. A
//! bad photo refuses the whole visit and nothing is kept.

use app::url::percent_encode;
use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
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
    // (day, text) as sent, for the form without JavaScript to show again when refused.
    let mut typed: Option<(String, String)> = None;
    let result = async {
        let actor = actor?;
        // Permission first: nothing is read or decoded for someone not on the team.
        let team = visit::require_member(&state.db, &actor, team_id).await?;
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        let (files, fields) = photo_form::read(&mut multipart).await?;
        let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
        typed = Some((field("visited_on").into(), field("content").into()));
        let today = crate::clock::today_china();
        // The day and the text before the photos: a wrong date costs no decoding.
        visit::check(&team, field("visited_on"), field("content"), today).map_err(|e| e.code())?;
        let processed = photo_form::decode(files).await?;
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
        .map_err(|e| e.code())?;
        Ok::<_, ApiError>(json!({ "ok": true }))
    }
    .await;
    photo_form::answer(
        result,
        json,
        || format!("/assistance/{team_id}?visit=1#visits"),
        |code| {
            let again = typed.map_or_else(String::new, |(day, text)| {
                // Within the form's own limit: an over-long text is not carried whole.
                let text: String = text.chars().take(2000).collect();
                format!(
                    "&visited_on={}&content={}",
                    percent_encode(&day),
                    percent_encode(&text)
                )
            });
            format!("/assistance/{team_id}?visit_error={code}{again}#log-visit")
        },
    )
}
