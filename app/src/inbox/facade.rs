//! The inbox: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::Notice;
use crate::backend::Caller;

#[async_trait::async_trait]
pub trait InboxApi: Send + Sync {
    /// The inbox, newest first; opening it marks the messages read.
    async fn inbox(&self, caller: &Caller) -> Result<Vec<Notice>, ErrorCode>;

    async fn unread(&self, caller: &Caller) -> Result<i64, ErrorCode>;
}
