//! The merchant side of WeChat Pay APIv3 as the simulator answers it: orders created (H5 and
//! JSAPI) and queried with signed requests and signed answers, and the encrypted, signed
//! notification sent to the merchant when an order is paid.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{Kind, Order, Simulator};
use crate::wechatpay::sign::{self, AuthHeader};
use crate::wechatpay::wechat::valid_out_trade_no;

/// An APIv3 error answer: `{"code","message"}` with an HTTP status.
pub(super) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub(super) fn sign_error() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "签名错误")
    }

    pub(super) fn param(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "PARAM_ERROR", message)
    }
}

#[derive(Deserialize)]
struct CreateBody {
    appid: Option<String>,
    mchid: Option<String>,
    description: Option<String>,
    out_trade_no: Option<String>,
    notify_url: Option<String>,
    amount: Option<CreateAmount>,
    payer: Option<Value>,
    scene_info: Option<Value>,
}

#[derive(Deserialize)]
struct CreateAmount {
    total: Option<i64>,
    currency: Option<String>,
}

#[derive(Deserialize)]
struct QueryParams {
    mchid: Option<String>,
}

impl Simulator {
    /// Checks the merchant's Authorization header the way WeChat does,
    /// against the path as it arrived (including any mount prefix).
    pub(super) fn verify_request(
        &self,
        method: &Method,
        uri: &axum::http::Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), ApiError> {
        let reason = self.request_signature_problem(method, uri, headers, body);
        match reason {
            None => Ok(()),
            Some(reason) => {
                tracing::warn!(
                    reason,
                    path = uri.path(),
                    "paysim: rejected request signature"
                );
                Err(ApiError::sign_error())
            }
        }
    }

