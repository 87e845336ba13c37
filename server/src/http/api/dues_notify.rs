//! `POST /api/v1/dues/wechat/notify`: WeChat Pay's payment notification. Verified (signature,
//! timestamp, serial), decrypted, then credited at most once; every notification is logged with
//! its outcome, tampered ones included. WeChat retries anything but a 2xx, so only a verified
//! notification about a known order with the right amount is acknowledged.

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use crate::{dues::payments::Credit, http::AppState};

fn fail(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "code": "FAIL", "message": message }))).into_response()
}

pub async fn notify(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let db = &state.db;
    let Some(wechat) = state.payments.wechat.clone() else {
        return fail(StatusCode::NOT_FOUND, "未开通在线支付");
    };
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let now = crate::wechatpay::sign::now_unix();
    let t = match wechat.verify_notification(&pairs, &body, now) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "payment notification rejected");
            // Anyone can post here: the table keeps evidence, not a flood.
            if crate::dues::payments::recent_rejections(db)
                .await
                .unwrap_or(i64::MAX)
                < 100
            {
                let _ =
                    crate::dues::payments::log_callback(db, None, "rejected", &e.to_string()).await;
            }
            return fail(StatusCode::UNAUTHORIZED, "验签失败");
        }
    };
    let no = t.out_trade_no.as_str();
    if t.trade_state != "SUCCESS" {
        let _ = crate::dues::payments::log_callback(db, Some(no), "ignored", &t.trade_state).await;
        return StatusCode::NO_CONTENT.into_response();
    }
    let amount = t.amount.as_ref().map_or(-1, |a| a.total);
    let outcome = crate::dues::payments::credit(
        db,
        no,
        t.transaction_id.as_deref(),
        amount,
        None,
        crate::clock::today_china(),
    )
    .await;
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = ?e, out_trade_no = no, "payment credit failed");
            return fail(StatusCode::INTERNAL_SERVER_ERROR, "处理失败");
        }
    };
    let detail = format!(
        "amount={amount} transaction_id={}",
        t.transaction_id.as_deref().unwrap_or("-")
    );
    let _ = crate::dues::payments::log_callback(db, Some(no), outcome.code(), &detail).await;
    match outcome {
        Credit::Credited | Credit::AlreadyPaid => StatusCode::NO_CONTENT.into_response(),
        Credit::AmountMismatch => {
            tracing::warn!(
                out_trade_no = no,
                amount,
                "payment notification amount differs from the order"
            );
            fail(StatusCode::BAD_REQUEST, "金额与订单不符")
        }
        Credit::UnknownOrder => {
            tracing::warn!(
                out_trade_no = no,
                "payment notification for an unknown order"
            );
            fail(StatusCode::BAD_REQUEST, "订单不存在")
        }
    }
}
