//! Dues routes outside the app's server functions: starting an online payment (a plain form
//! post answered with a redirect to the payment page — it leaves the site, which a client-side
//! navigation cannot do) and the ledger as an Excel file.

use app::backend::ClientAddress;
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use domain::{ErrorCode, Fen};
use serde::Deserialize;

use super::{headers::CspNonce, ApiError, AppState};
use crate::{
    access::Actor,
    dues::payments::{self, PayWhat},
};

#[derive(Deserialize)]
pub struct PayForm {
    what: String,
    #[serde(default)]
    amount: String,
}

fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    state.backend.site_origin(host)
}

/// The cookie that carries a payment across WeChat's authorization round trip:
/// `state|what|fen`, checked against the `state` WeChat returns.
const INTENT_COOKIE: &str = "dj_wxpay";

/// The payer's address, which WeChat Pay's H5 checks: the client as resolved behind the
/// trusted proxies (`super::client`), never a hop the client wrote itself.
fn client_ip(client: Option<ClientAddress>) -> String {
    client.map_or_else(|| "127.0.0.1".to_string(), |c| c.0.to_string())
}

fn in_wechat(headers: &HeaderMap) -> bool {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.contains("MicroMessenger"))
}

fn parse_what(what: &str, amount: &str) -> Result<PayWhat, ErrorCode> {
    match what {
        "open" => Ok(PayWhat::Open),
        "quarter" => Ok(PayWhat::Quarter),
        "voluntary" => Ok(PayWhat::Voluntary(Fen::parse_yuan(amount)?)),
        _ => Err(ErrorCode::BadRequest),
    }
}

fn back_to_dues(code: ErrorCode) -> Response {
    match code {
        ErrorCode::Unauthorized => Redirect::to("/login?next=/dues").into_response(),
        code => Redirect::to(&format!("/dues?pay_error={}", code.code())).into_response(),
    }
}

/// `POST /dues/pay`: to WeChat Pay's page (a phone's browser), to WeChat's authorization and
/// then the JSAPI payment (inside WeChat), or back to `/dues?pay_error=<code>`.
pub async fn pay(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddress>>,
    script_nonce: Option<Extension<CspNonce>>,
    actor: Result<Actor, ApiError>,
    Form(form): Form<PayForm>,
) -> Response {
    let today = crate::clock::today_china();
    let result: Result<Response, ErrorCode> = async {
        let actor: Actor = actor.map_err(|e| e.code)?;
        let what = parse_what(&form.what, &form.amount)?;
        let origin = origin(&state, &headers);
        if in_wechat(&headers) {
            let oauth = state
                .payments
                .oauth
                .clone()
                .ok_or(ErrorCode::PaymentUnavailable)?;
            if let Some(openid) = payments::openid_of(&state.db, actor.account_id).await? {
                return jsapi(&state, &actor, what, &openid, today, script_nonce.as_ref()).await;
            }
            // First payment from WeChat: ask WeChat who the payer is, then come back and pay.
            let nonce = crate::wechatpay::sign::nonce(16);
            let fen = match what {
                PayWhat::Voluntary(f) => f.as_i64(),
                _ => 0,
            };
            let url = oauth.authorize_url(&format!("{origin}/dues/wechat/oauth"), &nonce);
            // Secure like the session cookie when the site is served over HTTPS.
            let secure = if app::backend::Backend::secure_cookies(state.backend.as_ref()) {
                "; Secure"
            } else {
                ""
            };
            let cookie = format!(
                "{INTENT_COOKIE}={nonce}|{}|{fen}; Path=/dues; HttpOnly; SameSite=Lax; Max-Age=600{secure}",
                form.what
            );
            return Ok((
                StatusCode::SEE_OTHER,
                [(header::LOCATION, url), (header::SET_COOKIE, cookie)],
            )
                .into_response());
        }
        let ip = client_ip(client.map(|Extension(c)| c));
        let order =
            payments::prepare_order(&state.db, &state.payments, &actor, what, today).await?;
        let url = payments::start_h5(
            &state.db,
            &state.payments,
            &order,
            &ip,
            &format!("{origin}/dues"),
        )
        .await?;
        Ok(Redirect::to(&url).into_response())
    }
    .await;
    result.unwrap_or_else(back_to_dues)
}