    pub(super) fn request_signature_problem(
        &self,
        method: &Method,
        uri: &axum::http::Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<&'static str> {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return Some("missing Authorization");
        };
        let Some(auth) = AuthHeader::parse(value) else {
            return Some("malformed Authorization");
        };
        if auth.mchid != self.cfg().mchid {
            return Some("mchid mismatch");
        }
        if auth.serial_no != self.cfg().merchant_serial {
            return Some("unknown merchant serial");
        }
        let fresh = auth
            .timestamp
            .parse::<i64>()
            .is_ok_and(|ts| sign::timestamp_is_fresh(ts, sign::now_unix()));
        if !fresh {
            return Some("stale timestamp");
        }
        let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let msg = sign::request_message(
            method.as_str(),
            path,
            &auth.timestamp,
            &auth.nonce_str,
            body,
        );
        if !sign::rsa_verify(&self.inner.merchant_key, &msg, &auth.signature) {
            return Some("signature does not verify");
        }
        None
    }

    /// A JSON response signed with the platform key, as every APIv3 answer is.
    pub(super) fn signed_json(&self, status: StatusCode, value: &Value) -> Response {
        let body = value.to_string();
        let mut headers = self.signed_headers(body.as_bytes());
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        if let Ok(v) = HeaderValue::from_str(&sign::nonce(32)) {
            headers.insert(HeaderName::from_static("request-id"), v);
        }
        (status, headers, body).into_response()
    }

    pub(super) fn signed_headers(&self, body: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in
            sign::wechatpay_headers(&self.inner.platform_key, &self.cfg().platform_key_id, body)
        {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.insert(n, v);
            }
        }
        headers
    }

    pub(super) fn error_response(&self, e: ApiError) -> Response {
        self.signed_json(e.status, &json!({ "code": e.code, "message": e.message }))
    }

    pub(super) fn create(&self, kind: Kind, body: &[u8]) -> Result<Value, ApiError> {
        let order = self.validate_create(kind, body)?;
        let mut state = self.state();
        if let Some(existing) = state.orders.get(&order.out_trade_no) {
            if existing.paid.is_some() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "ORDERPAID",
                    "订单已支付",
                ));
            }
            if existing.total != order.total || existing.kind != kind {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "OUT_TRADE_NO_USED",
                    "商户订单号重复",
                ));
            }
            return Ok(self.prepay_answer(existing));
        }
        let answer = self.prepay_answer(&order);
        state.remember(order);
        Ok(answer)
    }

    pub(super) fn prepay_answer(&self, order: &Order) -> Value {
        match order.kind {
            // The query string mirrors real h5_urls so that merchants can
            // append "&redirect_url=..." exactly as WeChat documents.
            Kind::H5 => json!({
                "h5_url": format!("{}/checkout/{}?package=SIMULATOR", self.cfg().public_base, order.prepay_id)
            }),
            Kind::Jsapi => json!({ "prepay_id": order.prepay_id }),
        }
    }

    pub(super) fn validate_create(&self, kind: Kind, body: &[u8]) -> Result<Order, ApiError> {
        let req: CreateBody = serde_json::from_slice(body)
            .map_err(|e| ApiError::param(format!("请求体不是合法的 JSON: {e}")))?;
        if req.appid.as_deref() != Some(self.cfg().appid.as_str()) {
            return Err(ApiError::param("appid 与商户号不匹配"));
        }
        if req.mchid.as_deref() != Some(self.cfg().mchid.as_str()) {
            return Err(ApiError::param("mchid 不正确"));
        }
        let out_trade_no = req
            .out_trade_no
            .filter(|s| valid_out_trade_no(s))
            .ok_or_else(|| ApiError::param("out_trade_no 格式不正确"))?;
        let description = req
            .description
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| ApiError::param("description 不能为空"))?;
        let notify_url = req
            .notify_url
            .filter(|u| self.on_site(u))
            .ok_or_else(|| ApiError::param("notify_url 必须是本站的地址"))?;
        let amount = req.amount.ok_or_else(|| ApiError::param("缺少 amount"))?;
        let total = amount
            .total
            .filter(|t| *t >= 1)
            .ok_or_else(|| ApiError::param("amount.total 必须大于 0"))?;
        if amount.currency.as_deref().unwrap_or("CNY") != "CNY" {
            return Err(ApiError::param("amount.currency 只支持 CNY"));
        }
        let openid = match kind {
            Kind::Jsapi => Some(
                required_str(&req.payer, &["openid"])
                    .ok_or_else(|| ApiError::param("缺少 payer.openid"))?,
            ),
            Kind::H5 => {
                required_str(&req.scene_info, &["payer_client_ip"])
                    .ok_or_else(|| ApiError::param("缺少 scene_info.payer_client_ip"))?;
                required_str(&req.scene_info, &["h5_info", "type"])
                    .ok_or_else(|| ApiError::param("缺少 scene_info.h5_info.type"))?;
                None
            }
        };
        Ok(Order {
            kind,
            out_trade_no,
            description,
            total,
            notify_url,
            openid,
            prepay_id: format!(
                "wx{}{}",
                sign::now_unix(),
                sign::nonce(20).to_ascii_lowercase()
            ),
            paid: None,
            closed: false,
        })
    }

    pub(super) fn transaction_json(&self, order: &Order) -> Value {
        let cfg = self.cfg();
        let mut tx = json!({
            "appid": cfg.appid,
            "mchid": cfg.mchid,
            "out_trade_no": order.out_trade_no,
            "trade_type": order.kind.trade_type(),
            "attach": "",
        });
        match &order.paid {
            None if order.closed => {
                tx["trade_state"] = json!("CLOSED");
                tx["trade_state_desc"] = json!("订单已关闭");
                tx["amount"] =
                    json!({ "total": order.total, "currency": "CNY", "payer_currency": "CNY" });
            }
            None => {
                tx["trade_state"] = json!("NOTPAY");
                tx["trade_state_desc"] = json!("订单未支付");
                tx["amount"] =
                    json!({ "total": order.total, "currency": "CNY", "payer_currency": "CNY" });
            }
            Some(p) => {
                tx["trade_state"] = json!("SUCCESS");
                tx["trade_state_desc"] = json!("支付成功");
                tx["transaction_id"] = json!(p.transaction_id);
                tx["success_time"] = json!(p.success_time);
                tx["bank_type"] = json!("OTHERS");
                tx["payer"] = json!({ "openid": order.openid.clone().unwrap_or_else(|| "oSIMULATEDPAYER".into()) });
                tx["amount"] = json!({
                    "total": order.total,
                    "payer_total": order.total,
                    "currency": "CNY",
                    "payer_currency": "CNY",
                });
            }
        }
        tx
    }

    /// Builds the encrypted, signed TRANSACTION.SUCCESS notification.
    pub(super) fn build_notification(
        &self,
        order: &Order,
    ) -> Result<(Vec<(String, String)>, String), String> {
        let plaintext = self.transaction_json(order).to_string();
        let nonce = sign::nonce(sign::AEAD_NONCE_LEN);
        let ciphertext = sign::aes_gcm_encrypt(
            self.cfg().api_v3_key.as_bytes(),
            nonce.as_bytes(),
            b"transaction",
            plaintext.as_bytes(),
        )
        .map_err(|_| "api_v3_key must be 32 bytes".to_string())?;
        let body = json!({
            "id": uuid_like(),
            "create_time": sign::rfc3339_cst(sign::now_unix()),
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": {
                "original_type": "transaction",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": ciphertext,
                "associated_data": "transaction",
                "nonce": nonce,
            },
        })
        .to_string();
        let mut headers = sign::wechatpay_headers(
            &self.inner.platform_key,
            &self.cfg().platform_key_id,
            body.as_bytes(),
        );
        headers.push(("content-type".into(), "application/json".into()));
        Ok((headers, body))
    }

    /// Delivers one notification. Failures are only logged: real WeChat
    /// retries later and the merchant is expected to reconcile by querying.
    pub(super) async fn notify(&self, order: &Order) {
        let (headers, body) = match self.build_notification(order) {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "paysim: cannot build notification");
                return;
            }
        };
        {
            let mut state = self.state();
            // Only for an order still remembered: a forgotten one's notice is not kept either.
            if state.orders.contains_key(&order.out_trade_no) {
                state
                    .notifications
                    .insert(order.out_trade_no.clone(), (headers.clone(), body.clone()));
            }
        }
        let mut req = self.inner.http.post(&order.notify_url).body(body);
        for (name, value) in &headers {
            req = req.header(name.as_str(), value.as_str());
        }
        match req.send().await {
            Ok(resp) if resp.status().is_success() => {}
            Ok(resp) => {
                tracing::warn!(status = resp.status().as_u16(), out_trade_no = %order.out_trade_no, "paysim: notify_url answered non-2xx")
            }
            Err(e) => {
                tracing::warn!(error = %e, out_trade_no = %order.out_trade_no, "paysim: notify_url unreachable")
            }
        }
    }
}

