//! `GET /api/v1/search?q=`: the administrators' search box (docs/operations.md#search).

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    Json,
};
use serde_json::{json, Value};

use super::ApiError;
use crate::{access::Actor, storage::Db};

pub async fn search(
    actor: Actor,
    State(db): State<Db>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let q = params.get("q").map_or("", String::as_str);
    let hits = crate::search::search(&db, &actor, q).await?;
    Ok(Json(json!({ "hits": hits })))
}
