//! Village assistance: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    assistance::{AssistanceApi, AssistanceView, TeamDetail, TeamDraft, TeamEdit},
    backend::Caller,
    error::AppError,
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl AssistanceApi for DbBackend {
    async fn assistance(
        &self,
        caller: &Caller,
        month: Option<String>,
    ) -> Result<AssistanceView, AppError> {
        let actor = Actor::of(caller)?;
        crate::assistance::overview(&self.db, &actor, month, self.today())
            .await
            .map_err(Into::into)
    }

    async fn station_team(&self, caller: &Caller, draft: TeamDraft) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        crate::assistance::station(&self.db, &actor, draft, self.today())
            .await
            .map_err(Into::into)
    }

    async fn assistance_team(&self, caller: &Caller, id: i64) -> Result<TeamDetail, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::assistance::detail(&self.db, &actor, id, self.today())
            .await
            .map_err(Into::into)
    }

    async fn update_team(
        &self,
        caller: &Caller,
        id: i64,
        edit: TeamEdit,
    ) -> Result<bool, AppError> {
        let actor = Actor::of(caller)?;
        crate::assistance::edit::update(&self.db, &actor, id, edit, self.today())
            .await
            .map_err(Into::into)
    }

    async fn write_summary(
        &self,
        caller: &Caller,
        team_id: i64,
        month: String,
        content: String,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::assistance::write_summary(&self.db, &actor, team_id, &month, &content, self.today())
            .await
            .map_err(Into::into)
    }
}
