//! Signing in and out: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::SessionUser;
use crate::{backend::Caller, error::AppError};

/// A new session: the token the cookie carries, and who signed in.
pub struct LoginOk {
    pub token: String,
    pub user: SessionUser,
}

#[async_trait::async_trait]
pub trait AuthApi: Send + Sync {
    /// Checks the password and opens a session; `client` is the address throttling counts.
    async fn login(
        &self,
        mobile: &str,
        password: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<LoginOk, AppError>;

    /// Replaces the password (already checked against the policy) after verifying the current
    /// one, and clears the one-time-password flag. Every session of the account ends; the one
    /// asking (`token`) goes on under the new token returned, in the role it acted in.
    async fn change_password(
        &self,
        caller: &Caller,
        token: &str,
        current: &str,
        new: &str,
    ) -> Result<String, ErrorCode>;

    /// The caller behind a live session token: one query.
    async fn session_user(&self, token: &str) -> Result<Option<Caller>, ErrorCode>;

    async fn logout(&self, token: &str) -> Result<(), ErrorCode>;
}
