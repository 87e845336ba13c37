//! Client for WeChat Pay APIv3, direct-merchant mode, with the platform
//! public key ("微信支付公钥") used to verify responses and notifications.

use std::time::Duration;

use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;

use super::sign::{self, AuthHeader};
use super::{NotifyError, PayError};

const USER_AGENT: &str = concat!("party-dues-wechatpay/", env!("CARGO_PKG_VERSION"));
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug)]
pub struct WechatConfig {
    /// "https://api.mch.weixin.qq.com" in production; the simulator's base otherwise.
    pub base_url: String,
    pub mchid: String,
    pub appid: String,
    /// serial_no of the merchant API certificate.
    pub merchant_serial: String,
    /// PKCS#8 PEM.
    pub merchant_key_pem: secrecy::SecretString,
    /// "PUB_KEY_ID_..." — the Wechatpay-Serial of responses and notifications.
    pub platform_key_id: String,
    /// SPKI PEM.
    pub platform_public_key_pem: String,
    /// 32 bytes.
    pub api_v3_key: secrecy::SecretString,
    pub notify_url: String,
}

#[derive(Clone, Debug)]
pub struct NewOrder {
    pub out_trade_no: String,
    pub description: String,
    pub amount_fen: i64,
    /// RFC 3339, e.g. "2025-06-08T10:34:56+08:00".
    pub time_expire: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct H5Order {
    pub h5_url: String,
}

/// Arguments of `WeixinJSBridge.invoke('getBrandWCPayRequest', ...)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsapiParams {
    #[serde(rename = "appId")]
    pub app_id: String,
    #[serde(rename = "timeStamp")]
    pub time_stamp: String,
    #[serde(rename = "nonceStr")]
    pub nonce_str: String,
    pub package: String,
    #[serde(rename = "signType")]
    pub sign_type: String,
    #[serde(rename = "paySign")]
    pub pay_sign: String,
}

/// The fields of WeChat's transaction object that the dues feature uses;
/// the others are ignored when decoding.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Transaction {
    /// Optional in the official order-query reply; when present it must be ours.
    #[serde(default)]
    pub appid: Option<String>,
    pub mchid: String,
    pub out_trade_no: String,
    pub transaction_id: Option<String>,
    pub trade_state: String,
    pub trade_state_desc: Option<String>,
    pub success_time: Option<String>,
    pub amount: Option<Amount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Amount {
    pub total: i64,
    pub payer_total: Option<i64>,
    pub currency: Option<String>,
}

pub struct WechatPay {
    cfg: WechatConfig,
    merchant_key: SigningKey<Sha256>,
    platform_key: VerifyingKey<Sha256>,
    http: reqwest::Client,
    /// Scheme and authority of `base_url`, without trailing slash.
    base_url: String,
    /// Path part of `base_url`; it is part of what gets signed because the
    /// server verifies the path it actually receives.
    base_path: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
struct Notification {
    resource: EncryptedResource,
}

#[derive(Deserialize)]
struct EncryptedResource {
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: String,
    nonce: String,
}

impl WechatPay {
    /// Parses the keys up front so that a misconfigured deployment fails at
    /// start-up instead of at the first payment.
    pub fn new(cfg: WechatConfig) -> Result<Self, PayError> {
        let merchant_key = sign::parse_private_key(cfg.merchant_key_pem.expose_secret())
            .map_err(|e| PayError::Config(format!("merchant_key_pem: {e}")))?;
        let platform_key = sign::parse_public_key(&cfg.platform_public_key_pem)
            .map_err(|e| PayError::Config(format!("platform_public_key_pem: {e}")))?;
        if cfg.api_v3_key.expose_secret().len() != 32 {
            return Err(PayError::Config("api_v3_key must be 32 bytes".into()));
        }
        for (name, value) in [
            ("mchid", &cfg.mchid),
            ("appid", &cfg.appid),
            ("merchant_serial", &cfg.merchant_serial),
            ("platform_key_id", &cfg.platform_key_id),
            ("notify_url", &cfg.notify_url),
        ] {
            if value.trim().is_empty() {
                return Err(PayError::Config(format!("{name} is empty")));
            }
        }
        let (base_url, base_path) = split_base_url(&cfg.base_url)?;
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| PayError::Config(format!("HTTP client: {e}")))?;
        Ok(WechatPay {
            cfg,
            merchant_key,
            platform_key,
            http,
            base_url,
            base_path,
        })
    }

    pub fn config(&self) -> &WechatConfig {
        &self.cfg
    }

