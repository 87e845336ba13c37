//! Local WeChat Pay simulator for development and tests. It implements the
//! slice of APIv3 the dues feature uses with the real wire protocol — signed
//! requests, signed responses, encrypted and signed notifications — so the
//! production client is what gets exercised. It never talks to WeChat.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Form, OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;

use super::sign::{self, AuthHeader};
use super::wechat::{valid_out_trade_no, WechatConfig};

/// APIv3 key shared by the simulator and the dev client configuration.
/// Development only: it is public and protects nothing.
pub const SIM_API_V3_KEY: &str = "SIMULATOR-ONLY-APIV3-KEY-0000000";

pub const DEV_MCHID: &str = "1900000001";
pub const DEV_APPID: &str = "wxd930ea5d5a258f4f";
pub const DEV_MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7200000001";
pub const DEV_PLATFORM_KEY_ID: &str = "PUB_KEY_ID_0119000000012025000000000000000001";

/// Committed development keys (see paysim/README.md). Never production keys.
pub const DEV_MERCHANT_KEY_PEM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/paysim/merchant_key.pem"
));
pub const DEV_MERCHANT_PUBLIC_PEM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/paysim/merchant_public.pem"
));
pub const DEV_PLATFORM_KEY_PEM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/paysim/platform_key.pem"
));
pub const DEV_PLATFORM_PUBLIC_PEM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/paysim/platform_public.pem"
));

const NOTIFY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct SimConfig {
    pub mchid: String,
    pub appid: String,
    pub merchant_serial: String,
    pub platform_key_id: String,
    pub api_v3_key: String,
    /// Absolute URL where `router()` is reachable, e.g.
    /// "http://127.0.0.1:3000/paysim"; h5_url points below it.
    pub public_base: String,
}

impl SimConfig {
    pub fn dev(public_base: &str) -> SimConfig {
        SimConfig {
            mchid: DEV_MCHID.into(),
            appid: DEV_APPID.into(),
            merchant_serial: DEV_MERCHANT_SERIAL.into(),
            platform_key_id: DEV_PLATFORM_KEY_ID.into(),
            api_v3_key: SIM_API_V3_KEY.into(),
            public_base: public_base.trim_end_matches('/').into(),
        }
    }
}

/// Client configuration matching [`SimConfig::dev`] and the committed keys.
pub fn dev_client_config(sim_base: &str, notify_url: &str) -> WechatConfig {
    WechatConfig {
        base_url: sim_base.trim_end_matches('/').into(),
        mchid: DEV_MCHID.into(),
        appid: DEV_APPID.into(),
        merchant_serial: DEV_MERCHANT_SERIAL.into(),
        merchant_key_pem: DEV_MERCHANT_KEY_PEM.into(),
        platform_key_id: DEV_PLATFORM_KEY_ID.into(),
        platform_public_key_pem: DEV_PLATFORM_PUBLIC_PEM.into(),
        api_v3_key: SIM_API_V3_KEY.into(),
        notify_url: notify_url.into(),
    }
}

#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

struct Inner {
    cfg: SimConfig,
    merchant_key: VerifyingKey<Sha256>,
    platform_key: SigningKey<Sha256>,
    http: reqwest::Client,
    state: Mutex<SimState>,
}

#[derive(Default)]
struct SimState {
    orders: HashMap<String, Order>,
    prepay_to_order: HashMap<String, String>,
    notifications: HashMap<String, (Vec<(String, String)>, String)>,
    /// OAuth codes handed out (snsapi_base), each good once: code → openid.
    oauth_codes: HashMap<String, String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    H5,
    Jsapi,
}

impl Kind {
    fn trade_type(self) -> &'static str {
        match self {
            Kind::H5 => "MWEB",
            Kind::Jsapi => "JSAPI",
        }
    }
}

#[derive(Clone)]
struct Order {
    kind: Kind,
    out_trade_no: String,
    description: String,
    total: i64,
    notify_url: String,
    openid: Option<String>,
    prepay_id: String,
    paid: Option<Payment>,
}

#[derive(Clone)]
struct Payment {
    transaction_id: String,
    success_time: String,
}

