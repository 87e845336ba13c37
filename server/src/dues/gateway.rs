//! The payment provider a deployment uses: WeChat Pay (API v3), the local simulator that speaks
//! the same protocol (demo and tests), or none (cash only).

use std::{net::SocketAddr, sync::Arc};

use crate::{
    config::{Config, PaymentProvider},
    wechatpay::{WechatConfig, WechatOAuth, WechatPay},
};

/// Where WeChat Pay sends payment notifications, under the site's origin.
pub const NOTIFY_PATH: &str = "/api/v1/dues/wechat/notify";
/// Where the simulator is mounted when it is the provider.
pub const SIM_PATH: &str = "/paysim";

#[derive(Clone, Default)]
pub struct Payments {
    pub wechat: Option<Arc<WechatPay>>,
    /// Inside WeChat's browser: the openid a JSAPI order needs (needs the app secret).
    pub oauth: Option<Arc<WechatOAuth>>,
    /// Present when the simulator plays WeChat Pay: the router mounts it at [`SIM_PATH`].
    #[cfg(feature = "simulator")]
    pub sim: Option<crate::paysim::Simulator>,
    /// The simulator's stand-in for WeChat's `WeixinJSBridge`, loaded by the JSAPI page.
    pub sim_bridge: Option<String>,
}

impl Payments {
    /// `addr` is the address the server listens on: the simulator and the notifications it
    /// sends go there when no public origin is configured.
    pub fn from_config(config: &Config, addr: SocketAddr) -> anyhow::Result<Self> {
        let origin = match &config.public_origin {
            Some(o) => o.trim_end_matches('/').to_string(),
            None => {
                let host = if addr.ip().is_unspecified() {
                    SocketAddr::from(([127, 0, 0, 1], addr.port()))
                } else {
                    addr
                };
                format!("http://{host}")
            }
        };
        let notify_url = format!("{origin}{NOTIFY_PATH}");
        match config.payment.provider {
            PaymentProvider::Off => Ok(Self::default()),
            // The simulator's keys are public: it would accept forged payments anywhere else.
            PaymentProvider::Simulator if !config.demo => anyhow::bail!(
                "the payment simulator runs only in demo mode (DANGJIAN_DEMO=1); use wechat or off"
            ),
            PaymentProvider::Simulator => Self::simulator(&origin, &notify_url),
            PaymentProvider::Wechat => {
                // WeChat Pay must reach the notification address from the internet.
                if config.public_origin.is_none() {
                    anyhow::bail!(
                        "WeChat Pay needs DANGJIAN_PUBLIC_ORIGIN (its notifications come there)"
                    );
                }
                let w = &config.payment;
                let need = |v: &Option<String>, name: &str| {
                    v.clone()
                        .ok_or_else(|| anyhow::anyhow!("WeChat Pay needs {name}"))
                };
                let read = |v: &Option<String>, name: &str| -> anyhow::Result<String> {
                    let path = need(v, name)?;
                    std::fs::read_to_string(&path)
                        .map_err(|e| anyhow::anyhow!("cannot read {name} {path}: {e}"))
                };
                let appid = need(&w.wechat_appid, "DANGJIAN_WECHAT_APPID")?;
                let oauth = w.wechat_app_secret.as_ref().map(|secret| {
                    Arc::new(WechatOAuth::new(
                        &appid,
                        secret.clone(),
                        "https://open.weixin.qq.com",
                        "https://api.weixin.qq.com",
                    ))
                });
                let client = WechatPay::new(WechatConfig {
                    base_url: w
                        .wechat_base_url
                        .clone()
                        .unwrap_or_else(|| "https://api.mch.weixin.qq.com".into()),
                    mchid: need(&w.wechat_mchid, "DANGJIAN_WECHAT_MCHID")?,
                    appid,
                    merchant_serial: need(&w.wechat_serial, "DANGJIAN_WECHAT_SERIAL")?,
                    merchant_key_pem: read(&w.wechat_key_file, "DANGJIAN_WECHAT_KEY_FILE")?.into(),
                    platform_key_id: need(
                        &w.wechat_platform_key_id,
                        "DANGJIAN_WECHAT_PLATFORM_KEY_ID",
                    )?,
                    platform_public_key_pem: read(
                        &w.wechat_platform_key_file,
                        "DANGJIAN_WECHAT_PLATFORM_KEY_FILE",
                    )?,
                    api_v3_key: w.wechat_api_v3_key.clone().ok_or_else(|| {
                        anyhow::anyhow!("WeChat Pay needs DANGJIAN_WECHAT_API_V3_KEY")
                    })?,
                    notify_url,
                })?;
                Ok(Self {
                    wechat: Some(Arc::new(client)),
                    oauth,
                    ..Self::default()
                })
            }
        }
    }

    #[cfg(feature = "simulator")]
    fn simulator(origin: &str, notify_url: &str) -> anyhow::Result<Self> {
        use crate::paysim::{dev_client_config, SimConfig, Simulator, DEV_APPID, DEV_APP_SECRET};
        let base = format!("{origin}{SIM_PATH}");
        let client = WechatPay::new(dev_client_config(&base, notify_url))?;
        let oauth = WechatOAuth::new(DEV_APPID, DEV_APP_SECRET.into(), &base, &base);
        Ok(Self {
            wechat: Some(Arc::new(client)),
            oauth: Some(Arc::new(oauth)),
            sim: Some(Simulator::new(SimConfig::dev(&base))),
            sim_bridge: Some(format!("{base}/jsbridge.js")),
        })
    }

    #[cfg(not(feature = "simulator"))]
    fn simulator(_origin: &str, _notify_url: &str) -> anyhow::Result<Self> {
        anyhow::bail!(
            "this dangjian binary was built without the payment simulator (cargo feature \
             `simulator`): set DANGJIAN_PAYMENT to wechat or off, or build with \
             --features simulator for a demo"
        )
    }
}
