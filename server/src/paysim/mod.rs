//! Local WeChat Pay simulator for development and tests. It implements the
//! slice of APIv3 the dues feature uses with the real wire protocol — signed
//! requests, signed responses, encrypted and signed notifications — so the
//! production client is what gets exercised. It never talks to WeChat.
//!
//! Compiled only with the `simulator` feature (the run and test commands enable it): its keys
//! are public, so a production binary carries none of it (docs/architecture.md).
//!
//! - `api`: the merchant API (create, query, notifications);
//! - `checkout`: the payer's checkout page in a phone's browser (H5);
//! - `oauth`: WeChat's in-app browser — silent authorization and the JS bridge (JSAPI).

// A stand-in for the payment provider, built only with the `simulator` feature for tests and
// demos (docs/architecture.md#the-payment-simulator).
#![allow(clippy::indexing_slicing, clippy::expect_used)]

mod api;
mod checkout;
mod oauth;

pub use checkout::{escape_html, format_fen};
pub use oauth::DEV_APP_SECRET;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use sha2::Sha256;

use crate::wechatpay::sign;
use crate::wechatpay::wechat::WechatConfig;

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
    /// Orders by age, so the oldest are forgotten past [`KEPT_ORDERS`].
    order_ages: std::collections::VecDeque<String>,
    prepay_to_order: HashMap<String, String>,
    notifications: HashMap<String, (Vec<(String, String)>, String)>,
    /// OAuth codes handed out (snsapi_base), each good once: code → openid.
    oauth_codes: HashMap<String, String>,
}

/// Orders the simulator remembers (with their prepay ids and notifications). It is a stand-in
/// for a service that keeps orders for years; kept in memory without bound, a demo left running
/// under load grew by a few kilobytes per payment (bench/results/soak.md). An order forgotten
/// is one WeChat "never knew": the server closes it a day later (docs/operations.md#abandoned-orders).
pub const KEPT_ORDERS: usize = 2_000;

impl SimState {
    fn remember(&mut self, order: Order) {
        self.prepay_to_order
            .insert(order.prepay_id.clone(), order.out_trade_no.clone());
        self.order_ages.push_back(order.out_trade_no.clone());
        self.orders.insert(order.out_trade_no.clone(), order);
        while self.order_ages.len() > KEPT_ORDERS {
            let Some(old) = self.order_ages.pop_front() else {
                break;
            };
            if let Some(gone) = self.orders.remove(&old) {
                self.prepay_to_order.remove(&gone.prepay_id);
            }
            self.notifications.remove(&old);
        }
    }
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
    /// Closed by the merchant (关闭订单): never paid from then on.
    closed: bool,
}

