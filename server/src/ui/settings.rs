//! Settings: the facade the app's server functions call, over the services.

use app::{
    backend::{Backend, Caller},
    error::AppError,
    settings::{SettingsApi, SettingsView},
};
use domain::{
    deadlines::DeadlineSettings, dues::Rounding, points::RuleTable, ranking::ListPolicy, Date,
    ErrorCode,
};

use super::DbBackend;
use crate::{access::Actor, settings};

/// County-wide settings are read and changed by county administrators only.
fn configurer(caller: &Caller) -> Result<Actor, AppError> {
    let actor = Actor::of(caller)?;
    if !settings::may_configure(&actor) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(actor)
}

#[async_trait::async_trait]
impl SettingsApi for DbBackend {
    async fn settings(&self, caller: &Caller) -> Result<SettingsView, AppError> {
        configurer(caller)?;
        let today = self.today();
        let rules = settings::point_rules(&self.db).await?;
        let rules_from = rules
            .changes()
            .iter()
            .filter(|c| c.from <= today)
            .map(|c| c.from)
            .max();
        let scheduled = rules
            .changes()
            .iter()
            .find(|c| c.from > today)
            .map(|c| (c.from, c.table.clone()));
        Ok(SettingsView {
            today,
            rules: rules.at(today),
            rules_from,
            scheduled,
            lists: settings::list_policy(&self.db).await?,
            deadlines: settings::deadlines(&self.db).await?,
            dues_rounding: settings::dues_rules(&self.db).await?.rounding,
            weights: settings::score_weights(&self.db).await?,
            history: settings::history(&self.db).await?,
        })
    }

    async fn set_point_rules(
        &self,
        caller: &Caller,
        table: RuleTable,
        from: Date,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        settings::set_point_rules(&self.db, &actor, table, from, self.today()).await?;
        Ok(())
    }

    async fn set_list_policy(&self, caller: &Caller, policy: ListPolicy) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        settings::set_list_policy(&self.db, &actor, policy).await?;
        Ok(())
    }

    async fn set_deadlines(&self, caller: &Caller, lead: DeadlineSettings) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        settings::set_deadlines(&self.db, &actor, lead).await?;
        Ok(())
    }

    async fn set_score_weights(
        &self,
        caller: &Caller,
        weights: domain::points::ScoreWeights,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        settings::set_score_weights(&self.db, &actor, weights).await?;
        Ok(())
    }

    async fn set_dues_rounding(&self, caller: &Caller, rounding: Rounding) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        settings::set_dues_rounding(&self.db, &actor, rounding).await?;
        Ok(())
    }
}
