//! `/api/v1/members/{id}/conversions` and `/standing`: 预备党员转正 proposed and decided, and
//! 党籍状态 changes (docs/rules.md#admission-to-full-membership, #standing-changes).

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use domain::{ErrorCode, MemberId};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{body, ApiError};
use crate::{
    access::Actor,
    members::{probation, standing},
    storage::Db,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub(crate) struct ProposalBody {
    meeting_on: String,
    entitled: u32,
    in_favour: u32,
    against: u32,
    abstaining: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub(crate) struct DecisionBody {
    decision: String,
    #[serde(default)]
    months: Option<u8>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub(crate) struct StandingBody {
    change: String,
    on: String,
    reason: String,
}

fn member(raw: &str) -> Result<MemberId, ApiError> {
    body::id(raw, ErrorCode::InvalidMemberId)
}

pub async fn propose(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<(StatusCode, Json<probation::ConversionRecord>), ApiError> {
    let id = member(&id)?;
    let b: ProposalBody = body::json(&raw)?;
    let form = probation::ProposalForm {
        meeting_on: b.meeting_on,
        entitled: b.entitled.to_string(),
        in_favour: b.in_favour.to_string(),
        against: b.against.to_string(),
        abstaining: b.abstaining.to_string(),
    };
    let record = probation::propose(&db, &actor, id, &form).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

pub async fn decide(
    actor: Actor,
    State(db): State<Db>,
    Path((id, conversion)): Path<(String, String)>,
    raw: Bytes,
) -> Result<Json<probation::ConversionRecord>, ApiError> {
    let id = member(&id)?;
    let conversion: i64 = body::id(&conversion, ErrorCode::NotFound)?;
    let b: DecisionBody = body::json(&raw)?;
    let form = probation::DecisionForm {
        decision: b.decision,
        months: b.months.map(|m| m.to_string()).unwrap_or_default(),
        note: b.note,
    };
    Ok(Json(
        probation::decide(&db, &actor, id, conversion, &form).await?,
    ))
}

pub async fn list(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = member(&id)?;
    // Whoever may read the file reads its proposals.
    crate::members::service::file(&db, &actor, id).await?;
    Ok(Json(
        json!({ "conversions": probation::proposals(&db, id).await? }),
    ))
}

pub async fn change_standing(
    actor: Actor,
    State(db): State<Db>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = member(&id)?;
    let b: StandingBody = body::json(&raw)?;
    let form = standing::StandingForm {
        change: b.change,
        on: b.on,
        reason: b.reason,
    };
    let after = standing::change(&db, &actor, id, &form).await?;
    Ok(Json(json!({
        "member_id": after.id,
        "standing": after.standing,
        "standing_since": after.standing_since,
        "standing_reason": after.standing_reason,
    })))
}
