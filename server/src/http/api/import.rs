//! `/api/v1/import/…`: the county's workbooks from the page (docs/operations.md#importing).
//! The upload starts a background check (and, unless a dry run, the write); the page polls the
//! job for its progress and result, then fetches each branch's password workbook once.

use axum::{
    extract::{Multipart, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse as _, Response},
    Json,
};
use domain::{access::Action, ErrorCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::ApiError;
use crate::{
    access::Actor,
    http::AppState,
    import::{template, Kind},
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

/// The upload's fields: `file` (the workbook) and, from the page's plain form, `kind` and
/// `dry_run`.
#[derive(Default)]
struct Upload {
    file: Option<Vec<u8>>,
    kind: Option<String>,
    dry_run: Option<String>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, ApiError> {
    let mut upload = Upload::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(super::body::multipart_refusal)?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(super::body::multipart_refusal)?;
        match name.as_str() {
            "file" => upload.file = Some(bytes.to_vec()),
            "kind" => upload.kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "dry_run" => upload.dry_run = Some(String::from_utf8_lossy(&bytes).into_owned()),
            _ => {}
        }
    }
    Ok(upload)
}

fn workbook(upload: &mut Upload) -> Result<Vec<u8>, ApiError> {
    upload
        .file
        .take()
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, "file"))
        .and_then(|f| {
            // An .xlsx file is a zip archive: anything else is refused now, not after queueing.
            if f.starts_with(b"PK\x03\x04") {
                Ok(f)
            } else {
                Err(ApiError::bad_param(ErrorCode::NotAWorkbook, "file"))
            }
        })
}

/// `POST /api/v1/import/{orgs|members}?dry_run=1`, the workbook as the multipart field `file`:
/// 202 with the job to poll.
pub async fn start(
    actor: Actor,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<StartQuery>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
    let kind = kind(&raw)?;
    let mut upload = read_upload(multipart).await?;
    let file = workbook(&mut upload)?;
    let dry_run = query.dry_run.as_deref() == Some("1");
    let job = state
        .imports
        .start(&state.db, &actor, kind, file, dry_run)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "job": job }))))
}

/// `POST /admin/import/upload`: the page's form without scripts (fields `kind`, `dry_run`,
/// `file`). To `/admin/import?job=ID`, which shows the job and refreshes itself until it ends,
/// or back to `/admin/import?error=<code>`.
pub async fn form_upload(
    actor: Result<Actor, ApiError>,
    State(state): State<AppState>,
    multipart: Multipart,
) -> Response {
    let started: Result<i64, ApiError> = async {
        let actor = actor?;
        actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
        let mut upload = read_upload(multipart).await?;
        let kind = kind(upload.kind.as_deref().unwrap_or_default())?;
        let file = workbook(&mut upload)?;
        let dry_run = upload.dry_run.as_deref() != Some("0");
        Ok(state
            .imports
            .start(&state.db, &actor, kind, file, dry_run)
            .await?)
    }
    .await;
    let to = match started {
        Ok(job) => format!("/admin/import?job={job}"),
        Err(e) => format!("/admin/import?error={}", e.code.code()),
    };
    axum::response::Redirect::to(&to).into_response()
}

/// `GET /api/v1/import/jobs/{id}`: progress, then the result, to the account that started it.
pub async fn job(
    actor: Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<app::import::ImportJob>, ApiError> {
    let job = state.imports.get(&state.db, &actor, id).await?;
    Ok(Json(crate::ui::job_view(&job)))
}

/// `GET /api/v1/import/jobs/{id}/passwords/{n}.xlsx`: one branch's one-time passwords, once.
pub async fn passwords(
    actor: Actor,
    State(state): State<AppState>,
    Path((id, n)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let index: usize = n
        .trim_end_matches(".xlsx")
        .parse()
        .map_err(|_| ApiError::bad_param(ErrorCode::NotFound, "n"))?;
    let (org, bytes) = state
        .imports
        .take_sheet(&state.db, &actor, id, index)
        .await?;
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
