//! `/api/v1/accounts/{id}/…` and `/api/v1/members/{id}/account`: administrators look after the
//! accounts in their scope (docs/operations.md#accounts). One-time passwords appear in the
//! answer once and nowhere else.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use domain::{AccountId, ErrorCode, MemberId};
use secrecy::ExposeSecret as _;
use serde_json::{json, Value};

use super::{body, ApiError};
use crate::{access::Actor, accounts, storage::Db};

fn issued(i: &accounts::Issued) -> Value {
    json!({
        "account_id": i.account.id,
        "mobile": i.account.mobile,
        "one_time_password": i.one_time_password.expose_secret(),
    })
}

pub async fn create(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let member: MemberId = body::id(&id, ErrorCode::InvalidMemberId)?;
    let done = accounts::create_for_member(&db, &actor, member).await?;
    Ok((StatusCode::CREATED, Json(issued(&done))))
}

pub async fn reset(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    Ok(Json(issued(&accounts::reset(&db, &actor, id).await?)))
}

pub async fn disable(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    let account = accounts::set_disabled(&db, &actor, id, true).await?;
    Ok(Json(json!({ "account_id": account.id, "disabled": true })))
}

pub async fn enable(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    let account = accounts::set_disabled(&db, &actor, id, false).await?;
    Ok(Json(json!({ "account_id": account.id, "disabled": false })))
}

pub async fn sign_out(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: AccountId = body::id(&id, ErrorCode::BadRequest)?;
    let ended = accounts::sign_out_everywhere(&db, &actor, id).await?;
    Ok(Json(json!({ "account_id": id, "sessions_ended": ended })))
}
