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

/// `GET /api/v1/orgs/{id}/members.xlsx?status=&category=&flowing=&unmasked=1&reason=`: the
/// subtree's roster as a workbook, masked unless `unmasked=1` with a `reason`.
pub async fn roster_xlsx(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<axum::response::Response, ApiError> {
    use crate::members::export::{roster_xlsx, ExportFilter};
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let given = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let filter = ExportFilter {
        status: given("status")
            .map(|v| domain::MemberStatus::parse(v).map_err(|c| ApiError::bad_param(c, "status")))
            .transpose()?,
        category: given("category")
            .map(|v| {
                domain::dues::DuesCategory::parse(v).map_err(|c| ApiError::bad_param(c, "category"))
            })
            .transpose()?,
        flowing: match given("flowing") {
            None => None,
            Some("1" | "true") => Some(true),
            Some("0" | "false") => Some(false),
            Some(_) => return Err(ApiError::bad_param(ErrorCode::BadRequest, "flowing")),
        },
    };
    let reason = match given("unmasked") {
        None | Some("0") => None,
        Some("1") => Some(params.get("reason").map_or("", String::as_str)),
        Some(_) => return Err(ApiError::bad_param(ErrorCode::BadRequest, "unmasked")),
    };
    let export = roster_xlsx(&db, &actor, id, &filter, reason).await?;
    Ok(super::xlsx::download(
        &format!("roster-{id}.xlsx"),
        &export.file_name,
        export.bytes,
    ))
}
