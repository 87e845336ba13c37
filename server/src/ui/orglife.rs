//! Organizational life: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    error::AppError,
    orglife::{
        ComplianceView, MeetingCommand, MeetingDetail, MeetingDraft, OrgLifeApi, OrgLifeView,
        ReviewQueue,
    },
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl OrgLifeApi for DbBackend {
    async fn org_life(&self, caller: &Caller) -> Result<OrgLifeView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::orglife::overview(&self.db, &actor)
            .await
            .map_err(Into::into)
    }

    async fn meeting(
        &self,
        caller: &Caller,
        id: i64,
        site: &str,
    ) -> Result<MeetingDetail, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::orglife::record::detail(&self.db, &actor, id, site)
            .await
            .map_err(Into::into)
    }

    async fn meeting_command(
        &self,
        caller: &Caller,
        command: MeetingCommand,
    ) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        crate::orglife::command(&self.db, &actor, command)
            .await
            .map_err(Into::into)
    }

    async fn review_queue(
        &self,
        caller: &Caller,
        kind: Option<String>,
        branch: Option<i64>,
        min_days: i64,
    ) -> Result<ReviewQueue, AppError> {
        let actor = Actor::of(caller)?;
        let kind = kind
            .filter(|k| !k.is_empty())
            .map(|k| domain::orglife::MeetingKind::parse(&k))
            .transpose()
            .map_err(|_| ErrorCode::BadRequest)?;
        Ok(crate::orglife::review::queue(&self.db, &actor, kind, branch, min_days).await?)
    }

    async fn compliance(
        &self,
        caller: &Caller,
        detail: Option<i64>,
    ) -> Result<ComplianceView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::orglife::compliance::overview(&self.db, &actor, detail)
            .await
            .map_err(Into::into)
    }

    async fn set_orglife_rules(
        &self,
        caller: &Caller,
        rules: domain::orglife::OrgLifeRules,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::settings::set_orglife_rules(&self.db, &actor, &rules, self.today())
            .await
            .map_err(Into::into)
    }

    async fn plan_meeting(&self, caller: &Caller, draft: MeetingDraft) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::orglife::plan(&self.db, &actor, draft)
            .await
            .map(|_| ())
            .map_err(Into::into)
    }
}
