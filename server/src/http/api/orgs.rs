//! `/api/v1/orgs/{id}`: public information, the term of office, and the roster.

use std::collections::HashMap;

use app::{members::Roster, orgs::OrgInfo};
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    Json,
};
use domain::ErrorCode;

use super::{body, ApiError};
use crate::{
    access::Actor,
    orgs::{service, TermPatch},
    storage::Db,
};

pub async fn get(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<OrgInfo>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    Ok(Json(service::view(&db, &actor, id).await?))
}

pub async fn update_term(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<OrgInfo>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let patch: TermPatch = body::json(&raw)?;
    match service::set_term(&db, &actor, id, &patch).await? {
        Ok(info) => Ok(Json(info)),
        Err((field, code)) => Err(ApiError::bad_param(code, field)),
    }
}

pub async fn roster(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Roster>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let number = |name: &str, default: i64, max: i64| match params.get(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, name)),
    };
    let page = number("page", 1, 1_000_000)?;
    let per_page = number("per_page", 50, service::MAX_PER_PAGE)?;
    Ok(Json(
        service::roster(&db, &actor, id, page, per_page).await?,
    ))
}
