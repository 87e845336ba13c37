//! API tokens: what this feature's server functions ask of the server, which implements it in
//! its `ui` facade and checks the role there.

use domain::api_token::TokenRequest;

use super::ApiTokensView;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait ApiTokensApi: Send + Sync {
    /// Every token and the latest requests (county administrators only).
    async fn api_tokens(&self, caller: &Caller) -> Result<ApiTokensView, AppError>;

    /// A new token; the returned text is the only copy of its secret.
    async fn create_api_token(
        &self,
        caller: &Caller,
        request: TokenRequest,
    ) -> Result<String, AppError>;

    /// Ends a token for good.
    async fn revoke_api_token(&self, caller: &Caller, id: i64) -> Result<(), AppError>;
}
