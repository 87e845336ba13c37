//! Notices and "what needs me": the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    error::AppError,
    notices::{NoticesApi, NoticesView, TodoView},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl NoticesApi for DbBackend {
    async fn notices(&self, caller: &Caller) -> Result<NoticesView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::notices::view(&self.db, &actor)
            .await
            .map_err(Into::into)
    }

    async fn post_notice(
        &self,
        caller: &Caller,
        org_id: i64,
        title: &str,
        body: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let org_id = domain::OrgId::new(org_id).map_err(|_| domain::ErrorCode::NotFound)?;
        crate::notices::post(&self.db, &actor, org_id, title, body)
            .await
            .map(|_| ())
            .map_err(Into::into)
    }

    async fn todo(&self, caller: &Caller) -> Result<TodoView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::notices::todo(&self.db, &actor, self.today())
            .await
            .map_err(Into::into)
    }
}
