//! The one error type server functions return. It carries a `domain::ErrorCode` across the
//! wire; the UI shows the code's Chinese message. Causes stay in the server log.

use domain::ErrorCode;
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0.message_zh())]
    Code(ErrorCode),
    /// Too many failed logins: says when the member may try again.
    #[error("登录失败次数过多，请 {retry_after_minutes} 分钟后再试")]
    Throttled { retry_after_minutes: i64 },
    /// One field of a form was rejected: says which, in the form's own words.
    #[error("{label}：{}", .code.message_zh())]
    Field { label: String, code: ErrorCode },
    /// The request never reached our code (network, encoding): nothing the member did wrong.
    #[error("网络连接失败，请检查网络后重试")]
    Transport(String),
    /// A form checked like an import row: every problem, each naming its field.
    #[error("{}", .0.join("；"))]
    Problems(Vec<String>),
}

impl AppError {
    /// The shared code (an API answers with it); `Internal` for what has none.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Code(c) | AppError::Field { code: c, .. } => *c,
            AppError::Throttled { .. } => ErrorCode::Throttled,
            AppError::Transport(_) => ErrorCode::Internal,
            AppError::Problems(_) => ErrorCode::InvalidForm,
        }
    }

    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The HTTP status a script reads this error by.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Transport(_) => ErrorCode::Internal.http_status(),
            other => other.code().http_status(),
        }
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::Code(code)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Turns a code into the server function's error, with the matching HTTP status for scripts
/// (a plain form post without JavaScript keeps the redirect that carries the error back).
#[cfg(feature = "ssr")]
pub fn fail(code: ErrorCode) -> AppError {
    fail_with(AppError::Code(code))
}

#[cfg(feature = "ssr")]
pub fn fail_with(error: AppError) -> AppError {
    use axum::http::{header::ACCEPT, request::Parts, StatusCode};
    use leptos::prelude::use_context;

    let plain_form = use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false);
    let status = error.http_status();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let (false, Ok(status)) = (plain_form, StatusCode::from_u16(status)) {
            response.set_status(status);
        }
        // Clients and proxies read when to try again from the header (docs/security.md).
        if let AppError::Throttled {
            retry_after_minutes,
        } = &error
        {
            if let Ok(v) =
                axum::http::HeaderValue::from_str(&(retry_after_minutes * 60).to_string())
            {
                response.insert_header(axum::http::header::RETRY_AFTER, v);
            }
        }
    }
    error
}
