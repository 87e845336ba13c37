//! Notices and "what needs me": what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{NoticesView, TodoView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait NoticesApi: Send + Sync {
    /// Notices for this account, and where it may post.
    async fn notices(&self, caller: &Caller) -> Result<NoticesView, ErrorCode>;

    async fn post_notice(
        &self,
        caller: &Caller,
        org_id: i64,
        title: &str,
        body: &str,
    ) -> Result<(), AppError>;

    /// The home screen's "what needs me".
    async fn todo(&self, caller: &Caller) -> Result<TodoView, ErrorCode>;
}
