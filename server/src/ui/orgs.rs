//! Organizations: the facade the app's server functions call, over the services.

use app::{
    backend::Caller,
    orgs::{OrgView, OrgsApi},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::{access::Actor, orgs};

#[async_trait::async_trait]
impl OrgsApi for DbBackend {
    async fn org_view(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode> {
        let actor = Actor::of(caller)?;
        let org_id = org_id.map(domain::OrgId::new).transpose()?;
        orgs::service::overview(&self.db, &actor, org_id, page)
            .await
            .map_err(Into::into)
    }
}
