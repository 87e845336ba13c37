//! The WeChat client side: the in-app browser's OAuth (snsapi_base) and JS bridge.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::checkout::{escape_html, page};
use super::{Kind, Simulator};
use crate::wechatpay::sign;

/// The official account's secret the simulator accepts (dev only, like the keys).
pub const DEV_APP_SECRET: &str = "SIMULATOR-ONLY-APP-SECRET";
const USER_COOKIE: &str = "paysim_user";

#[derive(Deserialize)]
pub(super) struct AuthorizeParams {
    appid: String,
    redirect_uri: String,
    response_type: String,
    scope: String,
    state: Option<String>,
}

/// `open.weixin.qq.com/connect/oauth2/authorize`: with `snsapi_base` WeChat asks the user
/// nothing and comes straight back with a code. The "WeChat user" is this browser (a cookie).
pub(super) async fn oauth_authorize(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    Query(p): Query<AuthorizeParams>,
) -> Response {
    let bad = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            Html(page("授权失败", &escape_html(why))),
        )
            .into_response()
    };
    if p.appid != sim.cfg().appid {
        return bad("appid 不正确");
    }
    if p.response_type != "code" || p.scope != "snsapi_base" {
        return bad("只支持 snsapi_base 静默授权");
    }
    if !(p.redirect_uri.starts_with("http://") || p.redirect_uri.starts_with("https://")) {
        return bad("redirect_uri 不正确");
    }
    let openid = app::auth::cookie::read(&headers, USER_COOKIE)
        .filter(|o| o.len() == 28 && o.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| format!("oSIM{}", sign::nonce(24)));
    let code = sign::nonce(32);
    {
        let mut state = sim.state();
        // Codes are good once and for minutes at WeChat; unused ones are not kept without bound.
        if state.oauth_codes.len() >= super::KEPT_ORDERS {
            state.oauth_codes.clear();
        }
        state.oauth_codes.insert(code.clone(), openid.clone());
    }
    let sep = if p.redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    let mut location = format!("{}{sep}code={code}", p.redirect_uri);
    if let Some(state) = p.state {
        location.push_str(&format!("&state={}", app::url::percent_encode(&state)));
    }
    let cookie =
        format!("{USER_COOKIE}={openid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
    match (
        HeaderValue::from_str(&location),
        HeaderValue::from_str(&cookie),
    ) {
        (Ok(l), Ok(c)) => (
            StatusCode::FOUND,
            [(header::LOCATION, l), (header::SET_COOKIE, c)],
        )
            .into_response(),
        _ => bad("redirect_uri 不正确"),
    }
}

#[derive(Deserialize)]
pub(super) struct TokenParams {
    appid: String,
    secret: String,
    code: String,
    grant_type: String,
}

/// `api.weixin.qq.com/sns/oauth2/access_token`: a code for the user's openid. Errors come
/// as WeChat sends them: status 200 with `errcode`.
pub(super) async fn oauth_access_token(
    State(sim): State<Simulator>,
    Query(p): Query<TokenParams>,
) -> Response {
    let err = |code: i64, msg: &str| {
        axum::Json(json!({ "errcode": code, "errmsg": msg })).into_response()
    };
    if p.appid != sim.cfg().appid || p.secret != DEV_APP_SECRET {
        return err(40125, "invalid appsecret");
    }
    if p.grant_type != "authorization_code" {
        return err(40002, "invalid grant_type");
    }
    let Some(openid) = sim.state().oauth_codes.remove(&p.code) else {
        return err(40029, "invalid code");
    };
    axum::Json(json!({
        "access_token": format!("SIMTOKEN{}", sign::nonce(24)),
        "expires_in": 7200,
        "refresh_token": format!("SIMREFRESH{}", sign::nonce(24)),
        "openid": openid,
        "scope": "snsapi_base",
    }))
    .into_response()
}

/// What WeChat's in-app browser provides as `window.WeixinJSBridge`: `getBrandWCPayRequest`
/// shows a payment sheet (here a panel with a button) and reports back like WeChat does.
pub(super) async fn js_bridge(State(sim): State<Simulator>) -> Response {
    let script = format!(
        r#"(function () {{
  var base = {base};
  function sheet(params, done) {{
    var box = document.createElement("div");
    box.id = "sim-jsapi";
    box.setAttribute("style", "position:fixed;left:0;right:0;bottom:0;background:#fff;border-top:1px solid #ccc;padding:16px;font:16px system-ui;z-index:9999");
    box.innerHTML = '<p>微信支付（模拟器，不会真实扣款）</p>';
    var pay = document.createElement("button");
    pay.id = "sim-jsapi-pay";
    pay.textContent = "确认支付";
    var cancel = document.createElement("button");
    cancel.id = "sim-jsapi-cancel";
    cancel.textContent = "取消";
    box.appendChild(pay);
    box.appendChild(cancel);
    document.body.appendChild(box);
    cancel.onclick = function () {{ box.remove(); done({{ err_msg: "get_brand_wcpay_request:cancel" }}); }};
    pay.onclick = function () {{
      fetch(base + "/jsapi/pay", {{ method: "POST", headers: {{ "content-type": "application/json" }}, body: JSON.stringify(params) }})
        .then(function (r) {{ return r.json(); }})
        .then(function (res) {{ box.remove(); done(res); }})
        .catch(function () {{ box.remove(); done({{ err_msg: "get_brand_wcpay_request:fail" }}); }});
    }};
  }}
  window.WeixinJSBridge = {{
    invoke: function (name, params, done) {{
      if (name !== "getBrandWCPayRequest") {{ done({{ err_msg: name + ":fail" }}); return; }}
      sheet(params, done);
    }}
  }};
  document.dispatchEvent(new Event("WeixinJSBridgeReady"));
}})();
"#,
        base = serde_json::to_string(&sim.cfg().public_base).unwrap_or_else(|_| "\"\"".into()),
    );
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        script,
    )
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BridgePay {
    app_id: String,
    time_stamp: String,
    nonce_str: String,
    package: String,
    sign_type: String,
    pay_sign: String,
}

/// The bridge's payment: the parameters the merchant's page passed must carry a valid
/// `paySign` (RSA over appId, timeStamp, nonceStr, package) for an unpaid JSAPI order.
pub(super) async fn jsapi_pay(
    State(sim): State<Simulator>,
    axum::Json(p): axum::Json<BridgePay>,
) -> Response {
    let fail = |why: &str| {
        tracing::warn!(reason = why, "paysim: JSAPI payment refused");
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "err_msg": "get_brand_wcpay_request:fail", "reason": why })),
        )
            .into_response()
    };
    if p.app_id != sim.cfg().appid || p.sign_type != "RSA" {
        return fail("appId or signType");
    }
    let msg = sign::jsapi_message(&p.app_id, &p.time_stamp, &p.nonce_str, &p.package);
    if !sign::rsa_verify(&sim.inner.merchant_key, &msg, &p.pay_sign) {
        return fail("paySign");
    }
    let Some(order) = p
        .package
        .strip_prefix("prepay_id=")
        .and_then(|id| sim.order_by_prepay(id))
    else {
        return fail("prepay_id");
    };
    if order.kind != Kind::Jsapi {
        return fail("not a JSAPI order");
    }
    match sim.pay(&order.out_trade_no, true).await {
        Ok(_) => axum::Json(json!({ "err_msg": "get_brand_wcpay_request:ok" })).into_response(),
        Err(e) => fail(&e),
    }
}
