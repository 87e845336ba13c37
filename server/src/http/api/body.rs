use axum::body::Bytes;
use domain::ErrorCode;
use serde::de::DeserializeOwned;

use super::ApiError;

/// A JSON body, with a Chinese message saying what kind of thing is wrong and where — never the
/// parser's text, which quotes the request back (docs/security.md#requests).
pub fn json<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "含有不允许的字段，或字段的类型不对",
            _ => "不是有效的 JSON",
        };
        ApiError {
            code: ErrorCode::BadRequest,
            status: axum::http::StatusCode::BAD_REQUEST,
            message: format!("请求内容{what}（第 {} 行第 {} 列）", e.line(), e.column()),
        }
    })
}

/// An id from the path; non-numbers get the resource's own error code.
pub fn id<T: TryFrom<i64>>(raw: &str, code: ErrorCode) -> Result<T, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| ApiError::bad_param(code, "id"))
}

/// A multipart body that could not be read: too large when it outgrew its limit, otherwise not
/// a form at all (a refusal a client can act on either way, never a guess).
pub fn multipart_refusal(e: axum::extract::multipart::MultipartError) -> ErrorCode {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::FileTooLarge
    } else {
        ErrorCode::BadRequest
    }
}
