//! API tokens for integrations, a section of `/admin/settings` (docs/security.md#api-tokens):
//! a county administrator creates one with scopes and an expiry, copies it once, sees every
//! token's last use and the latest requests, and revokes a token.

mod api;
#[cfg(feature = "ssr")]
mod facade;
pub mod form;
mod section;
mod types;

pub use api::{
    create_api_token, load_api_tokens, revoke_api_token, CreateApiToken, LoadApiTokens,
    RevokeApiToken,
};
#[cfg(feature = "ssr")]
pub use facade::ApiTokensApi;
pub use section::ApiTokensSection;
pub use types::*;
