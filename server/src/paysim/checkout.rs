//! The payer's checkout page in a phone's browser (H5): the order's amount and one button.

use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::Simulator;

pub use crate::html::escape as escape_html;

#[derive(Deserialize)]
pub(super) struct CheckoutParams {
    redirect_url: Option<String>,
    /// `1`: pay without sending the notification, as when WeChat's callback is lost (tests).
    silent: Option<String>,
}

pub(super) async fn checkout_page(
    State(sim): State<Simulator>,
    Path(prepay_id): Path<String>,
    Query(params): Query<CheckoutParams>,
) -> Response {
    let Some(order) = sim.order_by_prepay(&prepay_id) else {
        return (
            StatusCode::NOT_FOUND,
            Html(page("订单不存在", "<p>找不到这笔订单，可能已过期。</p>")),
        )
            .into_response();
    };
    if order.paid.is_some() {
        return Html(page("已支付", "<p class=\"ok\">该订单已支付。</p>")).into_response();
    }
    let redirect = params.redirect_url.unwrap_or_default();
    let content = format!(
        concat!(
            "<p class=\"merchant\">商户号 {mchid}</p>",
            "<p class=\"desc\">{desc}</p>",
            "<p class=\"amount\">{amount}</p>",
            "<form method=\"post\" action=\"{action}\">",
            "<input type=\"hidden\" name=\"redirect_url\" value=\"{redirect}\">",
            "<button id=\"sim-pay\" type=\"submit\">确认支付</button>",
            "</form>",
        ),
        mchid = escape_html(&sim.cfg().mchid),
        desc = escape_html(&order.description),
        amount = format_fen(order.total),
        // Relative, so the form works whatever host name the browser used.
        action = escape_html(&format!("{prepay_id}/confirm")),
        redirect = escape_html(&redirect),
    );
    Html(page("微信支付（模拟）", &content)).into_response()
}

pub(super) async fn checkout_confirm(
    State(sim): State<Simulator>,
    Path(prepay_id): Path<String>,
    Form(params): Form<CheckoutParams>,
) -> Response {
    let Some(order) = sim.order_by_prepay(&prepay_id) else {
        return (
            StatusCode::NOT_FOUND,
            Html(page("订单不存在", "<p>找不到这笔订单。</p>")),
        )
            .into_response();
    };
    let notify = params.silent.as_deref() != Some("1");
    if let Err(e) = sim.pay(&order.out_trade_no, notify).await {
        tracing::warn!(error = %e, "paysim: payment failed");
        return (
            StatusCode::NOT_FOUND,
            Html(page("支付失败", "<p>找不到这笔订单。</p>")),
        )
            .into_response();
    }
    let target = params
        .redirect_url
        .filter(|u| sim.on_site(u))
        .and_then(|u| HeaderValue::from_str(&u).ok());
    match target {
        Some(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        None => Html(page("支付成功", "<p class=\"ok\">支付成功</p>")).into_response(),
    }
}

pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", abs / 100, abs % 100)
}

/// Wraps trusted markup (callers escape what they interpolate) in the page
/// layout shared by every simulator page.
pub(super) fn page(title: &str, content: &str) -> String {
    format!(
        concat!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
            "<title>{title}</title><style>",
            "body{{font-family:system-ui,sans-serif;margin:0;background:#f2f2f2;color:#222}}",
            "main{{max-width:420px;margin:0 auto;padding:24px 16px;text-align:center}}",
            ".sim{{background:#fff3cd;border:1px solid #e0c36c;padding:8px;border-radius:6px;font-size:14px}}",
            ".amount{{font-size:40px;font-weight:600;margin:16px 0}}",
            ".merchant,.desc{{color:#555}}.ok{{color:#07c160;font-size:20px}}",
            "button{{width:100%;padding:14px;font-size:18px;border:0;border-radius:8px;background:#07c160;color:#fff}}",
            "</style></head><body><main><h1>{title}</h1>",
            "<p class=\"sim\">这是本地支付模拟器，不会真实扣款。This is a local payment simulator; no money moves.</p>",
            "{content}</main></body></html>"
        ),
        title = escape_html(title),
        content = content,
    )
}
