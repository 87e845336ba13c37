//! Cryptographic plumbing of WeChat Pay APIv3, shared by the client and the
//! simulator so that both sides build the signed messages the same way.

use std::time::{SystemTime, UNIX_EPOCH};

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rand::distributions::Alphanumeric;
use rand::Rng;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

/// Authorization scheme name; WeChat only accepts this one for RSA keys.
pub const AUTH_SCHEMA: &str = "WECHATPAY2-SHA256-RSA2048";

/// Both sides refuse signatures whose timestamp is further than this from
/// their own clock, which bounds how long a captured message can be replayed.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// AES-GCM nonce length WeChat uses for encrypted resources (12 ASCII chars).
pub const AEAD_NONCE_LEN: usize = 12;

/// A bad key, nonce, encoding or authentication tag. Deliberately carries no
/// detail: callers can only reject the message, and detail could help an
/// attacker probing the decryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cryptographic operation failed")]
pub struct CryptoError;

/// Header names of WeChat's signed responses and notifications, lowercase as
/// HTTP/2 and `http::HeaderMap` normalise them.
pub const H_TIMESTAMP: &str = "wechatpay-timestamp";
pub const H_NONCE: &str = "wechatpay-nonce";
pub const H_SIGNATURE: &str = "wechatpay-signature";
pub const H_SERIAL: &str = "wechatpay-serial";
pub const H_SIGNATURE_TYPE: &str = "wechatpay-signature-type";

/// Joins the parts into WeChat's signing message: every part, including the
/// last one, is followed by `\n`.
pub fn message(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        out.extend_from_slice(part);
        out.push(b'\n');
    }
    out
}

/// Message a merchant signs for an API request.
pub fn request_message(
    method: &str,
    path_and_query: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    message(&[
        method.as_bytes(),
        path_and_query.as_bytes(),
        timestamp.as_bytes(),
        nonce.as_bytes(),
        body,
    ])
}

/// Message a merchant signs for a JSAPI payment's `paySign` (调起支付).
pub fn jsapi_message(app_id: &str, time_stamp: &str, nonce_str: &str, package: &str) -> Vec<u8> {
    message(&[
        app_id.as_bytes(),
        time_stamp.as_bytes(),
        nonce_str.as_bytes(),
        package.as_bytes(),
    ])
}

/// Message WeChat signs for its responses and notifications.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    message(&[timestamp.as_bytes(), nonce.as_bytes(), body])
}

pub fn parse_private_key(pem: &str) -> Result<SigningKey<Sha256>, String> {
    RsaPrivateKey::from_pkcs8_pem(pem.trim())
        .map(SigningKey::<Sha256>::new)
        .map_err(|e| format!("private key is not a PKCS#8 PEM RSA key: {e}"))
}

pub fn parse_public_key(pem: &str) -> Result<VerifyingKey<Sha256>, String> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .map(VerifyingKey::<Sha256>::new)
        .map_err(|e| format!("public key is not an SPKI PEM RSA key: {e}"))
}

/// RSA-SHA256 PKCS#1 v1.5 signature, base64. The randomised signer only adds
/// blinding against timing attacks; the signature itself stays deterministic.
pub fn rsa_sign(key: &SigningKey<Sha256>, msg: &[u8]) -> String {
    let sig = key.sign_with_rng(&mut rand::rngs::OsRng, msg);
    B64.encode(sig.to_bytes())
}

pub fn rsa_verify(key: &VerifyingKey<Sha256>, msg: &[u8], signature_b64: &str) -> bool {
    let Ok(raw) = B64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(sig) = Signature::try_from(raw.as_slice()) else {
        return false;
    };
    key.verify(msg, &sig).is_ok()
}

fn aead_cipher(key: &[u8], nonce: &[u8]) -> Result<Aes256Gcm, CryptoError> {
    if nonce.len() != AEAD_NONCE_LEN {
        return Err(CryptoError);
    }
    Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError)
}

/// AEAD_AES_256_GCM as WeChat uses it: base64 of ciphertext with the 16-byte
/// tag appended.
pub fn aes_gcm_encrypt(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<String, CryptoError> {
    let cipher = aead_cipher(key, nonce)?;
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| CryptoError)?;
    Ok(B64.encode(sealed))
}

