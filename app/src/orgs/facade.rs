//! Organizations: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::OrgView;
use crate::backend::Caller;

#[async_trait::async_trait]
pub trait OrgsApi: Send + Sync {
    /// An organization (default: the account's scope) with its children and a roster page.
    async fn org_view(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode>;
}
