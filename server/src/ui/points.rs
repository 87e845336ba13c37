//! Points: the facade the app's server functions call, over the services.

use app::{backend::Caller, points::PointsApi};
use domain::{
    points::{LedgerEntry, RuleTable},
    Date, ErrorCode,
};

use super::DbBackend;

#[async_trait::async_trait]
impl PointsApi for DbBackend {
    async fn points_ledger(
        &self,
        caller: &Caller,
        from: Date,
    ) -> Result<Vec<LedgerEntry>, ErrorCode> {
        crate::points::ledger_of_account(&self.db, caller.account_id, from)
            .await
            .map_err(Into::into)
    }

    async fn point_rules(&self, day: Date) -> Result<RuleTable, ErrorCode> {
        Ok(crate::settings::point_rules(&self.db).await?.at(day))
    }
}
