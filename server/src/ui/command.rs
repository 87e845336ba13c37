//! The command platform: the facade the app's server functions call, over the service.

use app::{
    backend::Caller,
    command::{CommandApi, CommandView},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl CommandApi for DbBackend {
    async fn command(&self, caller: &Caller) -> Result<CommandView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::command::dashboard::view(
            &self.db,
            &self.command,
            &actor,
            crate::clock::today_china(),
        )
        .await
        .map_err(Into::into)
    }
}
