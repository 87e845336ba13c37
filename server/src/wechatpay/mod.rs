//! WeChat Pay APIv3 (direct merchant) for party-dues payments: the client of the real API.
//! The local simulator that speaks the same signed protocol lives in `crate::paysim`.

pub mod oauth;
pub mod sign;
pub mod wechat;

#[cfg(all(test, feature = "simulator"))]
mod tests;

pub use oauth::WechatOAuth;
pub use wechat::{Amount, H5Order, JsapiParams, NewOrder, Transaction, WechatConfig, WechatPay};

/// Failure of a call to the payment API.
#[derive(Debug, thiserror::Error)]
pub enum PayError {
    #[error("payment configuration error: {0}")]
    Config(String),
    /// The order was refused before any request was made.
    #[error("invalid order: {0}")]
    InvalidOrder(String),
    /// Network failure or timeout; the outcome at WeChat's side is unknown,
    /// so callers must query before assuming nothing happened.
    #[error("payment API unreachable: {0}")]
    Http(String),
    #[error("payment API rejected the request (HTTP {status}, {code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    #[error("payment API response signature did not verify")]
    BadResponseSignature,
    #[error("payment API response could not be decoded: {0}")]
    Decode(String),
}

/// Why a payment notification was refused. The notify endpoint should answer
/// non-2xx for all of them so that a genuine notification is retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    #[error("notification is missing or has malformed Wechatpay-* headers")]
    BadHeaders,
    #[error("notification timestamp is too far from the current time")]
    StaleTimestamp,
    #[error("notification is signed with an unknown platform key serial")]
    UnknownSerial,
    #[error("notification signature did not verify")]
    BadSignature,
    #[error("notification resource could not be decrypted")]
    Decrypt,
    #[error("notification could not be decoded: {0}")]
    Decode(String),
    #[error("notification is for another merchant or app")]
    WrongMerchant,
}