/// The JSAPI order and the page that hands it to `WeixinJSBridge`.
async fn jsapi(
    state: &AppState,
    actor: &Actor,
    what: PayWhat,
    openid: &str,
    today: domain::Date,
    script_nonce: Option<&Extension<CspNonce>>,
) -> Result<Response, ErrorCode> {
    let order = payments::prepare_order(&state.db, &state.payments, actor, what, today).await?;
    let params = payments::start_jsapi(&state.db, &state.payments, &order, openid).await?;
    let params = serde_json::to_string(&params).map_err(|_| ErrorCode::Internal)?;
    // `</` cannot end the script early: the JSON is escaped for an inline script.
    let params = params.replace("</", "<\\/");
    let back = format!("/dues?paid={}", order.out_trade_no);
    let bridge = state
        .payments
        .sim_bridge
        .as_deref()
        .map(|src| format!("<script src=\"{src}\"></script>"))
        .unwrap_or_default();
    // The policy allows this inline script by the response's nonce (`super::headers`).
    let script_nonce = script_nonce
        .map(|Extension(CspNonce(n))| n.to_string())
        .unwrap_or_default();
    let html = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>微信支付</title>
<link rel="icon" href="/favicon.ico"></head><body><main style="font:16px system-ui;padding:24px">
<p id="jsapi-wait">正在打开微信支付…</p><p><a href="{back}">返回我的党费</a></p></main>
<script nonce="{script_nonce}">
function djPay() {{
  WeixinJSBridge.invoke("getBrandWCPayRequest", {params}, function (res) {{
    location.href = "{back}" + (res.err_msg === "get_brand_wcpay_request:ok" ? "" : "&cancelled=1");
  }});
}}
if (typeof WeixinJSBridge === "undefined") {{
  document.addEventListener("WeixinJSBridgeReady", djPay, false);
}} else {{
  djPay();
}}
</script>{bridge}</body></html>"#
    );
    Ok(axum::response::Html(html).into_response())
}

#[derive(Deserialize)]
pub struct OAuthReturn {
    code: Option<String>,
    state: Option<String>,
}

/// `GET /dues/wechat/oauth`: WeChat's authorization comes back with a code; the openid is kept
/// for the account and the payment the member asked for goes on.
pub async fn wechat_oauth(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<OAuthReturn>,
    script_nonce: Option<Extension<CspNonce>>,
    actor: Result<Actor, ApiError>,
) -> Response {
    let today = crate::clock::today_china();
    let result: Result<Response, ErrorCode> = async {
        let actor: Actor = actor.map_err(|e| e.code)?;
        let intent =
            app::auth::cookie::read(&headers, INTENT_COOKIE).ok_or(ErrorCode::BadRequest)?;
        let mut parts = intent.split('|');
        let (nonce, what, fen) = (parts.next(), parts.next(), parts.next());
        if nonce.is_none() || nonce != q.state.as_deref() {
            tracing::warn!(
                account_id = %actor.account_id,
                "WeChat authorization state mismatch"
            );
            return Err(ErrorCode::BadRequest);
        }
        let code = q.code.ok_or(ErrorCode::BadRequest)?;
        let oauth = state
            .payments
            .oauth
            .clone()
            .ok_or(ErrorCode::PaymentUnavailable)?;
        let openid = oauth.openid(&code).await.map_err(|e| {
            tracing::warn!(error = %e, "WeChat authorization code refused");
            ErrorCode::PaymentUnavailable
        })?;
        payments::remember_openid(&state.db, actor.account_id, &openid).await?;
        let what = match (what, fen.and_then(|f| f.parse::<i64>().ok())) {
            (Some("voluntary"), Some(f)) => PayWhat::Voluntary(Fen::new(f)?),
            (Some(w), _) => parse_what(w, "")?,
            _ => return Err(ErrorCode::BadRequest),
        };
        jsapi(&state, &actor, what, &openid, today, script_nonce.as_ref()).await
    }
    .await;
    result.unwrap_or_else(back_to_dues)
}

#[derive(Deserialize)]
pub struct LedgerQuery {
    org: Option<domain::OrgId>,
    year: Option<i32>,
}

/// `GET /dues/ledger.xlsx`: the ledger the reader may see, names masked.
pub async fn ledger_xlsx(
    State(state): State<AppState>,
    Query(q): Query<LedgerQuery>,
    actor: Result<Actor, ApiError>,
) -> Result<Response, ApiError> {
    let actor = actor?;
    let year = q.year.unwrap_or(crate::clock::today_china().year());
    let view = crate::dues::ledger::view(&state.db, &actor, q.org, year).await?;
    let bytes = crate::dues::xlsx::workbook(&view).map_err(|e| {
        tracing::error!(error = %e, "xlsx export failed");
        ErrorCode::Internal
    })?;
    tracing::info!(
        account_id = %actor.account_id,
        org_id = %view.org_id,
        year,
        "dues ledger exported"
    );
    let name = format!("dues-ledger-{}-{year}.xlsx", view.org_id);
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
