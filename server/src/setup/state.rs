//! Whether the database holds a county yet.

use domain::OrgId;

use crate::{error::ServiceResult, storage::Db, with_pool};

/// The organization at the top of the tree.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct County {
    pub id: OrgId,
    pub name: String,
}

/// The county, once `dangjian init` (or the demo seed) has created it.
pub async fn county(db: &Db) -> ServiceResult<Option<County>> {
    let found: Option<County> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await?
    });
    Ok(found)
}
