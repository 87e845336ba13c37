//! `/api/v1/audit`: the record trail for the county and auditors, personal data masked.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    Json,
};
use domain::ErrorCode;
use serde::Serialize;
use serde_json::Value;

use super::ApiError;
use crate::{
    access::Actor,
    storage::Db,
    trail::{
        find,
        read::{self, EventQuery},
    },
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct EventView {
    seq: i64,
    at: String,
    actor: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
    hash: String,
}

/// Newest first; `before=SEQ` pages back; `entity=members&entity_id=5` (one record),
/// `org_id=4` (its subtree), `member_id=5` and `action=meeting` or `action=meeting.plan` narrow.
pub async fn events(
    actor: Actor,
    State(db): State<Db>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    let before = match params.get("before") {
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, "before"))?,
        None => i64::MAX,
    };
    let limit = match params.get("limit") {
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, "limit"))?,
        None => 50,
    };
    let number = |name: &'static str| {
        params
            .get(name)
            .map(|raw| {
                // Keys start at 1: anything else names nothing, and is refused as such.
                raw.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ApiError::bad_param(ErrorCode::BadRequest, name))
            })
            .transpose()
    };
    let (org_id, member_id) = (number("org_id")?, number("member_id")?);
    let action = params.get("action").cloned();
    if action
        .as_deref()
        .is_some_and(|a| !app::trail::known_action(a))
    {
        return Err(ApiError::bad_param(ErrorCode::TrailActionUnknown, "action"));
    }
    read::require_trail(&db, &actor).await?;
    let org_path = match org_id {
        Some(id) => Some(find::org(&db, &id.to_string()).await?.key),
        None => None,
    };
    let query = EventQuery {
        before,
        entity: params.get("entity").cloned(),
        entity_id: params.get("entity_id").cloned(),
        org_path,
        member_id,
        action,
        limit,
        ..EventQuery::default()
    };
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    let rows = read::events(&db, &actor, query).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| EventView {
                seq: r.seq,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: json(r.before_json),
                after: json(r.after_json),
                hash: r.hash,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct VerifyView {
    intact: bool,
    events: i64,
    rows_checked: u64,
    head_hash: String,
    problems: Vec<String>,
}

pub async fn verify(actor: Actor, State(db): State<Db>) -> Result<Json<VerifyView>, ApiError> {
    let report = read::check(&db, &actor).await?;
    Ok(Json(VerifyView {
        intact: report.is_intact(),
        events: report.events,
        rows_checked: report.rows_checked,
        head_hash: report.head_hash,
        problems: report.problems.iter().map(ToString::to_string).collect(),
    }))
}
