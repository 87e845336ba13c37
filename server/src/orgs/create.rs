//! 新建下级组织: an organization created directly under one the actor may build under.

use domain::{access::Action, ErrorCode, OrgId, OrgKind, OrgName};

use super::{live, locate, logged, org_change, OrgTx};
use crate::{
    access::Actor,
    clock,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{OrgRecord, ORG_COLUMNS},
        TrailTx,
    },
    with_pool,
};

/// What the form or the API asks for, as typed.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(utoipa::ToSchema)]
pub struct NewOrg {
    pub name: String,
    pub kind: String,
}

pub async fn create_child(
    db: &Db,
    actor: &Actor,
    parent_id: OrgId,
    form: &NewOrg,
) -> ServiceResult<OrgRecord> {
    let parent = live(locate(db, actor, parent_id, Action::CreateOrg).await?)?;
    let name = OrgName::parse(&form.name).map_err(|c| ServiceError::field("org_name", c))?;
    let kind = OrgKind::parse(form.kind.trim()).map_err(|c| ServiceError::field("org_kind", c))?;
    parent
        .kind
        .check_parent(kind)
        .map_err(|c| ServiceError::field("org_kind", c))?;
    let now = clock::now_rfc3339();
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Names are unique in the county: workbooks name their parents by name.
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1 AND id <> $2 AND dissolved_at IS NULL")
                .bind(name.as_str())
                .bind(0_i64)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(ServiceError::field("org_name", ErrorCode::OrgNameTaken));
        }
        // The parent as it is under the lock: a move or a dissolution may have committed since.
        let parent = live(tx.org_row(parent.id).await?.ok_or(ErrorCode::NotFound)?)?;
        actor.require(Action::CreateOrg, actor.reach_org(&parent.path))?;
        let id: OrgId = sqlx::query_scalar(
            "INSERT INTO organizations (parent_id, kind, name, path, depth, is_village, created_at) \
             VALUES ($1, $2, $3, '/new/', $4, $5, $6) RETURNING id",
        )
        .bind(parent.id)
        .bind(kind)
        .bind(name.as_str())
        .bind(parent.depth + 1)
        // Village and community organizations serve five-year terms (docs/rules.md).
        .bind(i64::from(name.as_str().contains('村') || name.as_str().contains("社区")))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let record: OrgRecord = sqlx::query_as(&format!(
            "UPDATE organizations SET path = $1 WHERE id = $2 RETURNING {ORG_COLUMNS}"
        ))
        .bind(parent.path.child(id))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(org_change(actor.account_id, "org.create", None, &record)).await?;
        tx.commit().await?;
        record
    });
    logged(actor, record.id, "organization created");
    Ok(record)
}
