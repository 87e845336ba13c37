//! `POST /api/v1/tasks/assignments/{id}/report`: a recipient reports its task from the phone —
//! `text`, `number`, any `photo` fields (up to six) and `file` fields (up to three documents) in
//! one multipart form. A page with JavaScript sends it in the background (progress bar) and gets
//! JSON; a page without it is redirected back to the task. A bad photo or document refuses the
//! whole report and nothing is kept.

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
};
use domain::ErrorCode;
use serde_json::json;

use super::{photo_form, ApiError};
use crate::{
    access::Actor,
    http::AppState,
    orglife::photo,
    tasks::{
        documents,
        review::{self, Report},
    },
};

pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    actor: Result<Actor, ApiError>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = super::uploads::wants_json(&headers);
    let mut task_id = None;
    let result = async {
        let actor = actor?;
        // Permission first: nothing is read or decoded for someone else's task.
        let a = review::require_reporter(&state.db, &actor, id).await?;
        task_id = Some(a.task_id);
        let mut multipart = multipart.map_err(|_| ErrorCode::BadRequest)?;
        let parts = photo_form::read_parts(&mut multipart).await?;
        let field = |k: &str| parts.fields.get(k).cloned().unwrap_or_default();
        // The words, the task's state and the documents' types before any photo is decoded or
        // anything stored: a refusal leaves nothing behind.
        review::check_report(&a, &field("text"), &field("number"))?;
        documents::check(&parts.documents)?;
        let processed = photo_form::decode(parts.photos).await?;
        let mut photos = Vec::with_capacity(processed.len());
        for p in processed {
            photos.push(photo::store(&state.files, "task", p).await?);
        }
        let report = Report {
            text: field("text"),
            number: field("number"),
            photos,
            documents: documents::store(&state.files, parts.documents).await?,
        };
        review::report(&state.db, &actor, id, &report, crate::clock::today_china())
            .await
            .map_err(|e| e.code())?;
        Ok::<_, ApiError>(json!({ "ok": true }))
    }
    .await;
    let back = move |q: String| match task_id {
        Some(t) => format!("/tasks/{t}?{q}"),
        None => format!("/tasks?{q}"),
    };
    photo_form::answer(
        result,
        json,
        || back("reported=1".into()),
        |code| back(format!("report_error={code}")),
    )
}