fn required_str(v: &Option<Value>, path: &[&str]) -> Option<String> {
    let mut cur = v.as_ref()?;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

pub(super) fn digits(n: usize) -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

fn uuid_like() -> String {
    let hex: String = sign::nonce(64)
        .bytes()
        .map(|b| char::from(b"0123456789abcdef"[usize::from(b % 16)]))
        .take(32)
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub(super) async fn create_h5(
    State(sim): State<Simulator>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create_handler(sim, Kind::H5, method, uri, headers, body)
}

pub(super) async fn create_jsapi(
    State(sim): State<Simulator>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create_handler(sim, Kind::Jsapi, method, uri, headers, body)
}

fn create_handler(
    sim: Simulator,
    kind: Kind,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = sim
        .verify_request(&method, &uri, &headers, &body)
        .and_then(|()| sim.create(kind, &body));
    match result {
        Ok(answer) => sim.signed_json(StatusCode::OK, &answer),
        Err(e) => sim.error_response(e),
    }
}

pub(super) async fn query_order(
    State(sim): State<Simulator>,
    Path(out_trade_no): Path<String>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = sim.verify_request(&method, &uri, &headers, b"") {
        return sim.error_response(e);
    }
    let mchid = Query::<QueryParams>::try_from_uri(&uri)
        .ok()
        .and_then(|q| q.0.mchid);
    if mchid.as_deref() != Some(sim.cfg().mchid.as_str()) {
        return sim.error_response(ApiError::param("mchid 不正确"));
    }
    let order = sim.state().orders.get(&out_trade_no).cloned();
    match order {
        Some(order) => sim.signed_json(StatusCode::OK, &sim.transaction_json(&order)),
        None => sim.error_response(ApiError::new(
            StatusCode::NOT_FOUND,
            "ORDER_NOT_EXIST",
            "订单不存在",
        )),
    }
}

#[derive(Deserialize)]
struct CloseBody {
    mchid: String,
}

/// `POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close` (关闭订单): the merchant gives
/// up an unpaid order; WeChat answers `204` with no body, signed like every answer.
pub(super) async fn close_order(
    State(sim): State<Simulator>,
    Path(out_trade_no): Path<String>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(e) = sim.verify_request(&method, &uri, &headers, &body) {
        return sim.error_response(e);
    }
    match serde_json::from_slice::<CloseBody>(&body) {
        Ok(b) if b.mchid == sim.cfg().mchid => {}
        _ => return sim.error_response(ApiError::param("mchid 不正确")),
    }
    match sim.close(&out_trade_no) {
        Ok(()) => (StatusCode::NO_CONTENT, sim.signed_headers(b"")).into_response(),
        Err(e) => sim.error_response(e),
    }
}

/// The simulator's own record of what it sent, so an end-to-end test can replay or tamper with
/// a notification; real WeChat Pay has no such endpoint.
pub(super) async fn notification(State(sim): State<Simulator>, Path(no): Path<String>) -> Response {
    match sim.last_notification(&no) {
        Some((headers, body)) => {
            axum::Json(json!({ "headers": headers, "body": body })).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
