//! Dues: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{AdminDuesView, DuesCommand, LedgerView, MyDuesView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait DuesApi: Send + Sync {
    /// My dues; `paid` is an order the member comes back from (checked with the provider).
    async fn my_dues(&self, caller: &Caller, paid: Option<String>)
        -> Result<MyDuesView, ErrorCode>;

    async fn submit_dues_base(
        &self,
        caller: &Caller,
        category: &str,
        base: &str,
    ) -> Result<(), AppError>;

    async fn admin_dues(&self, caller: &Caller) -> Result<AdminDuesView, ErrorCode>;

    async fn dues_admin(&self, caller: &Caller, command: DuesCommand) -> Result<(), AppError>;

    async fn dues_ledger(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        year: Option<i32>,
    ) -> Result<LedgerView, ErrorCode>;

    /// The county's dues rules (anyone may read them: the calculator is public).
    async fn dues_rules(&self) -> Result<domain::dues::DuesRules, ErrorCode>;
}
