//! Unit tests of the crypto helpers against vectors produced with OpenSSL,
//! and end-to-end tests of client + simulator over real loopback HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use reqwest::Url;
use tokio::net::TcpListener;

use super::sign::{self, AuthHeader};
use super::*;
use crate::paysim::{
    self as sim, dev_client_config, SimConfig, Simulator, DEV_MERCHANT_PUBLIC_PEM,
    DEV_PLATFORM_KEY_PEM, SIM_API_V3_KEY,
};

// ---------------------------------------------------------------------------
// Known vectors. Generated once with the OpenSSL 3.0 command line:
//   openssl dgst -sha256 -sign paysim/merchant_key.pem msg.txt | base64 -w0
// and, for AES-256-GCM (which `openssl enc` refuses), with Python's
// `cryptography` AESGCM (OpenSSL's EVP underneath); its ciphertext half was
// cross-checked with `openssl enc -aes-256-ctr -iv <nonce>00000002`.

const VECTOR_MSG: &str = "POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{\"appid\":\"wxd930ea5d5a258f4f\"}\n";
const VECTOR_MERCHANT_SIG: &str = "ra8mfc/WDKA5QOaGJR7EUN4+KJ+LvlE7lnRMoUmPvZ21LmpXC3eTYllICTpsrfgDpGO4s39Diivz92lIYT072YdNxsIMONb3oVgiaxnbZZL3q1/7rY9huETYQ42pPJOkAJsCPyAYXVrjYUG7Xe1QyZfY2P95BfIB6vwXc+jfdils5egO4qU/cN+ZWpGQ6Nmx6cn/sdliOwm0gwmf0Nbnm+KNFi8vVaiAYVmNkguFLjKdxU0guNKfzpOu5LgtWnJI1e3okO8GugFJEAGfIpVW5KEpdrEBGoeCjfgifUh/vimIJMnLAQExd1nV8Y5kbqwZMCu3CY+77ulFctXwFLXAsQ==";
const VECTOR_PLATFORM_SIG: &str = "uQRcTc2gPR89xVmVdEQ9JgEZxaS55uIMra9m1wDzPwb6wpYBu+oB7DBE3nmz5BJDnx0jOmyE/m6rlTFkPNTMma5YhtWxDgZ2zWyfq0wBqKw6pOyK9i9ILkvXAMZQhwjKvVSlS8xJk4UIcSmMCn4Vf/iJI1XQNv/HWSLDzpwjBc2jI08nBuGbQuWr761ltFfbH7DIB7dw23yui+YrZtkvoKV2dmgzgKDBIRUpa3pgWG4fMG6hMsr0fIbIl469jz0MVA9P011cBDy99C8tGNgV7ygANKBi2UwnLTl1QQqoG8v3DrsBRnaX+akTljqPd4OSIf2mBy73V7nU4COrVm8v0w==";
const VECTOR_GCM_NONCE: &str = "0123456789ab";
const VECTOR_GCM_PLAIN: &str = "{\"trade_state\":\"SUCCESS\",\"amount\":{\"total\":1234}}";
const VECTOR_GCM_CIPHER: &str =
    "VtZUJaVYucAAxuQQftWU116QT/XLXOSnp3/1mdyYgSkXuNH4/Gt3zTSE7o7HFW/xJgbuohnPALkHGeEPELuHx1I=";

#[test]
fn rsa_sign_matches_openssl() {
    let key = sign::parse_private_key(sim::DEV_MERCHANT_KEY_PEM).unwrap();
    assert_eq!(
        sign::rsa_sign(&key, VECTOR_MSG.as_bytes()),
        VECTOR_MERCHANT_SIG
    );
    let public = sign::parse_public_key(DEV_MERCHANT_PUBLIC_PEM).unwrap();
    assert!(sign::rsa_verify(
        &public,
        VECTOR_MSG.as_bytes(),
        VECTOR_MERCHANT_SIG
    ));
}

