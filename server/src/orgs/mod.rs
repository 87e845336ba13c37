//! Organizations: public information (leadership team, term of office) and term changes.

use crate::error::ServiceResult;
pub mod service;
mod update;

pub use update::{update_term, TermPatch};

use app::orgs::{Leader, OrgChild, OrgInfo};
use domain::{OrgId, OrgKind, OrgPath};

use crate::{
    storage::Db,
    trail::records::{OrgRecord, ORG_COLUMNS},
    with_pool,
};

pub async fn find(db: &Db, org_id: OrgId) -> ServiceResult<Option<OrgRecord>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
            .bind(org_id)
            .fetch_optional(pool)
            .await
            ?
    }))
}

/// The county root's path (`/1/`): county-wide boards and the whole trail hang from it.
pub async fn root_path(db: &Db) -> ServiceResult<OrgPath> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(pool)
            .await
            ?
    }))
}

/// (id, name) of an organization and its direct children, the organization first: where an
/// administrator may address study material or a notice.
pub async fn own_and_children(db: &Db, org_id: OrgId) -> ServiceResult<Vec<(OrgId, String)>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name FROM organizations WHERE id = $1 OR parent_id = $1 \
             ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END, id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await
        ?
    }))
}

pub async fn info(db: &Db, org: OrgRecord) -> ServiceResult<OrgInfo> {
    let member_count: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE org_id = $1")
            .bind(org.id)
            .fetch_one(pool)
            .await
            ?
    });
    #[derive(sqlx::FromRow)]
    struct LeaderRow {
        name: String,
        position: String,
        since: String,
    }
    let leaders: Vec<LeaderRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.name, l.position, l.since FROM leadership l \
             JOIN members m ON m.id = l.member_id WHERE l.org_id = $1 ORDER BY l.position, m.id",
        )
        .bind(org.id)
        .fetch_all(pool)
        .await
        ?
    });
    Ok(OrgInfo {
        kind_label: org.kind.label_zh().to_string(),
        id: org.id,
        name: org.name,
        kind: org.kind.code().to_string(),
        parent_id: org.parent_id,
        city: org.city,
        address: org.address,
        term_start: org.term_start,
        term_end: org.term_end,
        member_count,
        leadership: leaders
            .into_iter()
            .map(|l| Leader {
                name: l.name,
                position: l.position,
                since: l.since,
            })
            .collect(),
    })
}

pub async fn children(db: &Db, org_id: OrgId) -> ServiceResult<Vec<OrgChild>> {
    #[derive(sqlx::FromRow)]
    struct ChildRow {
        id: OrgId,
        name: String,
        kind: OrgKind,
    }
    let rows: Vec<ChildRow> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name, kind FROM organizations WHERE parent_id = $1 ORDER BY id")
            .bind(org_id)
            .fetch_all(pool)
            .await
            ?
    });
    Ok(rows
        .into_iter()
        .map(|c| OrgChild {
            id: c.id,
            name: c.name,
            kind_label: c.kind.label_zh().to_string(),
        })
        .collect())
}
