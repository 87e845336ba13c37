//! `/api/v1/orgs/{id}`: public information, the term of office, and the roster.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    Json,
};
use domain::{access::Action, ErrorCode};

use super::{body, ApiError};
use crate::{
    access::Actor,
    members::{self, Roster},
    orgs::{self, OrgInfo, TermPatch},
    storage::Db,
    trail::records::OrgRecord,
};

async fn locate(db: &Db, raw_id: &str) -> Result<OrgRecord, ApiError> {
    let id = body::id(raw_id, ErrorCode::InvalidOrgId)?;
    Ok(orgs::find(db, id).await?.ok_or(ErrorCode::NotFound)?)
}

pub async fn get(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<OrgInfo>, ApiError> {
    let org = locate(&db, &id).await?;
    actor.require(Action::ViewOrg, actor.reach_org(&org.path))?;
    Ok(Json(orgs::info(&db, org).await?))
}

pub async fn update_term(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<OrgInfo>, ApiError> {
    let org = locate(&db, &id).await?;
    actor.require(Action::EditOrg, actor.reach_org(&org.path))?;
    let patch: TermPatch = body::json(&raw)?;
    let (start, end) = patch
        .validate()
        .map_err(|(field, code)| ApiError::bad_param(code, field))?;
    let updated = orgs::update_term(&db, actor.account_id, org.id, start, end).await?;
    Ok(Json(orgs::info(&db, updated).await?))
}

pub const MAX_PER_PAGE: i64 = 100;

pub async fn roster(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Roster>, ApiError> {
    let org = locate(&db, &id).await?;
    actor.require(Action::ListMembers, actor.reach_org(&org.path))?;
    let number = |name: &str, default: i64, max: i64| match params.get(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, name)),
    };
    let page = number("page", 1, 1_000_000)?;
    let per_page = number("per_page", 50, MAX_PER_PAGE)?;
    let (total, members) = members::roster(&db, &org.path, page, per_page).await?;
    Ok(Json(Roster {
        org_id: org.id,
        org_kind: members::kind_label(&org.kind),
        org_name: org.name,
        total,
        page,
        per_page,
        members,
    }))
}
