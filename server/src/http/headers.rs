//! Security headers on every response, and the page's script nonce
//! (docs/security.md#headers). The policy lives here and nowhere else.

use std::sync::Arc;

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

/// This request's script nonce: Leptos's inline scripts (hydration, streamed resources) and
/// the WeChat payment page's inline script carry it, and the policy names it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

/// Each directive with the reason for what it allows.
const POLICY: &[(&str, &str, &str)] = &[
    (
        "default-src",
        "'self'",
        "nothing loads from another site unless named below",
    ),
    (
        "script-src",
        "'self' 'nonce-{nonce}' 'wasm-unsafe-eval'",
        "the bundle's JS from /pkg; Leptos's inline hydration and streaming scripts and the \
         WeChat payment page's script carry this response's nonce; the app is WebAssembly",
    ),
    (
        "style-src",
        "'self' 'unsafe-inline'",
        "the stylesheet, plus style attributes (bars, the map) and the simulator's and setup \
         page's inline styles: a style cannot run script",
    ),
    (
        "img-src",
        "'self' data: blob:",
        "photos from /files; data: for small inline icons; blob: for a chosen photo's preview",
    ),
    (
        "media-src",
        "'self' blob:{streams}",
        "study media from /files, recorded media before upload, and the grid-centre stream sites \
         the deployment configures (an MP4 plays from there; hls.js hands the player blob: media)",
    ),
    (
        "worker-src",
        "'self' blob:",
        "workers the bundle starts (photo resizing)",
    ),
    (
        "connect-src",
        "'self'{streams}",
        "server functions, the JSON API and lazy WASM chunks; hls.js fetches a stream's playlist \
         and segments from a configured stream site",
    ),
    ("object-src", "'none'", "no plugins"),
    (
        "base-uri",
        "'none'",
        "no <base> can redirect relative links",
    ),
    (
        "frame-ancestors",
        "'none'",
        "no other site may frame a page (clickjacking)",
    ),
    (
        "form-action",
        "'self' https://wx.tenpay.com https://open.weixin.qq.com",
        "forms post here; paying dues redirects to WeChat Pay's page or WeChat's authorization",
    ),
];

/// The `Content-Security-Policy` value for one response. `streams` are the configured stream
/// sites, each after a space.
pub fn content_security_policy(nonce: &str, streams: &str) -> String {
    POLICY
        .iter()
        .map(|(name, value, _why)| {
            format!(
                "{name} {}",
                value
                    .replace("{nonce}", nonce)
                    .replace("{streams}", streams)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn new_nonce() -> Arc<str> {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes).into()
}

/// `hsts`: the public origin is https, so browsers should never try plain HTTP again.
/// `streams`: the configured stream sites, each after a space (`crate::video::policy_sources`).
pub async fn apply(hsts: bool, streams: Arc<str>, mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A response that set a stricter policy of its own keeps it (uploaded files are sandboxed).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce, &streams)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// In the Leptos render of a page: the nonce Leptos puts on its scripts is this request's.
pub fn provide_page_nonce() {
    let nonce = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_gives_every_allowance_a_reason() {
        let csp = content_security_policy("abc", " https://live.example.cn");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("media-src 'self' blob: https://live.example.cn;"));
        assert!(csp.contains("connect-src 'self' https://live.example.cn;"));
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
        assert!(POLICY.iter().all(|(_, _, why)| !why.is_empty()));
    }
}