#[test]
fn rsa_verify_accepts_openssl_signature_and_rejects_others() {
    let platform = sign::parse_public_key(sim::DEV_PLATFORM_PUBLIC_PEM).unwrap();
    assert!(sign::rsa_verify(
        &platform,
        VECTOR_MSG.as_bytes(),
        VECTOR_PLATFORM_SIG
    ));
    // Right message, wrong key.
    assert!(!sign::rsa_verify(
        &platform,
        VECTOR_MSG.as_bytes(),
        VECTOR_MERCHANT_SIG
    ));
    // One byte of the message changed.
    let altered = VECTOR_MSG.replace("1554208460", "1554208461");
    assert!(!sign::rsa_verify(
        &platform,
        altered.as_bytes(),
        VECTOR_PLATFORM_SIG
    ));
    assert!(!sign::rsa_verify(
        &platform,
        VECTOR_MSG.as_bytes(),
        "not base64!"
    ));
}

#[test]
fn aes_gcm_matches_openssl_vector() {
    let key = SIM_API_V3_KEY.as_bytes();
    let nonce = VECTOR_GCM_NONCE.as_bytes();
    let ct =
        sign::aes_gcm_encrypt(key, nonce, b"transaction", VECTOR_GCM_PLAIN.as_bytes()).unwrap();
    assert_eq!(ct, VECTOR_GCM_CIPHER);
    let pt = sign::aes_gcm_decrypt(key, nonce, b"transaction", VECTOR_GCM_CIPHER).unwrap();
    assert_eq!(pt, VECTOR_GCM_PLAIN.as_bytes());
    // Wrong associated data, wrong nonce length and a flipped tag bit all fail.
    assert!(sign::aes_gcm_decrypt(key, nonce, b"other", VECTOR_GCM_CIPHER).is_err());
    assert!(sign::aes_gcm_decrypt(key, b"short", b"transaction", VECTOR_GCM_CIPHER).is_err());
    let mut raw = sign::b64_decode(VECTOR_GCM_CIPHER).unwrap();
    *raw.last_mut().unwrap() ^= 1;
    assert!(sign::aes_gcm_decrypt(key, nonce, b"transaction", &sign::b64_encode(&raw)).is_err());
}

#[test]
fn rfc3339_matches_date_command() {
    // Expected values from `TZ=Asia/Shanghai date -d @N +%Y-%m-%dT%H:%M:%S+08:00`.
    assert_eq!(sign::rfc3339_cst(0), "1970-01-01T08:00:00+08:00");
    assert_eq!(sign::rfc3339_cst(951_782_400), "2000-02-29T08:00:00+08:00");
    assert_eq!(
        sign::rfc3339_cst(1_700_000_000),
        "2023-11-15T06:13:20+08:00"
    );
}

#[test]
fn authorization_header_round_trips_and_tolerates_field_order() {
    let key = sign::parse_private_key(sim::DEV_MERCHANT_KEY_PEM).unwrap();
    let auth = AuthHeader::sign(&key, "1900000001", "SERIAL", "GET", "/v3/x?y=1", b"");
    assert_eq!(
        AuthHeader::parse(&auth.to_header_value()),
        Some(auth.clone())
    );
    let reordered = format!(
        "WECHATPAY2-SHA256-RSA2048 serial_no=\"{}\", timestamp=\"{}\",mchid=\"{}\",nonce_str=\"{}\",signature=\"{}\"",
        auth.serial_no, auth.timestamp, auth.mchid, auth.nonce_str, auth.signature
    );
    assert_eq!(AuthHeader::parse(&reordered), Some(auth));
    assert_eq!(AuthHeader::parse("Bearer abc"), None);
    assert_eq!(
        AuthHeader::parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1\""),
        None
    );
}

