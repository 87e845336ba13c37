//! `/api/v1/members/{id}`: one member's file, its edits and its history.

use app::members::{HistoryEntry, MemberFile, MemberPatch};
use axum::{
    body::Bytes,
    extract::{Path, State},
    Json,
};
use domain::ErrorCode;

use super::{body, ApiError};
use crate::{access::Actor, error::ServiceError, members::service, storage::Db};

pub async fn get(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<MemberFile>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidMemberId)?;
    Ok(Json(service::file(&db, &actor, id).await?))
}

pub async fn update(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<MemberFile>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidMemberId)?;
    let patch: MemberPatch = body::json(&raw)?;
    match service::edit(&db, &actor, id, &patch).await {
        Ok(file) => Ok(Json(file)),
        Err(ServiceError::Field { field, code }) => Err(ApiError::bad_param(code, field)),
        Err(e) => Err(e.into()),
    }
}

pub async fn history(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidMemberId)?;
    Ok(Json(service::history_of(&db, &actor, id).await?))
}
