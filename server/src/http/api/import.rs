//! `/api/v1/import/…`: the county's workbooks from the page (docs/operations.md#importing).
//! The upload starts a background check (and, unless a dry run, the write); the page polls the
//! job for its progress and result, then fetches each branch's password workbook once.

use axum::{
    extract::{Multipart, Path, Query, State},
    http::StatusCode,
    response::Response,
    Json,
};
use domain::{access::Action, ErrorCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::ApiError;
use crate::{
    access::Actor,
    http::AppState,
    import::{
        jobs::{Finished, Job},
        template, Kind,
    },
};

/// The largest workbook taken: 20,000 members are about 2 MB.
pub const MAX_WORKBOOK: usize = 20 * 1024 * 1024;

fn kind(raw: &str) -> Result<Kind, ApiError> {
    Kind::parse(raw.trim_end_matches(".xlsx"))
        .ok_or_else(|| ApiError::bad_param(ErrorCode::NotFound, "kind"))
}

/// `GET /api/v1/import/templates/{orgs|members}.xlsx`
pub async fn template(actor: Actor, Path(raw): Path<String>) -> Result<Response, ApiError> {
    actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
    let kind = kind(&raw)?;
    let bytes = template::workbook(kind).map_err(|e| {
        tracing::error!(error = %e, "template workbook");
        ApiError::from(ErrorCode::Internal)
    })?;
    let (ascii, name) = match kind {
        Kind::Orgs => ("orgs-template.xlsx", "党组织导入模板.xlsx"),
        Kind::Members => ("members-template.xlsx", "党员导入模板.xlsx"),
    };
    Ok(super::xlsx::download(ascii, name, bytes))
}

#[derive(Deserialize)]
pub struct StartQuery {
    dry_run: Option<String>,
}

/// `POST /api/v1/import/{orgs|members}?dry_run=1`, the workbook as the multipart field `file`:
/// 202 with the job to poll.
pub async fn start(
    actor: Actor,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<StartQuery>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
    let kind = kind(&raw)?;
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| ErrorCode::FileTooLarge)?
    {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(|_| ErrorCode::FileTooLarge)?);
        }
    }
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, "file"))?;
    let dry_run = query.dry_run.as_deref() == Some("1");
    let job = state
        .imports
        .start(&state.db, &actor, kind, file.to_vec(), dry_run)?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "job": job }))))
}

fn status(id: u64, job: &Job) -> Value {
    let (phase, done, total) = job.progress.now();
    let mut answer = json!({
        "job": id,
        "dry_run": job.dry_run,
        "phase": phase.code(),
        "phase_label": phase.label_zh(),
        "done": done,
        "total": total,
        "seconds": job.started.elapsed().as_secs_f64(),
    });
    let result = match job.finished.as_ref().map(|(f, _)| f) {
        None => json!({ "state": "running" }),
        Some(Finished::Refused(problems)) => json!({
            "state": "refused",
            "problems": problems.iter().map(|p| json!({
                "row": p.row, "column": p.column, "message": p.message, "text": p.to_string(),
            })).collect::<Vec<_>>(),
        }),
        Some(Finished::Checked(outcome)) => json!({ "state": "checked", "outcome": outcome }),
        Some(Finished::Applied {
            outcome,
            accounts,
            sheets,
        }) => json!({
            "state": "applied",
            "outcome": outcome,
            "accounts": accounts,
            "sheets": sheets.iter().enumerate().map(|(i, (org, bytes))| json!({
                "index": i, "org": org, "taken": bytes.is_empty(),
            })).collect::<Vec<_>>(),
        }),
        Some(Finished::Failed) => json!({ "state": "failed" }),
    };
    if let (Some(a), Some(b)) = (answer.as_object_mut(), result.as_object()) {
        a.extend(b.clone());
    }
    answer
}

/// `GET /api/v1/import/jobs/{id}`: progress, then the result, to the account that started it.
pub async fn job(
    actor: Actor,
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Value>, ApiError> {
    let job = state.imports.get(&actor, id)?;
    Ok(Json(status(id, &job)))
}

/// `GET /api/v1/import/jobs/{id}/passwords/{n}.xlsx`: one branch's one-time passwords, once.
pub async fn passwords(
    actor: Actor,
    State(state): State<AppState>,
    Path((id, n)): Path<(u64, String)>,
) -> Result<Response, ApiError> {
    let index: usize = n
        .trim_end_matches(".xlsx")
        .parse()
        .map_err(|_| ApiError::bad_param(ErrorCode::NotFound, "n"))?;
    let (org, bytes) = state.imports.take_sheet(&actor, id, index)?;
    tracing::info!(
        account_id = actor.account_id.get(),
        job = id,
        index,
        "password workbook handed over"
    );
    Ok(super::xlsx::download(
        &format!("passwords-{index}.xlsx"),
        &format!("{org}-一次性密码.xlsx"),
        bytes,
    ))
}