#[test]
fn config_and_html_helpers() {
    assert_eq!(SIM_API_V3_KEY.len(), 32);
    let mut cfg = dev_client_config("http://127.0.0.1:1", "http://127.0.0.1:1/notify");
    cfg.api_v3_key = "short".into();
    assert!(matches!(
        WechatPay::new(cfg.clone()),
        Err(PayError::Config(_))
    ));
    cfg.api_v3_key = SIM_API_V3_KEY.into();
    cfg.merchant_key_pem = "garbage".into();
    assert!(matches!(WechatPay::new(cfg), Err(PayError::Config(_))));
    assert_eq!(sim::format_fen(1234), "¥12.34");
    assert_eq!(sim::format_fen(5), "¥0.05");
    assert_eq!(
        sim::escape_html("<a href=\"x\">&'"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}

// ---------------------------------------------------------------------------
// End-to-end: simulator and a notify receiver on loopback ports.

struct Received {
    result: Result<Transaction, NotifyError>,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

struct Env {
    sim: Simulator,
    sim_base: String,
    notify_base: String,
    client: Arc<WechatPay>,
    inbox: Inbox,
    browser: reqwest::Client,
}

async fn serve(listener: TcpListener, app: Router) {
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
}

async fn receive(
    State((client, inbox)): State<(Arc<WechatPay>, Inbox)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let result = client.verify_notification(&headers, &body, sign::now_unix());
    let status = if result.is_ok() {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::BAD_REQUEST
    };
    inbox.lock().unwrap().push(Received { result });
    status
}

/// Starts the simulator nested under /paysim (as the server mounts it, so the
/// signed path includes the prefix) and, on the same site (the simulator notifies and returns
/// nowhere else), a receiver that verifies callbacks.
async fn start() -> Env {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let sim_base = format!("{site}/paysim");
    let sim = Simulator::new(SimConfig::dev(&sim_base));
    let notify_base = site;
    let client = Arc::new(
        WechatPay::new(dev_client_config(
            &sim_base,
            &format!("{notify_base}/notify"),
        ))
        .unwrap(),
    );
    let inbox: Inbox = Arc::default();
    let receiver = Router::new()
        .route("/notify", post(receive))
        .route(
            "/notify-fail",
            post(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .with_state((client.clone(), inbox.clone()));
    // What the server's client layer resolves for a request from this machine.
    let from_here = axum::middleware::from_fn(
        |mut request: axum::extract::Request, next: axum::middleware::Next| async move {
            request.extensions_mut().insert(app::backend::ClientAddress(
                std::net::Ipv4Addr::LOCALHOST.into(),
            ));
            next.run(request).await
        },
    );
    let app = Router::new()
        .nest("/paysim", sim.router())
        .merge(receiver)
        .layer(from_here);
    serve(listener, app).await;

    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Env {
        sim,
        sim_base,
        notify_base,
        client,
        inbox,
        browser,
    }
}

fn order(no: &str, fen: i64) -> NewOrder {
    NewOrder {
        out_trade_no: no.into(),
        description: "<党费> 2025年6月".into(),
        amount_fen: fen,
        time_expire: None,
    }
}

fn client_with(env: &Env, edit: impl FnOnce(&mut WechatConfig)) -> WechatPay {
    let mut cfg = env.client.config().clone();
    edit(&mut cfg);
    WechatPay::new(cfg).unwrap()
}

fn extract_attr<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).unwrap() + marker.len();
    let end = html[start..].find('"').unwrap();
    &html[start..start + end]
}

fn assert_rejected(err: PayError, status: u16, code: &str) {
    match err {
        PayError::Rejected {
            status: s, code: c, ..
        } => {
            assert_eq!((s, c.as_str()), (status, code));
        }
        other => panic!("expected Rejected {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn h5_checkout_pays_redirects_and_notifies() {
    let env = start().await;
    let no = "DUES2025060001";
    let h5 = env
        .client
        .create_h5(&order(no, 1234), "203.0.113.7")
        .await
        .unwrap();
    assert!(
        h5.h5_url
            .starts_with(&format!("{}/checkout/wx", env.sim_base)),
        "{}",
        h5.h5_url
    );

    // The merchant appends redirect_url to h5_url, as WeChat documents.
    let return_to = format!("{}/dues/return?order={no}", env.notify_base);
    let mut page_url = Url::parse(&h5.h5_url).unwrap();
    page_url
        .query_pairs_mut()
        .append_pair("redirect_url", &return_to);
    let page = env.browser.get(page_url.clone()).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for needle in [
        "微信支付（模拟）",
        "¥12.34",
        "id=\"sim-pay\"",
        "确认支付",
        "模拟器",
        "&lt;党费&gt;",
    ] {
        assert!(html.contains(needle), "page lacks {needle}: {html}");
    }
    assert!(!html.contains("<党费>"), "description must be escaped");
    assert_eq!(
        extract_attr(&html, "name=\"redirect_url\" value=\""),
        return_to
    );

    let action = page_url.join(extract_attr(&html, "action=\"")).unwrap();
    let confirm = env
        .browser
        .post(action.clone())
        .form(&[("redirect_url", &return_to)])
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), StatusCode::SEE_OTHER);
    assert_eq!(confirm.headers()["location"].to_str().unwrap(), return_to);

    let tx = {
        let inbox = env.inbox.lock().unwrap();
        assert_eq!(inbox.len(), 1);
        inbox[0].result.clone().unwrap()
    };
    assert_eq!(tx.trade_state, "SUCCESS");
    assert_eq!(tx.out_trade_no, no);
    assert_eq!(
        tx.amount.as_ref().map(|a| (a.total, a.payer_total)),
        Some((1234, Some(1234)))
    );
    assert!(tx
        .success_time
        .as_deref()
        .is_some_and(|t| t.ends_with("+08:00")));

    let queried = env.client.query(no).await.unwrap();
    assert_eq!(queried.trade_state, "SUCCESS");
    assert_eq!(queried.transaction_id, tx.transaction_id);

    // Confirming twice keeps the first transaction and sends no second callback.
    let again = env
        .browser
        .post(action)
        .form(&[("redirect_url", &return_to)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(env.inbox.lock().unwrap().len(), 1);
    assert_eq!(
        env.client.query(no).await.unwrap().transaction_id,
        tx.transaction_id
    );

    let err = env
        .client
        .create_h5(&order(no, 1234), "203.0.113.7")
        .await
        .unwrap_err();
    assert_rejected(err, 403, "ORDERPAID");
}

#[tokio::test]
async fn jsapi_params_are_signed_and_silent_payment_is_queryable() {
    let env = start().await;
    let no = "DUES2025060002";
    let params = env
        .client
        .create_jsapi(&order(no, 5000), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        .await
        .unwrap();
    assert!(params.package.starts_with("prepay_id=wx"));
    assert_eq!(
        (params.app_id.as_str(), params.sign_type.as_str()),
        (sim::DEV_APPID, "RSA")
    );
    let msg = format!(
        "{}\n{}\n{}\n{}\n",
        params.app_id, params.time_stamp, params.nonce_str, params.package
    );
    let merchant_public = sign::parse_public_key(DEV_MERCHANT_PUBLIC_PEM).unwrap();
    assert!(sign::rsa_verify(
        &merchant_public,
        msg.as_bytes(),
        &params.pay_sign
    ));
    let js = serde_json::to_value(&params).unwrap();
    for key in [
        "appId",
        "timeStamp",
        "nonceStr",
        "package",
        "signType",
        "paySign",
    ] {
        assert!(js.get(key).is_some(), "missing {key} in {js}");
    }

    let before = env.client.query(no).await.unwrap();
    assert_eq!(
        (before.trade_state.as_str(), before.transaction_id),
        ("NOTPAY", None)
    );

    // Same order again while unpaid: the same prepay comes back.
    let same = env
        .client
        .create_jsapi(&order(no, 5000), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        .await
        .unwrap();
    assert_eq!(same.package, params.package);
    let err = env
        .client
        .create_jsapi(&order(no, 5001), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        .await
        .unwrap_err();
    assert_rejected(err, 400, "OUT_TRADE_NO_USED");

    // The callback never comes; the merchant finds out by querying.
    let transaction_id = env.sim.pay(no, false).await.unwrap();
    assert!(env.sim.last_notification(no).is_none());
    assert!(env.inbox.lock().unwrap().is_empty());
    let after = env.client.query(no).await.unwrap();
    assert_eq!(after.trade_state, "SUCCESS");
    assert_eq!(
        after.transaction_id.as_deref(),
        Some(transaction_id.as_str())
    );
    assert_eq!(env.sim.pay(no, true).await.unwrap(), transaction_id);

    let err = env.client.query("NOSUCHORDER01").await.unwrap_err();
    assert_rejected(err, 404, "ORDER_NOT_EXIST");
}

fn resign(headers: &[(String, String)], body: &str) -> Vec<(String, String)> {
    let key = sign::parse_private_key(DEV_PLATFORM_KEY_PEM).unwrap();
    let mut fresh = sign::wechatpay_headers(&key, sim::DEV_PLATFORM_KEY_ID, body.as_bytes());
    fresh.extend(
        headers
            .iter()
            .filter(|(k, _)| !k.starts_with("wechatpay-"))
            .cloned(),
    );
    fresh
}

fn with_header(headers: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == name {
                    value.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    &headers.iter().find(|(k, _)| k == name).unwrap().1
}

#[tokio::test]
async fn tampered_notifications_are_rejected() {
    let env = start().await;
    let no = "DUES2025060003";
    env.client
        .create_jsapi(&order(no, 2000), "oPAYER")
        .await
        .unwrap();
    env.sim.pay(no, true).await.unwrap();
    let (headers, body) = env.sim.last_notification(no).unwrap();
    let ts: i64 = header(&headers, "wechatpay-timestamp").parse().unwrap();
    let verify = |h: &[(String, String)], b: &str, now: i64| {
        env.client.verify_notification(h, b.as_bytes(), now)
    };

    let tx = verify(&headers, &body, ts).unwrap();
    assert_eq!(
        (tx.trade_state.as_str(), tx.amount.unwrap().total),
        ("SUCCESS", 2000)
    );
    let note: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(note["event_type"], "TRANSACTION.SUCCESS");
    assert_eq!(note["resource"]["associated_data"], "transaction");

    // The AEAD tag catches an altered ciphertext even with a valid signature.
    let mut altered = note.clone();
    let mut raw = sign::b64_decode(note["resource"]["ciphertext"].as_str().unwrap()).unwrap();
    raw[0] ^= 0x01;
    altered["resource"]["ciphertext"] = sign::b64_encode(&raw).into();
    let altered = altered.to_string();
    assert_eq!(
        verify(&resign(&headers, &altered), &altered, sign::now_unix()),
        Err(NotifyError::Decrypt)
    );

    let mut other_id = note.clone();
    other_id["id"] = "forged".into();
    assert_eq!(
        verify(&headers, &other_id.to_string(), ts),
        Err(NotifyError::BadSignature)
    );
    let wrong_serial = with_header(&headers, "wechatpay-serial", "PUB_KEY_ID_SOMEONE_ELSE");
    assert_eq!(
        verify(&wrong_serial, &body, ts),
        Err(NotifyError::UnknownSerial)
    );
    assert_eq!(
        verify(&headers, &body, ts + 600),
        Err(NotifyError::StaleTimestamp)
    );
    let no_signature: Vec<_> = headers
        .iter()
        .filter(|(k, _)| k != "wechatpay-signature")
        .cloned()
        .collect();
    assert_eq!(
        verify(&no_signature, &body, ts),
        Err(NotifyError::BadHeaders)
    );
    let garbage = verify(&resign(&headers, "not json"), "not json", sign::now_unix());
    assert!(
        matches!(garbage, Err(NotifyError::Decode(_))),
        "{garbage:?}"
    );

    // A correctly encrypted and signed notification for another merchant.
    let foreign = serde_json::json!({
        "appid": sim::DEV_APPID, "mchid": "1900000999", "out_trade_no": no,
        "trade_state": "SUCCESS", "amount": {"total": 1}
    })
    .to_string();
    let mut forged = note;
    forged["resource"]["ciphertext"] = sign::aes_gcm_encrypt(
        SIM_API_V3_KEY.as_bytes(),
        b"abcdefghijkl",
        b"transaction",
        foreign.as_bytes(),
    )
    .unwrap()
    .into();
    forged["resource"]["nonce"] = "abcdefghijkl".into();
    let forged = forged.to_string();
    assert_eq!(
        verify(&resign(&headers, &forged), &forged, sign::now_unix()),
        Err(NotifyError::WrongMerchant)
    );

    // The receiver in start() saw only the genuine one.
    assert!(env.inbox.lock().unwrap()[0].result.is_ok());
}

#[tokio::test]
async fn simulator_rejects_bad_request_signatures() {
    let env = start().await;
    let signed_by_wrong_key =
        client_with(&env, |c| c.merchant_key_pem = DEV_PLATFORM_KEY_PEM.into());
    let err = signed_by_wrong_key
        .create_h5(&order("DUES2025060004", 100), "127.0.0.1")
        .await
        .unwrap_err();
    assert_rejected(err, 401, "SIGN_ERROR");
    let wrong_serial = client_with(&env, |c| c.merchant_serial = "0000".into());
    assert_rejected(
        wrong_serial.query("DUES2025060004").await.unwrap_err(),
        401,
        "SIGN_ERROR",
    );

    // No Authorization at all; the error answer itself is still signed.
    let resp = env
        .browser
        .get(format!(
            "{}/v3/pay/transactions/out-trade-no/DUES2025060004?mchid=1900000001",
            env.sim_base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.headers().contains_key("wechatpay-signature"));
    assert!(resp.headers().contains_key("request-id"));
    let body: serde_json::Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], "SIGN_ERROR");

    // Correctly signed by hand: accepted when fresh (404: no such order),
    // refused when ten minutes old, as a replayed request would be.
    let key = sign::parse_private_key(sim::DEV_MERCHANT_KEY_PEM).unwrap();
    let path = "/paysim/v3/pay/transactions/out-trade-no/DUES2025060004?mchid=1900000001";
    let origin = env.sim_base.trim_end_matches("/paysim");
    for (age, expected) in [(0, 404), (600, 401)] {
        let timestamp = (sign::now_unix() - age).to_string();
        let msg = sign::request_message("GET", path, &timestamp, "NONCE123", b"");
        let auth = AuthHeader {
            mchid: sim::DEV_MCHID.into(),
            nonce_str: "NONCE123".into(),
            signature: sign::rsa_sign(&key, &msg),
            timestamp,
            serial_no: sim::DEV_MERCHANT_SERIAL.into(),
        };
        let resp = env
            .browser
            .get(format!("{origin}{path}"))
            .header("authorization", auth.to_header_value())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), expected, "age {age}");
    }

    let other_app = client_with(&env, |c| c.appid = "wx0000000000000000".into());
    let err = other_app
        .create_h5(&order("DUES2025060004", 100), "127.0.0.1")
        .await
        .unwrap_err();
    assert_rejected(err, 400, "PARAM_ERROR");
}

#[tokio::test]
async fn client_rejects_unverifiable_responses() {
    let env = start().await;
    let wrong_platform_key = client_with(&env, |c| {
        c.platform_public_key_pem = DEV_MERCHANT_PUBLIC_PEM.into()
    });
    let err = wrong_platform_key
        .create_h5(&order("DUES2025060005", 100), "127.0.0.1")
        .await
        .unwrap_err();
    assert!(matches!(err, PayError::BadResponseSignature), "{err:?}");
    let wrong_key_id = client_with(&env, |c| c.platform_key_id = "PUB_KEY_ID_OTHER".into());
    let err = wrong_key_id.query("DUES2025060005").await.unwrap_err();
    assert!(matches!(err, PayError::BadResponseSignature), "{err:?}");
}

#[tokio::test]
async fn failed_callback_still_redirects_and_is_recorded() {
    let env = start().await;
    let client = client_with(&env, |c| {
        c.notify_url = format!("{}/notify-fail", env.notify_base)
    });
    let no = "DUES2025060006";
    let h5 = client
        .create_h5(&order(no, 300), "127.0.0.1")
        .await
        .unwrap();
    let prepay = Url::parse(&h5.h5_url)
        .unwrap()
        .path_segments()
        .unwrap()
        .next_back()
        .unwrap()
        .to_string();
    let confirm_url = format!("{}/checkout/{prepay}/confirm", env.sim_base);
    let resp = env
        .browser
        .post(&confirm_url)
        .form(&[("redirect_url", format!("{}/done", env.notify_base))])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(env.sim.last_notification(no).is_some());
    assert_eq!(client.query(no).await.unwrap().trade_state, "SUCCESS");

    // Without a usable redirect_url the simulator shows its own success page.
    let resp = env
        .browser
        .post(&confirm_url)
        .form(&[("redirect_url", "javascript:alert(1)")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.unwrap().contains("支付成功"));
}

#[test]
fn an_order_query_reply_without_appid_is_read() {
    // `appid` is optional in the official order-query reply.
    let tx: Transaction = serde_json::from_str(
        r#"{"mchid":"1230000109","out_trade_no":"DUES2025060001","trade_state":"NOTPAY"}"#,
    )
    .unwrap();
    assert_eq!((tx.appid, tx.trade_state.as_str()), (None, "NOTPAY"));
}

#[test]
fn the_configuration_prints_no_key() {
    let config = dev_client_config("http://127.0.0.1:1/paysim", "http://127.0.0.1:1/notify");
    let printed = format!("{config:?}");
    assert!(!printed.contains("PRIVATE KEY"), "{printed}");
    assert!(
        !printed.contains(crate::paysim::SIM_API_V3_KEY),
        "{printed}"
    );
}

// ---------------------------------------------------------------------------
// The examples printed in WeChat Pay's own API v3 documentation (签名生成, 调起支付): the
// string a merchant signs for `GET /v3/certificates`, the `Authorization` header it sends,
// and the string signed for a JSAPI payment. The signatures themselves use WeChat's sample
// merchant key, which the documentation does not publish: the RSA step is checked against
// OpenSSL above.

const DOC_REQUEST_MESSAGE: &str =
    "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n";
const DOC_AUTHORIZATION: &str = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900009191\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",signature=\"uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XyUgx9FmutKSYTmYtWBZ0+tNvfGmbXU7cob8H/4nLBiCwIUFluw==\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\"";
const DOC_JSAPI_MESSAGE: &str = "wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n";

#[test]
fn the_documentation_s_examples_are_built_alike() {
    let msg = sign::request_message(
        "GET",
        "/v3/certificates",
        "1554208460",
        "593BEC0C930BF1AFEB40B4A08C8FB242",
        b"",
    );
    assert_eq!(String::from_utf8(msg).unwrap(), DOC_REQUEST_MESSAGE);

    let header = AuthHeader::parse(DOC_AUTHORIZATION).expect("the documentation's header parses");
    assert_eq!(header.mchid, "1900009191");
    assert_eq!(header.nonce_str, "593BEC0C930BF1AFEB40B4A08C8FB242");
    assert_eq!(header.timestamp, "1554208460");
    assert_eq!(header.serial_no, "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C");
    assert!(header.signature.ends_with("IUFluw=="));
    // What we send is written exactly as the documentation writes it.
    assert_eq!(header.to_header_value(), DOC_AUTHORIZATION);

    let jsapi = sign::jsapi_message(
        "wx8888888888888888",
        "1414561699",
        "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        "prepay_id=wx201410272009395522657a690389285100",
    );
    assert_eq!(String::from_utf8(jsapi).unwrap(), DOC_JSAPI_MESSAGE);
}