    /// POST /v3/pay/transactions/h5 — for mobile browsers outside WeChat.
    pub async fn create_h5(&self, order: &NewOrder, client_ip: &str) -> Result<H5Order, PayError> {
        if client_ip.trim().is_empty() {
            return Err(PayError::InvalidOrder("client_ip is empty".into()));
        }
        let mut body = self.order_body(order)?;
        set(
            &mut body,
            "scene_info",
            json!({
                "payer_client_ip": client_ip,
                "h5_info": { "type": "Wap" },
            }),
        );
        let resp = self
            .call(Method::POST, "/v3/pay/transactions/h5", Some(body))
            .await?;
        let h5_url = string_field(&resp, "h5_url")?;
        Ok(H5Order { h5_url })
    }

    /// POST /v3/pay/transactions/jsapi — inside WeChat's browser; returns the
    /// parameters for `getBrandWCPayRequest`.
    pub async fn create_jsapi(
        &self,
        order: &NewOrder,
        openid: &str,
    ) -> Result<JsapiParams, PayError> {
        if openid.trim().is_empty() {
            return Err(PayError::InvalidOrder("openid is empty".into()));
        }
        let mut body = self.order_body(order)?;
        set(&mut body, "payer", json!({ "openid": openid }));
        let resp = self
            .call(Method::POST, "/v3/pay/transactions/jsapi", Some(body))
            .await?;
        let prepay_id = string_field(&resp, "prepay_id")?;
        Ok(self.jsapi_params(&prepay_id))
    }

    /// GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=...
    pub async fn query(&self, out_trade_no: &str) -> Result<Transaction, PayError> {
        check_out_trade_no(out_trade_no)?;
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={}",
            self.cfg.mchid
        );
        let resp = self.call(Method::GET, &path, None).await?;
        serde_json::from_value(resp).map_err(|e| PayError::Decode(format!("transaction: {e}")))
    }

    /// POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close (关闭订单): an order the payer
    /// gave up is closed at WeChat too, so it can no longer be paid (docs/operations.md#abandoned-orders).
    pub async fn close(&self, out_trade_no: &str) -> Result<(), PayError> {
        check_out_trade_no(out_trade_no)?;
        let path = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}/close");
        self.call(
            Method::POST,
            &path,
            Some(json!({ "mchid": self.cfg.mchid })),
        )
        .await
        .map(|_| ())
    }

    /// Verifies and decrypts a payment notification. `headers` are
    /// (lowercase name, value) pairs; `now_unix` is injected so that the
    /// freshness check is testable.
    pub fn verify_notification(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        now_unix: i64,
    ) -> Result<Transaction, NotifyError> {
        let result = self.verify_notification_inner(headers, body, now_unix);
        if let Err(e) = &result {
            tracing::warn!(reason = %e, "rejected WeChat Pay notification");
        }
        result
    }

    fn verify_notification_inner(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        now_unix: i64,
    ) -> Result<Transaction, NotifyError> {
        let find = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .ok_or(NotifyError::BadHeaders)
        };
        let timestamp = find(sign::H_TIMESTAMP)?;
        let nonce = find(sign::H_NONCE)?;
        let signature = find(sign::H_SIGNATURE)?;
        let serial = find(sign::H_SERIAL)?;
        let ts: i64 = timestamp.parse().map_err(|_| NotifyError::BadHeaders)?;
        if !sign::timestamp_is_fresh(ts, now_unix) {
            return Err(NotifyError::StaleTimestamp);
        }
        if serial != self.cfg.platform_key_id {
            return Err(NotifyError::UnknownSerial);
        }
        let msg = sign::response_message(timestamp, nonce, body);
        if !sign::rsa_verify(&self.platform_key, &msg, signature) {
            return Err(NotifyError::BadSignature);
        }
        let tx = self.decrypt_transaction(body)?;
        if tx.mchid != self.cfg.mchid || tx.appid.as_deref().is_some_and(|a| a != self.cfg.appid) {
            return Err(NotifyError::WrongMerchant);
        }
        Ok(tx)
    }

    fn decrypt_transaction(&self, body: &[u8]) -> Result<Transaction, NotifyError> {
        let note: Notification =
            serde_json::from_slice(body).map_err(|e| NotifyError::Decode(format!("body: {e}")))?;
        let res = note.resource;
        if res.algorithm != "AEAD_AES_256_GCM" {
            return Err(NotifyError::Decode(format!(
                "unsupported algorithm {}",
                res.algorithm
            )));
        }
        let plain = sign::aes_gcm_decrypt(
            self.cfg.api_v3_key.expose_secret().as_bytes(),
            res.nonce.as_bytes(),
            res.associated_data.as_bytes(),
            &res.ciphertext,
        )
        .map_err(|_| NotifyError::Decrypt)?;
        serde_json::from_slice(&plain).map_err(|e| NotifyError::Decode(format!("resource: {e}")))
    }

    fn order_body(&self, order: &NewOrder) -> Result<Value, PayError> {
        check_out_trade_no(&order.out_trade_no)?;
        if order.amount_fen < 1 {
            return Err(PayError::InvalidOrder(
                "amount must be at least 1 fen".into(),
            ));
        }
        if order.description.trim().is_empty() {
            return Err(PayError::InvalidOrder("description is empty".into()));
        }
        let mut body = json!({
            "appid": self.cfg.appid,
            "mchid": self.cfg.mchid,
            "description": order.description,
            "out_trade_no": order.out_trade_no,
            "notify_url": self.cfg.notify_url,
            "amount": { "total": order.amount_fen, "currency": "CNY" },
        });
        if let Some(expire) = &order.time_expire {
            set(&mut body, "time_expire", json!(expire));
        }
        Ok(body)
    }

    fn jsapi_params(&self, prepay_id: &str) -> JsapiParams {
        let time_stamp = sign::now_unix().to_string();
        let nonce_str = sign::nonce(32);
        let package = format!("prepay_id={prepay_id}");
        let msg = sign::jsapi_message(&self.cfg.appid, &time_stamp, &nonce_str, &package);
        JsapiParams {
            app_id: self.cfg.appid.clone(),
            pay_sign: sign::rsa_sign(&self.merchant_key, &msg),
            time_stamp,
            nonce_str,
            package,
            sign_type: "RSA".into(),
        }
    }

    /// Sends a signed request and returns the verified JSON body.
    async fn call(
        &self,
        method: Method,
        api_path: &str,
        body: Option<Value>,
    ) -> Result<Value, PayError> {
        // The exact bytes signed must be the bytes sent.
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let signed_path = format!("{}{api_path}", self.base_path);
        let auth = AuthHeader::sign(
            &self.merchant_key,
            &self.cfg.mchid,
            &self.cfg.merchant_serial,
            method.as_str(),
            &signed_path,
            body.as_bytes(),
        );
        let url = format!("{}{signed_path}", self.base_url);
        let mut req = self
            .http
            .request(method, url)
            .header(AUTHORIZATION, auth.to_header_value())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json");
        if !body.is_empty() {
            req = req.body(body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| PayError::Http(e.to_string()))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| PayError::Http(e.to_string()))?;
        if !status.is_success() {
            return Err(rejection(status, &bytes));
        }
        self.verify_response(&headers, &bytes)?;
        // `204 No Content` (closing an order) is signed like any answer and carries nothing.
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| PayError::Decode(e.to_string()))
    }

    fn verify_response(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), PayError> {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .ok_or(PayError::BadResponseSignature)
        };
        let timestamp = get(sign::H_TIMESTAMP)?;
        let nonce = get(sign::H_NONCE)?;
        let signature = get(sign::H_SIGNATURE)?;
        let serial = get(sign::H_SERIAL)?;
        let fresh = timestamp
            .parse::<i64>()
            .is_ok_and(|ts| sign::timestamp_is_fresh(ts, sign::now_unix()));
        let msg = sign::response_message(timestamp, nonce, body);
        if !fresh
            || serial != self.cfg.platform_key_id
            || !sign::rsa_verify(&self.platform_key, &msg, signature)
        {
            tracing::warn!(
                serial,
                fresh,
                "WeChat Pay response failed signature verification"
            );
            return Err(PayError::BadResponseSignature);
        }
        Ok(())
    }
}

