//! Rankings and lists: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    rankings::{MyStanding, RankingsApi, RankingsView},
};
use domain::{ranking::VisibilityPolicy, ErrorCode};

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl RankingsApi for DbBackend {
    async fn rankings(
        &self,
        caller: &Caller,
        full: bool,
        year: i32,
        list: Option<domain::ranking::ListKind>,
    ) -> Result<RankingsView, ErrorCode> {
        let actor = Actor::of(caller)?;
        let today = self.today();
        let year = crate::rankings::boards::year_asked(year, today)?;
        let mut v = crate::rankings::boards::view(
            &self.db,
            &self.boards,
            &actor,
            (year, full, list),
            today,
        )
        .await?;
        v.this_year = today.year();
        Ok(v)
    }

    async fn my_standing(&self, caller: &Caller) -> Result<Option<MyStanding>, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::rankings::boards::my_standing(&self.db, &self.boards, &actor, self.today())
            .await
            .map_err(Into::into)
    }

    async fn set_visibility(
        &self,
        caller: &Caller,
        policy: VisibilityPolicy,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::settings::set_visibility(&self.db, &actor, &policy)
            .await
            .map_err(Into::into)
    }
}
