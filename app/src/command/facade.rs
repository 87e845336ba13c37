//! The command platform: what this feature's server functions ask of the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::CommandView;
use crate::backend::Caller;

#[async_trait::async_trait]
pub trait CommandApi: Send + Sync {
    /// The dashboards of the caller's subtree.
    async fn command(&self, caller: &Caller) -> Result<CommandView, ErrorCode>;
}
