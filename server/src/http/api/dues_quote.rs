use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    Json,
};
use domain::{
    dues::{quote as dues_quote, DuesCategory},
    ErrorCode, Fen,
};
use serde_json::{json, Value};

use super::ApiError;
use crate::storage::Db;

/// `GET /api/v1/dues/quote?category=employed&base_fen=450000`: the monthly dues for a base, by
/// the same `domain` code the calculator page runs in the browser.
pub async fn quote(
    State(db): State<Db>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let category = params
        .get("category")
        .ok_or_else(|| ApiError::missing("category"))?;
    let category = DuesCategory::parse(category).map_err(|c| ApiError::bad_param(c, "category"))?;
    let base = match params.get("base_fen") {
        Some(raw) => parse_fen(raw).map_err(|c| ApiError::bad_param(c, "base_fen"))?,
        // Flat-rate categories need no base.
        None if !category.uses_base() => Fen::ZERO,
        None => return Err(ApiError::missing("base_fen")),
    };
    let q = dues_quote(category, base, &crate::dues::rules(&db).await?)
        .map_err(|c| ApiError::bad_param(c, "base_fen"))?;
    Ok(Json(json!({
        "category": category.code(),
        "base_fen": q.base_fen.as_i64(),
        "amount_fen": q.amount_fen.as_i64(),
        "amount_yuan": q.amount_fen.to_yuan_string(),
        "rate_bp": q.rate_bp,
        "rate": q.bracket.as_ref().map(|b| b.rate_percent_string()),
        "bracket": q.bracket.as_ref().map(|b| json!({
            "label": b.label_zh,
            "lower_exclusive_fen": b.lower_exclusive_fen,
            "upper_inclusive_fen": b.upper_inclusive_fen,
        })),
        "capped": q.capped,
        "uncapped_amount_fen": q.uncapped_amount_fen.as_i64(),
        "explanation": q.explanation_zh(),
    })))
}

fn parse_fen(raw: &str) -> Result<Fen, ErrorCode> {
    let trimmed = raw.trim();
    if trimmed.starts_with('-')
        && trimmed[1..].chars().all(|c| c.is_ascii_digit())
        && trimmed.len() > 1
    {
        return Err(ErrorCode::NegativeMoney);
    }
    let n: i64 = trimmed.parse().map_err(|_| ErrorCode::InvalidMoney)?;
    Fen::new(n)
}