/// An APIv3 error answer: `{"code","message"}` with an HTTP status.
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    fn sign_error() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "签名错误")
    }

    fn param(message: impl Into<String>) -> Self {
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

#[derive(Deserialize)]
struct CheckoutParams {
    redirect_url: Option<String>,
    /// `1`: pay without sending the notification, as when WeChat's callback is lost (tests).
    silent: Option<String>,
}

impl Simulator {
    pub fn new(cfg: SimConfig) -> Simulator {
        // The keys are compiled in from the repository, so a parse failure
        // is a build defect, not bad input.
        let merchant_key =
            sign::parse_public_key(DEV_MERCHANT_PUBLIC_PEM).expect("committed merchant public key");
        let platform_key =
            sign::parse_private_key(DEV_PLATFORM_KEY_PEM).expect("committed platform private key");
        let http = reqwest::Client::builder()
            .timeout(NOTIFY_TIMEOUT)
            .user_agent("Mozilla/4.0 (WeChat Pay simulator)")
            .build()
            .unwrap_or_default();
        Simulator {
            inner: Arc::new(Inner {
                cfg,
                merchant_key,
                platform_key,
                http,
                state: Mutex::new(SimState::default()),
            }),
        }
    }

    /// Routes relative to the mount point; nest it under `public_base`'s path.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/v3/pay/transactions/h5", post(create_h5))
            .route("/v3/pay/transactions/jsapi", post(create_jsapi))
            .route(
                "/v3/pay/transactions/out-trade-no/{out_trade_no}",
                get(query_order),
            )
            .route("/checkout/{prepay_id}", get(checkout_page))
            .route("/checkout/{prepay_id}/confirm", post(checkout_confirm))
            .route("/notifications/{out_trade_no}", get(notification))
            .route("/connect/oauth2/authorize", get(oauth_authorize))
            .route("/sns/oauth2/access_token", get(oauth_access_token))
            .route("/jsbridge.js", get(js_bridge))
            .route("/jsapi/pay", post(jsapi_pay))
            .with_state(self.clone())
    }

    /// The exact (lowercase headers, body) of the last notification sent for
    /// this order, for replay and tamper tests.
    pub fn last_notification(&self, out_trade_no: &str) -> Option<(Vec<(String, String)>, String)> {
        self.state().notifications.get(out_trade_no).cloned()
    }

    /// Pays an order as if the payer confirmed it. With `notify` false the
    /// callback is never sent, as when WeChat's notification is lost.
    /// Paying again keeps the first transaction and sends nothing.
    pub async fn pay(&self, out_trade_no: &str, notify: bool) -> Result<String, String> {
        let (order, newly_paid) = self.mark_paid(out_trade_no)?;
        let payment = order.paid.as_ref().ok_or("order not paid")?;
        let transaction_id = payment.transaction_id.clone();
        if newly_paid && notify {
            self.notify(&order).await;
        }
        Ok(transaction_id)
    }

    fn state(&self) -> MutexGuard<'_, SimState> {
        // A panic while holding the lock cannot leave the maps half-updated
        // in a way that matters for a simulator, so keep serving.
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn cfg(&self) -> &SimConfig {
        &self.inner.cfg
    }

    fn mark_paid(&self, out_trade_no: &str) -> Result<(Order, bool), String> {
        let mut state = self.state();
        let order = state
            .orders
            .get_mut(out_trade_no)
            .ok_or_else(|| format!("no order {out_trade_no}"))?;
        let newly_paid = order.paid.is_none();
        if newly_paid {
            let now = sign::now_unix();
            order.paid = Some(Payment {
                transaction_id: format!("4200{}{}", now, digits(12)),
                success_time: sign::rfc3339_cst(now),
            });
        }
        Ok((order.clone(), newly_paid))
    }

    /// Checks the merchant's Authorization header the way WeChat does,
    /// against the path as it arrived (including any mount prefix).
    fn verify_request(
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

    fn request_signature_problem(
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
    fn signed_json(&self, status: StatusCode, value: &Value) -> Response {
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

    fn signed_headers(&self, body: &[u8]) -> HeaderMap {
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

    fn error_response(&self, e: ApiError) -> Response {
        self.signed_json(e.status, &json!({ "code": e.code, "message": e.message }))
    }

    fn create(&self, kind: Kind, body: &[u8]) -> Result<Value, ApiError> {
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
        state
            .prepay_to_order
            .insert(order.prepay_id.clone(), order.out_trade_no.clone());
        state.orders.insert(order.out_trade_no.clone(), order);
        Ok(answer)
    }

    fn prepay_answer(&self, order: &Order) -> Value {
        match order.kind {
            // The query string mirrors real h5_urls so that merchants can
            // append "&redirect_url=..." exactly as WeChat documents.
            Kind::H5 => json!({
                "h5_url": format!("{}/checkout/{}?package=SIMULATOR", self.cfg().public_base, order.prepay_id)
            }),
            Kind::Jsapi => json!({ "prepay_id": order.prepay_id }),
        }
    }

    fn validate_create(&self, kind: Kind, body: &[u8]) -> Result<Order, ApiError> {
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
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .ok_or_else(|| ApiError::param("notify_url 必须是 http(s) 地址"))?;
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
        })
    }

    fn transaction_json(&self, order: &Order) -> Value {
        let cfg = self.cfg();
        let mut tx = json!({
            "appid": cfg.appid,
            "mchid": cfg.mchid,
            "out_trade_no": order.out_trade_no,
            "trade_type": order.kind.trade_type(),
            "attach": "",
        });
        match &order.paid {
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
    fn build_notification(&self, order: &Order) -> Result<(Vec<(String, String)>, String), String> {
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
    async fn notify(&self, order: &Order) {
        let (headers, body) = match self.build_notification(order) {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "paysim: cannot build notification");
                return;
            }
        };
        self.state()
            .notifications
            .insert(order.out_trade_no.clone(), (headers.clone(), body.clone()));
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

    fn order_by_prepay(&self, prepay_id: &str) -> Option<Order> {
        let state = self.state();
        let no = state.prepay_to_order.get(prepay_id)?;
        state.orders.get(no).cloned()
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

fn digits(n: usize) -> String {
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

async fn create_h5(
    State(sim): State<Simulator>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create_handler(sim, Kind::H5, method, uri, headers, body)
}

async fn create_jsapi(
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

async fn query_order(
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

/// The simulator's own record of what it sent, so an end-to-end test can replay or tamper with
/// a notification; real WeChat Pay has no such endpoint.
async fn notification(State(sim): State<Simulator>, Path(no): Path<String>) -> Response {
    match sim.last_notification(&no) {
        Some((headers, body)) => {
            axum::Json(json!({ "headers": headers, "body": body })).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn checkout_page(
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

async fn checkout_confirm(
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
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .and_then(|u| HeaderValue::from_str(&u).ok());
    match target {
        Some(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        None => Html(page("支付成功", "<p class=\"ok\">支付成功</p>")).into_response(),
    }
}

pub(super) fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", abs / 100, abs % 100)
}

pub(super) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Wraps trusted markup (callers escape what they interpolate) in the page
/// layout shared by every simulator page.
fn page(title: &str, content: &str) -> String {
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

// ---- The WeChat client side: the in-app browser's OAuth (snsapi_base) and JS bridge. ----

/// The official account's secret the simulator accepts (dev only, like the keys).
pub const DEV_APP_SECRET: &str = "SIMULATOR-ONLY-APP-SECRET";
const USER_COOKIE: &str = "paysim_user";

#[derive(Deserialize)]
struct AuthorizeParams {
    appid: String,
    redirect_uri: String,
    response_type: String,
    scope: String,
    state: Option<String>,
}

/// `open.weixin.qq.com/connect/oauth2/authorize`: with `snsapi_base` WeChat asks the user
/// nothing and comes straight back with a code. The "WeChat user" is this browser (a cookie).
async fn oauth_authorize(
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
    let openid = super::cookie(&headers, USER_COOKIE)
        .filter(|o| o.len() == 28 && o.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| format!("oSIM{}", sign::nonce(24)));
    let code = sign::nonce(32);
    sim.state().oauth_codes.insert(code.clone(), openid.clone());
    let sep = if p.redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    let mut location = format!("{}{sep}code={code}", p.redirect_uri);
    if let Some(state) = p.state {
        location.push_str(&format!("&state={}", super::url_escape(&state)));
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
struct TokenParams {
    appid: String,
    secret: String,
    code: String,
    grant_type: String,
}

/// `api.weixin.qq.com/sns/oauth2/access_token`: a code for the user's openid. Errors come
/// as WeChat sends them: status 200 with `errcode`.
async fn oauth_access_token(
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
async fn js_bridge(State(sim): State<Simulator>) -> Response {
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
struct BridgePay {
    app_id: String,
    time_stamp: String,
    nonce_str: String,
    package: String,
    sign_type: String,
    pay_sign: String,
}

/// The bridge's payment: the parameters the merchant's page passed must carry a valid
/// `paySign` (RSA over appId, timeStamp, nonceStr, package) for an unpaid JSAPI order.
async fn jsapi_pay(State(sim): State<Simulator>, axum::Json(p): axum::Json<BridgePay>) -> Response {
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
    let msg = sign::message(&[
        p.app_id.as_bytes(),
        p.time_stamp.as_bytes(),
        p.nonce_str.as_bytes(),
        p.package.as_bytes(),
    ]);
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
