//! Signing in and out: the facade the app's server functions call, over the services.

use app::{
    auth::{AuthApi, LoginOk},
    backend::Caller,
    error::AppError,
};
use domain::ErrorCode;

use super::DbBackend;

#[async_trait::async_trait]
impl AuthApi for DbBackend {
    async fn login(
        &self,
        mobile: &str,
        password_input: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<LoginOk, AppError> {
        Ok(self.accounts.login(mobile, password_input, client).await?)
    }

    async fn change_password(
        &self,
        caller: &Caller,
        token: &str,
        current: &str,
        new: &str,
    ) -> Result<String, ErrorCode> {
        Ok(self
            .accounts
            .change_password(caller.account_id, token, current, new)
            .await?)
    }

    async fn session_user(&self, token: &str) -> Result<Option<Caller>, ErrorCode> {
        Ok(self.accounts.session_user(token).await?)
    }

    async fn logout(&self, token: &str) -> Result<(), ErrorCode> {
        Ok(self.accounts.logout(token).await?)
    }
}