fn rejection(status: StatusCode, body: &[u8]) -> PayError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let (code, message) = match parsed {
        Some(e) => (e.code.unwrap_or_default(), e.message.unwrap_or_default()),
        None => (
            String::new(),
            String::from_utf8_lossy(body).chars().take(200).collect(),
        ),
    };
    PayError::Rejected {
        status: status.as_u16(),
        code,
        message,
    }
}

fn string_field(v: &Value, name: &str) -> Result<String, PayError> {
    v.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| PayError::Decode(format!("response has no {name}")))
}

/// WeChat's own rule for out_trade_no; enforcing it here also keeps the
/// value safe to put into a URL path unescaped.
pub(crate) fn valid_out_trade_no(s: &str) -> bool {
    (6..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'|' | b'*'))
}

fn check_out_trade_no(s: &str) -> Result<(), PayError> {
    if valid_out_trade_no(s) {
        Ok(())
    } else {
        Err(PayError::InvalidOrder(
            "out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]".into(),
        ))
    }
}

fn split_base_url(base: &str) -> Result<(String, String), PayError> {
    let url = Url::parse(base).map_err(|e| PayError::Config(format!("base_url: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(PayError::Config(
            "base_url must be an http(s) URL without query".into(),
        ));
    }
    let path = url.path().trim_end_matches('/').to_string();
    let origin = url.origin().ascii_serialization();
    Ok((origin, path))
}

/// Adds a field to an order body (always a JSON object).
fn set(body: &mut Value, key: &str, value: Value) {
    if let Some(fields) = body.as_object_mut() {
        fields.insert(key.to_string(), value);
    }
}
