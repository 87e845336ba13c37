//! `/api/v1/members/{id}`: one member's file, its edits and its history.

use axum::{
    body::Bytes,
    extract::{Path, State},
    Json,
};
use domain::{access::Action, ErrorCode};

use super::{body, ApiError};
use crate::{
    access::Actor,
    members::{self, HistoryEntry, MemberFile, MemberPatch},
    storage::Db,
};

async fn locate(db: &Db, raw_id: &str) -> Result<members::Located, ApiError> {
    let id = body::id(raw_id, ErrorCode::InvalidMemberId)?;
    Ok(members::find(db, id).await?.ok_or(ErrorCode::NotFound)?)
}

pub async fn get(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<MemberFile>, ApiError> {
    let found = locate(&db, &id).await?;
    let reach = actor.reach_member(found.member.id, &found.org_path);
    actor.require(Action::ViewMemberFile, reach)?;
    let full = actor.may(Action::ViewMemberIdentity, reach);
    let positions = members::positions(&db, found.member.id).await?;
    Ok(Json(MemberFile::new(
        found.member,
        found.org_name,
        positions,
        full,
    )))
}

pub async fn update(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<MemberFile>, ApiError> {
    let found = locate(&db, &id).await?;
    let reach = actor.reach_member(found.member.id, &found.org_path);
    actor.require(Action::EditMemberFile, reach)?;
    let patch: MemberPatch = body::json(&raw)?;
    let updated = match members::update(&db, actor.account_id, found.member.id, &patch).await {
        Ok(Ok(m)) => m,
        Ok(Err(field)) => return Err(ApiError::bad_param(field.code, field.field)),
        Err(ErrorCode::Conflict) => {
            return Err(ApiError {
                message: "这个手机号已登记在其他党员名下".into(),
                ..ErrorCode::Conflict.into()
            })
        }
        Err(code) => return Err(code.into()),
    };
    tracing::info!(
        account_id = actor.account_id,
        member_id = updated.id,
        "member file updated"
    );
    let full = actor.may(Action::ViewMemberIdentity, reach);
    let positions = members::positions(&db, updated.id).await?;
    Ok(Json(MemberFile::new(
        updated,
        found.org_name,
        positions,
        full,
    )))
}

pub async fn history(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let found = locate(&db, &id).await?;
    let reach = actor.reach_member(found.member.id, &found.org_path);
    actor.require(Action::ViewMemberFile, reach)?;
    let full = actor.may(Action::ViewMemberIdentity, reach);
    Ok(Json(members::history(&db, found.member.id, full).await?))
}
