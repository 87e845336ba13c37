//! The inbox: the facade the app's server functions call, over the services.

use app::{
    backend::Caller,
    inbox::{InboxApi, Notice},
};
use domain::ErrorCode;

use super::DbBackend;

#[async_trait::async_trait]
impl InboxApi for DbBackend {
    async fn inbox(&self, caller: &Caller) -> Result<Vec<Notice>, ErrorCode> {
        // Like everything personal, it waits for the one-time password to be replaced.
        let actor = crate::access::Actor::of(caller)?;
        crate::inbox::open(&self.db, actor.account_id)
            .await
            .map_err(Into::into)
    }

    async fn unread(&self, caller: &Caller) -> Result<i64, ErrorCode> {
        if caller.must_change_password {
            return Ok(0);
        }
        crate::inbox::unread(&self.db, caller.account_id)
            .await
            .map_err(Into::into)
    }
}
