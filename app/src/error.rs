//! The one error type server functions return. It carries a `domain::ErrorCode` across the
//! wire; the UI shows the code's Chinese message. Causes stay in the server log.

use domain::ErrorCode;
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0.message_zh())]
    Code(ErrorCode),
    /// The request never reached our code (network, encoding): nothing the member did wrong.
    #[error("网络连接失败，请检查网络后重试")]
    Transport(String),
}

impl AppError {
    pub fn message(&self) -> String {
        self.to_string()
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
