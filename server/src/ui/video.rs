//! Grid-centre video: the facade the app's server functions call, over the service.

use app::{
    backend::Caller,
    error::AppError,
    video::{StreamsView, VideoApi, VideoPageView},
};
use domain::OrgId;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl VideoApi for DbBackend {
    async fn streams(&self, caller: &Caller) -> Result<StreamsView, AppError> {
        let actor = Actor::of(caller)?;
        Ok(crate::video::read::in_scope(&self.db, &actor).await?)
    }

    async fn video_page(&self, caller: &Caller, org: i64) -> Result<VideoPageView, AppError> {
        let actor = Actor::of(caller)?;
        let org = OrgId::new(org).map_err(|_| domain::ErrorCode::NotFound)?;
        Ok(crate::video::read::page(&self.db, &actor, org).await?)
    }

    async fn register_stream(
        &self,
        caller: &Caller,
        org: i64,
        form: std::collections::HashMap<String, String>,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let org = OrgId::new(org).map_err(|_| domain::ErrorCode::NotFound)?;
        Ok(
            crate::video::register::register(&self.db, &self.stream_sites, &actor, org, &form)
                .await?,
        )
    }

    async fn remove_stream(&self, caller: &Caller, org: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let org = OrgId::new(org).map_err(|_| domain::ErrorCode::NotFound)?;
        Ok(crate::video::register::remove(&self.db, &actor, org).await?)
    }
}
