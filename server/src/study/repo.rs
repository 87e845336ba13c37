//! Rows of `study_items` and `study_progress`.

use crate::error::ServiceResult;
use serde::Serialize;

use crate::{storage::Db, with_pool};

/// A study item as stored, with its audience's name; also what the trail records.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub kind: String,
    pub column_name: String,
    pub title: String,
    pub body_md: String,
    pub video_url: Option<String>,
    pub quiz_src: Option<String>,
    pub audience_org_id: domain::OrgId,
    pub audience_path: domain::OrgPath,
    #[serde(skip)]
    pub audience_name: String,
    pub author_account_id: domain::AccountId,
    pub publish_at: String,
    pub withdrawn_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub const ITEM_SELECT: &str = "SELECT i.id, i.kind, i.column_name, i.title, i.body_md, \
    i.video_url, i.quiz_src, i.audience_org_id, i.audience_path, o.name AS audience_name, \
    i.author_account_id, i.publish_at, i.withdrawn_at, i.created_at, i.updated_at \
    FROM study_items i JOIN organizations o ON o.id = i.audience_org_id";

pub async fn find(db: &Db, id: i64) -> ServiceResult<Option<ItemRow>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("{ITEM_SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
            ?
    }))
}

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ProgressRow {
    pub position: i64,
    pub percent: i64,
    pub completed_at: Option<String>,
    pub score_percent: Option<i64>,
    pub points: i64,
}

pub async fn progress(
    db: &Db,
    member_id: domain::MemberId,
    item_id: i64,
) -> ServiceResult<Option<ProgressRow>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT position, percent, completed_at, score_percent, points FROM study_progress \
             WHERE member_id = $1 AND item_id = $2",
        )
        .bind(member_id)
        .bind(item_id)
        .fetch_optional(pool)
        .await
        ?
    }))
}
