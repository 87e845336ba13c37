//! WeChat web authorization (网页授权, `snsapi_base`): inside WeChat's browser a JSAPI payment
//! needs the payer's openid for the official account, which WeChat gives for a one-time code.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::PayError;

pub struct WechatOAuth {
    appid: String,
    secret: SecretString,
    /// `https://open.weixin.qq.com` (the page the browser is sent to).
    authorize_base: String,
    /// `https://api.weixin.qq.com` (the server-to-server exchange).
    api_base: String,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct TokenReply {
    openid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl WechatOAuth {
    pub fn new(appid: &str, secret: SecretString, authorize_base: &str, api_base: &str) -> Self {
        Self {
            appid: appid.into(),
            secret,
            authorize_base: authorize_base.trim_end_matches('/').into(),
            api_base: api_base.trim_end_matches('/').into(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }

    /// Where to send the browser; WeChat comes back to `redirect_uri?code=…&state=…`.
    pub fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        format!(
            "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_base&state={}#wechat_redirect",
            self.authorize_base,
            app::url::percent_encode(&self.appid),
            app::url::percent_encode(redirect_uri),
            app::url::percent_encode(state)
        )
    }

    /// The openid behind a code (each code works once, for five minutes).
    pub async fn openid(&self, code: &str) -> Result<String, PayError> {
        let url = format!(
            "{}/sns/oauth2/access_token?appid={}&secret={}&code={}&grant_type=authorization_code",
            self.api_base,
            app::url::percent_encode(&self.appid),
            app::url::percent_encode(self.secret.expose_secret()),
            app::url::percent_encode(code)
        );
        let body = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| PayError::Http(e.without_url().to_string()))?
            .bytes()
            .await
            .map_err(|e| PayError::Http(e.without_url().to_string()))?;
        let reply: TokenReply =
            serde_json::from_slice(&body).map_err(|e| PayError::Decode(e.to_string()))?;
        match (reply.openid, reply.errcode) {
            (Some(openid), None | Some(0)) if !openid.is_empty() => Ok(openid),
            (_, code) => Err(PayError::Rejected {
                status: 200,
                code: code.unwrap_or_default().to_string(),
                message: reply.errmsg.unwrap_or_default(),
            }),
        }
    }
}
