//! Suggestions: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::SuggestionsView;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait SuggestionsApi: Send + Sync {
    async fn suggestions(&self, caller: &Caller) -> Result<SuggestionsView, ErrorCode>;

    async fn submit_suggestion(
        &self,
        caller: &Caller,
        to: &str,
        title: &str,
        body: &str,
        photo: &str,
    ) -> Result<(), AppError>;

    async fn handle_suggestion(
        &self,
        caller: &Caller,
        id: i64,
        verb: &str,
        reply: &str,
    ) -> Result<(), AppError>;
}
