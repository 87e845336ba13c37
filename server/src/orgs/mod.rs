//! Organizations: public information (leadership team, term of office) and term changes.

mod update;

pub use update::{update_term, TermPatch};

use domain::{ErrorCode, OrgKind};
use serde::Serialize;

use crate::{
    storage::{internal, Db},
    trail::records::{OrgRecord, ORG_COLUMNS},
    with_pool,
};

#[derive(Debug, Serialize)]
pub struct Leader {
    pub name: String,
    pub position: String,
    pub since: String,
}

/// What anyone allowed to see an organization sees: no personal identity numbers here.
#[derive(Debug, Serialize)]
pub struct OrgInfo {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<i64>,
    pub city: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub member_count: i64,
    pub leadership: Vec<Leader>,
}

pub async fn find(db: &Db, org_id: i64) -> Result<Option<OrgRecord>, ErrorCode> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
            .bind(org_id)
            .fetch_optional(pool)
            .await
            .map_err(internal)?
    }))
}

pub async fn info(db: &Db, org: OrgRecord) -> Result<OrgInfo, ErrorCode> {
    let member_count: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE org_id = $1")
            .bind(org.id)
            .fetch_one(pool)
            .await
            .map_err(internal)?
    });
    let leaders: Vec<(String, String, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.name, l.position, l.since FROM leadership l \
             JOIN members m ON m.id = l.member_id WHERE l.org_id = $1 ORDER BY l.position, m.id",
        )
        .bind(org.id)
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    Ok(OrgInfo {
        kind_label: OrgKind::parse(&org.kind)
            .map(|k| k.label_zh().to_string())
            .unwrap_or_default(),
        id: org.id,
        name: org.name,
        kind: org.kind,
        parent_id: org.parent_id,
        city: org.city,
        term_start: org.term_start,
        term_end: org.term_end,
        member_count,
        leadership: leaders
            .into_iter()
            .map(|(name, position, since)| Leader {
                name,
                position,
                since,
            })
            .collect(),
    })
}
