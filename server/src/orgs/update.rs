use super::OrgTx;
use crate::error::ServiceResult;
use domain::{Date, ErrorCode};
use serde::Deserialize;

use crate::{
    storage::Db,
    trail::{
        records::{to_json, OrgRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// A new term of office (换届): both dates, the end after the start.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct TermPatch {
    pub term_start: String,
    pub term_end: String,
}

impl TermPatch {
    pub fn validate(&self) -> Result<(Date, Date), (&'static str, ErrorCode)> {
        let start = Date::parse(self.term_start.trim()).map_err(|c| ("term_start", c))?;
        let end = Date::parse(self.term_end.trim()).map_err(|c| ("term_end", c))?;
        if end <= start {
            return Err(("term_end", ErrorCode::InvalidPeriod));
        }
        Ok((start, end))
    }
}

pub async fn update_term(
    db: &Db,
    actor_account_id: domain::AccountId,
    org_id: domain::OrgId,
    start: Date,
    end: Date,
) -> ServiceResult<OrgRecord> {
    with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            tx.lock().await?;
            let current: OrgRecord =
    tx.org_row(org_id).await?.ok_or(ErrorCode::NotFound)?;
            let next = OrgRecord {
                term_start: Some(start.to_string()),
                term_end: Some(end.to_string()),
                ..current.clone()
            };
            if next == current {
                return Ok(current);
            }
            sqlx::query("UPDATE organizations SET term_start = $1, term_end = $2 WHERE id = $3")
                .bind(&next.term_start)
                .bind(&next.term_end)
                .bind(org_id)
                .execute(&mut *tx)
                .await
                ?;
            tx.append(Change {
                actor: Some(actor_account_id),
                action: "org.term",
                entity: "organizations",
                entity_id: Some(org_id.to_string()),
                before: Some(to_json(&current)),
                after: Some(to_json(&next)),
            })
            .await
            ?;
            tx.commit().await?;
            Ok(next)
        })
}
