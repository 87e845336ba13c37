//! `/api/v1/audit`: the record trail for the county and auditors, personal data masked.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    Json,
};
use domain::{access::Action, ErrorCode};
use serde::Serialize;
use serde_json::Value;

use super::ApiError;
use crate::{
    access::Actor,
    members::mask,
    storage::{internal, Db},
    trail, with_pool,
};

/// The whole trail is county-wide: only roles whose scope is the county root may read it.
async fn require_trail(actor: &Actor, db: &Db) -> Result<(), ApiError> {
    let root = crate::orgs::root_path(db).await?;
    Ok(actor.require(Action::ViewTrail, actor.reach_org(&root))?)
}

#[derive(Serialize)]
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

fn redact(json: Option<String>) -> Option<Value> {
    let mut v: Value = serde_json::from_str(&json?).ok()?;
    if let Some(o) = v.as_object_mut() {
        if let Some(Value::String(m)) = o.get_mut("mobile") {
            *m = mask::mobile(m);
        }
        if let Some(Value::String(id)) = o.get_mut("id_number") {
            *id = mask::id_number(id);
        }
        if o.contains_key("password_hash") {
            o.insert("password_hash".into(), Value::String("***".into()));
        }
    }
    Some(v)
}

type Row = (
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// Newest first; `before=SEQ` pages back, `entity=members&entity_id=5` narrows.
pub async fn events(
    actor: Actor,
    State(db): State<Db>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    require_trail(&actor, &db).await?;
    let before = match params.get("before") {
        Some(raw) => raw
            .parse::<i64>()
            .map_err(|_| ApiError::bad_param(ErrorCode::BadRequest, "before"))?,
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
    let entity = params.get("entity").cloned();
    let entity_id = params.get("entity_id").cloned();
    let rows: Vec<Row> = with_pool!(&db, pool => {
        sqlx::query_as(
            "SELECT e.seq, e.at, a.display_name, e.action, e.entity, e.entity_id, e.before_json, \
             e.after_json, e.hash FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_account_id \
             WHERE e.seq < $1 AND ($2 IS NULL OR e.entity = $2) AND ($3 IS NULL OR e.entity_id = $3) \
             ORDER BY e.seq DESC LIMIT $4",
        )
        .bind(before)
        .bind(entity)
        .bind(entity_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    Ok(Json(
        rows.into_iter()
            .map(
                |(seq, at, actor, action, entity, entity_id, before, after, hash)| EventView {
                    seq,
                    at,
                    actor,
                    action,
                    entity,
                    entity_id,
                    before: redact(before),
                    after: redact(after),
                    hash,
                },
            )
            .collect(),
    ))
}

#[derive(Serialize)]
pub struct VerifyView {
    intact: bool,
    events: i64,
    rows_checked: u64,
    head_hash: String,
    problems: Vec<String>,
}

pub async fn verify(actor: Actor, State(db): State<Db>) -> Result<Json<VerifyView>, ApiError> {
    require_trail(&actor, &db).await?;
    let report = trail::verify(&db).await.map_err(internal)?;
    Ok(Json(VerifyView {
        intact: report.is_intact(),
        events: report.events,
        rows_checked: report.rows_checked,
        head_hash: report.head_hash,
        problems: report.problems.iter().map(ToString::to_string).collect(),
    }))
}
