//! The archive: the facade the app's server functions call, over the service.

use app::{
    archive::{ArchiveApi, ArchiveView},
    backend::Caller,
};
use domain::{archive::Filter, ErrorCode};

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl ArchiveApi for DbBackend {
    async fn archive(&self, caller: &Caller, filter: Filter) -> Result<ArchiveView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::archive::page(&self.db, &actor, filter)
            .await
            .map_err(Into::into)
    }
}
