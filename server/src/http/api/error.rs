use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use domain::ErrorCode;
use serde_json::json;

/// An error code plus, where it helps the caller, which parameter was wrong.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_param(code: ErrorCode, param: &str) -> Self {
        Self {
            code,
            status: StatusCode::BAD_REQUEST,
            message: format!("参数 {param}：{}", code.message_zh()),
        }
    }

    pub fn missing(param: &str) -> Self {
        Self {
            code: ErrorCode::BadRequest,
            status: StatusCode::BAD_REQUEST,
            message: format!("缺少参数 {param}"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code.code(), "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self {
            code,
            status: StatusCode::from_u16(code.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            message: code.message_zh().to_string(),
        }
    }
}

/// A service's refusal answers with its code (a field's name says which parameter); an
/// internal failure is logged here, once, and answers `Internal`.
impl From<crate::error::ServiceError> for ApiError {
    fn from(e: crate::error::ServiceError) -> Self {
        match e {
            crate::error::ServiceError::Field { field, code } => Self {
                status: StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
                message: format!("{}：{}", crate::ui::field_label(field), code.message_zh()),
                code,
            },
            crate::error::ServiceError::Detail { code, detail } => Self {
                status: StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::CONFLICT),
                message: format!("{detail}：{}", code.message_zh()),
                code,
            },
            other => other.logged_code().into(),
        }
    }
}
