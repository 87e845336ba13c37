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

/// `GET /api/v1/orgs/{id}/dues/{year}`: dues expected and collected per month in the
/// subtree, its children side by side, and who is in arrears.
pub async fn dues(
    actor: Actor,
    State(db): State<Db>,
    Path((id, year)): Path<(String, String)>,
) -> Result<Json<app::dues::LedgerView>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let year = year
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, "year"))?;
    Ok(Json(
        crate::dues::ledger::view(&db, &actor, Some(id), year).await?,
    ))
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
    let per_page = number("per_page", 50, service::MAX_PER_PAGE)?;
    // Paging by offset reads and skips every row before the page: a page past any county's
    // roster is refused rather than read (docs/security.md#requests).
    let page = number("page", 1, service::MAX_ROSTER_ROWS / per_page + 1)?;
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

/// `POST /api/v1/orgs/{id}/children` `{"name", "kind"}`: a new organization under `{id}`.
pub async fn create_child(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<(axum::http::StatusCode, Json<OrgInfo>), ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let form: crate::orgs::NewOrg = body::json(&raw)?;
    let info = service::create(&db, &actor, id, &form).await?;
    Ok((axum::http::StatusCode::CREATED, Json(info)))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct Rename {
    name: String,
}

/// `PATCH /api/v1/orgs/{id}` `{"name"}`: renamed from above.
pub async fn rename(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<OrgInfo>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let patch: Rename = body::json(&raw)?;
    Ok(Json(service::rename(&db, &actor, id, &patch.name).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct Move {
    parent_id: i64,
}

/// `POST /api/v1/orgs/{id}/move` `{"parent_id"}`: the subtree moved under another parent.
pub async fn move_under(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<OrgInfo>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let to: Move = body::json(&raw)?;
    let parent =
        domain::OrgId::new(to.parent_id).map_err(|c| ApiError::bad_param(c, "parent_id"))?;
    Ok(Json(service::move_under(&db, &actor, id, parent).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct Merge {
    into: i64,
}

/// `POST /api/v1/orgs/{id}/merge` `{"into"}`: 合并 — every member of branch `id` moved into
/// branch `into`, `id` dissolved; answers the branch that remains and how many moved.
pub async fn merge(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let to: Merge = body::json(&raw)?;
    let into = domain::OrgId::new(to.into).map_err(|c| ApiError::bad_param(c, "into"))?;
    let (info, members) = service::merge(&db, &actor, id, into).await?;
    Ok(Json(
        serde_json::json!({ "into": info, "members": members }),
    ))
}

/// `GET /api/v1/orgs/{id}/history`: the organization's trail events, newest first.
pub async fn history(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Vec<app::members::HistoryEntry>>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    Ok(Json(service::history(&db, &actor, id).await?))
}

/// `POST /api/v1/orgs/{id}/dissolve`: 撤销, once no member and no live organization is left in it.
pub async fn dissolve(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<OrgInfo>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    Ok(Json(service::dissolve(&db, &actor, id).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct Appoint {
    member_id: i64,
    position: String,
    since: String,
    #[serde(default)]
    grant_role: bool,
}

fn role_follow(f: crate::orgs::RoleFollow) -> serde_json::Value {
    use crate::orgs::RoleFollow::*;
    serde_json::json!({ "role": match f {
        Untouched => "untouched",
        Granted => "granted",
        Revoked => "revoked",
        NothingToDo => "nothing_to_do",
    } })
}

/// `POST /api/v1/orgs/{id}/leaders` `{"member_id", "position", "since", "grant_role"}`: a seat on
/// the leadership team filled (201); `role` says what became of the admin role for a secretary.
pub async fn appoint(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let a: Appoint = body::json(&raw)?;
    let member =
        domain::MemberId::new(a.member_id).map_err(|c| ApiError::bad_param(c, "member_id"))?;
    let follow =
        crate::orgs::appoint(&db, &actor, id, member, &a.position, &a.since, a.grant_role).await?;
    Ok((axum::http::StatusCode::CREATED, Json(role_follow(follow))))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct Vacate {
    member_id: i64,
    position: String,
    #[serde(default)]
    revoke_role: bool,
}

/// `POST /api/v1/orgs/{id}/leaders/remove` `{"member_id", "position", "revoke_role"}`.
pub async fn remove_leader(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = body::id(&id, ErrorCode::InvalidOrgId)?;
    let v: Vacate = body::json(&raw)?;
    let member =
        domain::MemberId::new(v.member_id).map_err(|c| ApiError::bad_param(c, "member_id"))?;
    let follow =
        crate::orgs::remove_leader(&db, &actor, id, member, &v.position, v.revoke_role).await?;
    Ok(Json(role_follow(follow)))
}
