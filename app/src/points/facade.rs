//! Points: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use crate::backend::Caller;
use domain::{
    points::{LedgerEntry, RuleTable},
    Date,
};

#[async_trait::async_trait]
pub trait PointsApi: Send + Sync {
    /// The account's own points ledger from `from` on (the member's, never anyone else's).
    async fn points_ledger(
        &self,
        caller: &Caller,
        from: Date,
    ) -> Result<Vec<LedgerEntry>, ErrorCode>;

    /// The county's points rule table in force on `day` (public: the rules are no secret).
    async fn point_rules(&self, day: Date) -> Result<RuleTable, ErrorCode>;
}
