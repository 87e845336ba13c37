//! Organizations: the facade the app's server functions call, over the services.

use app::{
    backend::Caller,
    error::AppError,
    orgs::{OrgView, OrgsApi},
};
use domain::{ErrorCode, OrgId};

use super::DbBackend;
use crate::{
    access::Actor,
    orgs::{self, NewOrg},
};

#[async_trait::async_trait]
impl OrgsApi for DbBackend {
    async fn org_view(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode> {
        let actor = Actor::of(caller)?;
        let org_id = org_id.map(OrgId::new).transpose()?;
        orgs::service::overview(&self.db, &actor, org_id, page)
            .await
            .map_err(Into::into)
    }

    async fn create_org(
        &self,
        caller: &Caller,
        parent_id: i64,
        name: String,
        kind: String,
    ) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        let parent_id = OrgId::new(parent_id)?;
        let info =
            orgs::service::create(&self.db, &actor, parent_id, &NewOrg { name, kind }).await?;
        Ok(info.id.get())
    }

    async fn rename_org(&self, caller: &Caller, org_id: i64, name: String) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        orgs::service::rename(&self.db, &actor, OrgId::new(org_id)?, &name).await?;
        Ok(())
    }

    async fn move_org(&self, caller: &Caller, org_id: i64, parent_id: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let parent_id = OrgId::new(parent_id)
            .map_err(|c| crate::error::ServiceError::field("new_parent", c))?;
        orgs::service::move_under(&self.db, &actor, OrgId::new(org_id)?, parent_id).await?;
        Ok(())
    }

    async fn set_org_term(
        &self,
        caller: &Caller,
        org_id: i64,
        term_start: String,
        years: Option<u8>,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        orgs::service::set_term_years(&self.db, &actor, OrgId::new(org_id)?, &term_start, years)
            .await?;
        Ok(())
    }

    async fn dissolve_org(&self, caller: &Caller, org_id: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        orgs::service::dissolve(&self.db, &actor, OrgId::new(org_id)?).await?;
        Ok(())
    }

    async fn merge_org(&self, caller: &Caller, org_id: i64, into: i64) -> Result<usize, AppError> {
        let actor = Actor::of(caller)?;
        let (_, moved) =
            orgs::service::merge(&self.db, &actor, OrgId::new(org_id)?, OrgId::new(into)?).await?;
        Ok(moved)
    }

    async fn appoint_leader(
        &self,
        caller: &Caller,
        org_id: i64,
        member_id: i64,
        position: String,
        since: String,
        grant_role: bool,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let member_id = domain::MemberId::new(member_id)
            .map_err(|c| crate::error::ServiceError::field("leader", c))?;
        orgs::appoint(
            &self.db,
            &actor,
            OrgId::new(org_id)?,
            member_id,
            &position,
            &since,
            grant_role,
        )
        .await?;
        Ok(())
    }

    async fn remove_leader(
        &self,
        caller: &Caller,
        org_id: i64,
        member_id: i64,
        position: String,
        revoke_role: bool,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let member_id = domain::MemberId::new(member_id)
            .map_err(|c| crate::error::ServiceError::field("leader", c))?;
        orgs::remove_leader(
            &self.db,
            &actor,
            OrgId::new(org_id)?,
            member_id,
            &position,
            revoke_role,
        )
        .await?;
        Ok(())
    }
}
