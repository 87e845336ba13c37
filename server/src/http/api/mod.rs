//! The public JSON API (`/api/v1`), for integrations. Errors are `{"error": {code, message}}`
//! with the same codes the UI translates.

mod dues_quote;
mod error;

use axum::{routing::get, Router};

use super::AppState;
pub use error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new().route("/dues/quote", get(dues_quote::quote))
}
