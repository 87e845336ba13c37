//! The search box: the facade the app's server function calls, over the search service.

use app::{
    backend::Caller,
    error::AppError,
    search::{SearchApi, SearchHit},
};

use super::DbBackend;
use crate::{access::Actor, search::HitKind};

#[async_trait::async_trait]
impl SearchApi for DbBackend {
    async fn search(&self, caller: &Caller, q: &str) -> Result<Vec<SearchHit>, AppError> {
        let actor = Actor::of(caller)?;
        let hits = crate::search::search(&self.db, &actor, q).await?;
        Ok(hits
            .into_iter()
            .map(|h| SearchHit {
                member: h.kind == HitKind::Member,
                id: h.id,
                name: h.name,
                detail: h.detail,
                mobile: h.mobile,
            })
            .collect())
    }
}