/// Inverse of [`aes_gcm_encrypt`]; any malformed input or failed tag check
/// is the same error because the caller can only reject the message anyway.
pub fn aes_gcm_decrypt(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext_b64: &str,
) -> Result<Vec<u8>, CryptoError> {
    let cipher = aead_cipher(key, nonce)?;
    let sealed = B64.decode(ciphertext_b64.trim()).map_err(|_| CryptoError)?;
    cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: &sealed, aad })
        .map_err(|_| CryptoError)
}

/// Random alphanumeric string from a CSPRNG (nonce_str, AEAD nonces, ids).
pub fn nonce(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

pub fn timestamp_is_fresh(timestamp: i64, now: i64) -> bool {
    (now - timestamp).abs() <= MAX_CLOCK_SKEW_SECS
}

/// The parsed fields of an `Authorization: WECHATPAY2-SHA256-RSA2048 ...` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthHeader {
    pub mchid: String,
    pub nonce_str: String,
    pub signature: String,
    pub timestamp: String,
    pub serial_no: String,
}

impl AuthHeader {
    /// Signs a request and returns the header fields.
    pub fn sign(
        key: &SigningKey<Sha256>,
        mchid: &str,
        serial_no: &str,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> AuthHeader {
        let timestamp = now_unix().to_string();
        let nonce_str = nonce(32);
        let msg = request_message(method, path_and_query, &timestamp, &nonce_str, body);
        AuthHeader {
            mchid: mchid.to_string(),
            signature: rsa_sign(key, &msg),
            nonce_str,
            timestamp,
            serial_no: serial_no.to_string(),
        }
    }

    pub fn to_header_value(&self) -> String {
        format!(
            "{AUTH_SCHEMA} mchid=\"{}\",nonce_str=\"{}\",signature=\"{}\",timestamp=\"{}\",serial_no=\"{}\"",
            self.mchid, self.nonce_str, self.signature, self.timestamp, self.serial_no
        )
    }

    /// Parses the header; `None` when the scheme is wrong or a field is
    /// missing. Field order is free, as WeChat documents.
    pub fn parse(value: &str) -> Option<AuthHeader> {
        let rest = value.trim().strip_prefix(AUTH_SCHEMA)?;
        if !rest.starts_with(' ') {
            return None;
        }
        let mut fields = std::collections::HashMap::new();
        for pair in rest.split(',') {
            let (name, raw) = pair.trim().split_once('=')?;
            let unquoted = raw.trim().strip_prefix('"')?.strip_suffix('"')?;
            fields.insert(name.trim(), unquoted.to_string());
        }
        let mut take = |name: &str| fields.remove(name).filter(|v| !v.is_empty());
        Some(AuthHeader {
            mchid: take("mchid")?,
            nonce_str: take("nonce_str")?,
            signature: take("signature")?,
            timestamp: take("timestamp")?,
            serial_no: take("serial_no")?,
        })
    }
}

/// Headers WeChat puts on a signed response or notification, lowercase names.
pub fn wechatpay_headers(
    key: &SigningKey<Sha256>,
    serial: &str,
    body: &[u8],
) -> Vec<(String, String)> {
    let timestamp = now_unix().to_string();
    let nonce_str = nonce(32);
    let signature = rsa_sign(key, &response_message(&timestamp, &nonce_str, body));
    vec![
        (H_TIMESTAMP.to_string(), timestamp),
        (H_NONCE.to_string(), nonce_str),
        (H_SIGNATURE.to_string(), signature),
        (H_SERIAL.to_string(), serial.to_string()),
        (H_SIGNATURE_TYPE.to_string(), AUTH_SCHEMA.to_string()),
    ]
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's algorithm); avoids a date-time dependency.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// RFC 3339 in China Standard Time, the form WeChat uses for every time field.
pub fn rfc3339_cst(unix: i64) -> String {
    let local = unix + 8 * 3600;
    let (y, mo, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub fn b64_encode(data: &[u8]) -> String {
    B64.encode(data)
}

pub fn b64_decode(data: &str) -> Result<Vec<u8>, CryptoError> {
    B64.decode(data.trim()).map_err(|_| CryptoError)
}
