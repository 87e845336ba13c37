//! `/api/v1/accounts/{id}/roles` (administrators grant and revoke roles from above) and
//! `/api/v1/session/role…` (a signed-in person lists their roles and picks the one this
//! session acts in). Rules: docs/operations.md#roles.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use domain::{AccountId, ErrorCode, OrgId, Role};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{body, ApiError};
use crate::{access::Actor, http::AppState, roles, storage::Db};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub(crate) struct RoleAt {
    role: Role,
    scope_org_id: OrgId,
}

fn listed(roles: &[roles::HeldRole]) -> Value {
    json!({
        "roles": roles.iter().map(|r| json!({
            "role": r.role,
            "role_label": r.role.label_zh(),
            "scope_org_id": r.scope_org_id,
            "scope_name": r.scope_name,
            "granted": r.grant_id.is_some(),
        })).collect::<Vec<_>>()
    })
}

pub async fn list(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    Ok(Json(listed(&roles::of_account(&db, &actor, id).await?)))
}

pub async fn grant(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    let at: RoleAt = body::json(&raw)?;
    roles::grant(&db, &actor, id, at.role, at.scope_org_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(listed(&roles::held(&db, id).await?)),
    ))
}

pub async fn revoke(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    let at: RoleAt = body::json(&raw)?;
    roles::revoke(&db, &actor, id, at.role, at.scope_org_id).await?;
    Ok(Json(listed(&roles::held(&db, id).await?)))
}

/// The caller's own roles, and which one this session acts in.
pub async fn mine(actor: Actor, State(db): State<Db>) -> Result<Json<Value>, ApiError> {
    let held = roles::held(&db, actor.account_id).await?;
    Ok(Json(json!({
        "roles": listed(&held).get("roles"),
        "active": { "role": actor.role, "scope_org_id": actor.scope_org_id },
    })))
}

/// Acts in another of the caller's roles from the next request on.
pub async fn switch(
    actor: Actor,
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Bytes,
) -> Result<Json<Value>, ApiError> {
    let at: RoleAt = body::json(&raw)?;
    let secure = state.backend.secure_cookies();
    let token = app::auth::cookie::read(&headers, app::auth::session_cookie_name(secure))
        .ok_or(ErrorCode::Unauthorized)?;
    roles::switch(
        &state.db,
        &token,
        actor.account_id,
        at.role,
        at.scope_org_id,
    )
    .await?;
    Ok(Json(
        json!({ "role": at.role, "scope_org_id": at.scope_org_id }),
    ))
}