#[derive(Clone)]
struct Payment {
    transaction_id: String,
    success_time: String,
}
/// The simulator answers this machine only (docs/security.md#the-payment-simulator): its keys
/// are public, and a demo reached from elsewhere must not take payments through it.
async fn loopback_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let local = request
        .extensions()
        .get::<app::backend::ClientAddress>()
        .is_some_and(|c| c.0.is_loopback());
    if !local {
        return (
            axum::http::StatusCode::FORBIDDEN,
            "the payment simulator answers this machine only",
        )
            .into_response();
    }
    next.run(request).await
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
        Self::routes()
            .into_iter()
            .fold(Router::new(), |router, (path, method_router)| {
                router.route(path, method_router)
            })
            .layer(axum::middleware::from_fn(loopback_only))
            .with_state(self.clone())
    }

    /// The paths the simulator serves, relative to its mount point (the server's access table
    /// is checked against them).
    pub fn route_paths() -> Vec<String> {
        Self::routes()
            .into_iter()
            .map(|(path, _)| path.to_string())
            .collect()
    }

    fn routes() -> Vec<(&'static str, axum::routing::MethodRouter<Simulator>)> {
        vec![
            ("/v3/pay/transactions/h5", post(api::create_h5)),
            ("/v3/pay/transactions/jsapi", post(api::create_jsapi)),
            (
                "/v3/pay/transactions/out-trade-no/{out_trade_no}",
                get(api::query_order),
            ),
            (
                "/v3/pay/transactions/out-trade-no/{out_trade_no}/close",
                post(api::close_order),
            ),
            ("/checkout/{prepay_id}", get(checkout::checkout_page)),
            (
                "/checkout/{prepay_id}/confirm",
                post(checkout::checkout_confirm),
            ),
            ("/notifications/{out_trade_no}", get(api::notification)),
            ("/connect/oauth2/authorize", get(oauth::oauth_authorize)),
            ("/sns/oauth2/access_token", get(oauth::oauth_access_token)),
            ("/jsbridge.js", get(oauth::js_bridge)),
            ("/jsapi/pay", post(oauth::jsapi_pay)),
        ]
    }

    /// Whether `url` lies on the site the simulator serves (its only merchant): notifications
    /// and the payer's return go nowhere else (no blind requests to other hosts, no open
    /// redirect).
    fn on_site(&self, url: &str) -> bool {
        let base = &self.cfg().public_base;
        let origin = base
            .split_once("://")
            .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)))
            .unwrap_or_default();
        !origin.is_empty()
            && url
                .strip_prefix(&origin)
                .is_some_and(|rest| rest.starts_with('/'))
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
        if order.closed {
            return Err(format!("order {out_trade_no} is closed"));
        }
        let newly_paid = order.paid.is_none();
        if newly_paid {
            let now = sign::now_unix();
            order.paid = Some(Payment {
                transaction_id: format!("4200{}{}", now, api::digits(12)),
                success_time: sign::rfc3339_cst(now),
            });
        }
        Ok((order.clone(), newly_paid))
    }

    /// Closes an unpaid order; a paid one stays paid and says so.
    fn close(&self, out_trade_no: &str) -> Result<(), api::ApiError> {
        let mut state = self.state();
        let order = state.orders.get_mut(out_trade_no).ok_or_else(|| {
            api::ApiError::new(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST", "订单不存在")
        })?;
        if order.paid.is_some() {
            return Err(api::ApiError::new(
                StatusCode::BAD_REQUEST,
                "ORDERPAID",
                "订单已支付",
            ));
        }
        order.closed = true;
        Ok(())
    }

    fn order_by_prepay(&self, prepay_id: &str) -> Option<Order> {
        let state = self.state();
        let no = state.prepay_to_order.get(prepay_id)?;
        state.orders.get(no).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simulator_forgets_its_oldest_orders() {
        let mut state = SimState::default();
        let order = |n: usize| Order {
            kind: Kind::H5,
            out_trade_no: format!("DJ{n}"),
            description: String::new(),
            total: 1,
            notify_url: String::new(),
            openid: None,
            prepay_id: format!("wx{n}"),
            paid: None,
            closed: false,
        };
        for n in 0..KEPT_ORDERS + 5 {
            state.remember(order(n));
            state
                .notifications
                .insert(format!("DJ{n}"), (Vec::new(), String::new()));
        }
        assert_eq!(state.orders.len(), KEPT_ORDERS);
        assert_eq!(state.prepay_to_order.len(), KEPT_ORDERS);
        assert!(state.notifications.len() <= KEPT_ORDERS + 1);
        assert!(!state.orders.contains_key("DJ4") && !state.prepay_to_order.contains_key("wx4"));
        assert!(state.orders.contains_key("DJ5"));
    }

    #[test]
    fn notifications_and_returns_stay_on_the_site() {
        let sim = Simulator::new(SimConfig::dev("http://127.0.0.1:3000/paysim"));
        assert!(sim.on_site("http://127.0.0.1:3000/api/v1/dues/notify"));
        assert!(sim.on_site("http://127.0.0.1:3000/dues?paid=1"));
        for elsewhere in [
            "http://127.0.0.1:3001/api/v1/dues/notify",
            "http://127.0.0.1:3000.evil.example/x",
            "http://169.254.169.254/latest/meta-data",
            "https://127.0.0.1:3000/dues",
            "/dues",
            "",
        ] {
            assert!(!sim.on_site(elsewhere), "{elsewhere}");
        }
    }
}
