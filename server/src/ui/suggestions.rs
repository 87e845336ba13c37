//! Suggestions: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    error::AppError,
    suggestions::{SuggestionsApi, SuggestionsView},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl SuggestionsApi for DbBackend {
    async fn suggestions(&self, caller: &Caller) -> Result<SuggestionsView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::suggestions::view(&self.db, &actor)
            .await
            .map_err(Into::into)
    }

    async fn submit_suggestion(
        &self,
        caller: &Caller,
        to: &str,
        title: &str,
        body: &str,
        photo: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::suggestions::submit(&self.db, &actor, to, title, body, photo)
            .await
            .map(|_| ())
            .map_err(Into::into)
    }

    async fn handle_suggestion(
        &self,
        caller: &Caller,
        id: i64,
        verb: &str,
        reply: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::suggestions::handle(&self.db, &actor, id, verb, reply, self.today())
            .await
            .map_err(Into::into)
    }
}
