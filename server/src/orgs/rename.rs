//! 更名: an organization's name changed from above.

use domain::{access::Action, ErrorCode, OrgId, OrgName};

use super::{live, locate, logged, org_change, OrgTx};
use crate::{
    access::Actor,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{OrgRecord, ORG_COLUMNS},
        TrailTx,
    },
    with_pool,
};

pub async fn rename(db: &Db, actor: &Actor, org_id: OrgId, name: &str) -> ServiceResult<OrgRecord> {
    let org = live(locate(db, actor, org_id, Action::ReshapeOrg).await?)?;
    let name = OrgName::parse(name).map_err(|c| ServiceError::field("org_name", c))?;
    if name.as_str() == org.name {
        return Ok(org);
    }
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Names are unique in the county: workbooks name their parents by name.
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1 AND id <> $2 AND dissolved_at IS NULL")
                .bind(name.as_str())
                .bind(org.id.get())
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(ServiceError::field("org_name", ErrorCode::OrgNameTaken));
        }
        let before = live(tx.org_row(org.id).await?.ok_or(ErrorCode::NotFound)?)?;
        let after: OrgRecord = sqlx::query_as(&format!(
            "UPDATE organizations SET name = $1 WHERE id = $2 RETURNING {ORG_COLUMNS}"
        ))
        .bind(name.as_str())
        .bind(org.id)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(org_change(actor.account_id, "org.rename", Some(&before), &after)).await?;
        tx.commit().await?;
        after
    });
    logged(actor, record.id, "organization renamed");
    Ok(record)
}
