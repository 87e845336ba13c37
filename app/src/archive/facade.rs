//! The archive: what this feature's server functions ask of the server.
#![cfg(feature = "ssr")]

use domain::{archive::Filter, ErrorCode};

use super::ArchiveView;
use crate::backend::Caller;

#[async_trait::async_trait]
pub trait ArchiveApi: Send + Sync {
    /// One page of a section of the subtree `filter.org` (the reader's scope by default).
    async fn archive(&self, caller: &Caller, filter: Filter) -> Result<ArchiveView, ErrorCode>;
}
