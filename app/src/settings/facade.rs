//! Settings: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::{
    deadlines::DeadlineSettings, dues::Rounding, points::RuleTable, ranking::ListPolicy, Date,
};

use super::SettingsView;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait SettingsApi: Send + Sync {
    /// The county's rules and their history (county administrators only).
    async fn settings(&self, caller: &Caller) -> Result<SettingsView, AppError>;

    /// A new points rule table, in force from `from` (today or later).
    async fn set_point_rules(
        &self,
        caller: &Caller,
        table: RuleTable,
        from: Date,
    ) -> Result<(), AppError>;

    /// How the four lists are drawn from now on.
    async fn set_list_policy(&self, caller: &Caller, policy: ListPolicy) -> Result<(), AppError>;

    /// The reminders' lead times from now on.
    async fn set_deadlines(&self, caller: &Caller, lead: DeadlineSettings) -> Result<(), AppError>;

    /// The composite score's weights from now on.
    async fn set_score_weights(
        &self,
        caller: &Caller,
        weights: domain::points::ScoreWeights,
    ) -> Result<(), AppError>;

    /// How percentage dues are rounded from now on.
    async fn set_dues_rounding(&self, caller: &Caller, rounding: Rounding) -> Result<(), AppError>;
}
