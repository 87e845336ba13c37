//! 更名: an organization's name changed from above.

use domain::{access::Action, ErrorCode, OrgId, OrgName};

use super::{live, org_change, service::locate};
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
        let before: OrgRecord =
            sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
                .bind(org.id)
                .fetch_one(&mut *tx)
                .await?;
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
    tracing::info!(
        account_id = actor.account_id.get(),
        org_id = record.id.get(),
        "organization renamed"
    );
    Ok(record)
}
