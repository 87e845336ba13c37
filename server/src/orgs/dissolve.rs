//! 撤销: an organization dissolved from above once it is empty. Its row stays, so its meetings,
//! notices and trail keep naming it; it leaves every list of the live tree
//! (docs/rules.md#reshaping-the-tree).

use domain::{access::Action, ErrorCode, OrgId};

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

/// At most this many names of what is still inside are quoted in a refusal.
const NAMES_QUOTED: usize = 5;

/// "直属党员 12 名；下级组织 2 个（甲、乙）": what keeps an organization from being dissolved.
fn still_inside(members: i64, children: &[String]) -> String {
    let mut parts = Vec::new();
    if members > 0 {
        parts.push(format!("直属党员 {members} 名"));
    }
    if !children.is_empty() {
        let mut names = children
            .iter()
            .take(NAMES_QUOTED)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        if children.len() > NAMES_QUOTED {
            names.push_str(" 等");
        }
        parts.push(format!("下级组织 {} 个（{names}）", children.len()));
    }
    format!("还有{}", parts.join("；"))
}

pub async fn dissolve(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<OrgRecord> {
    let org = live(locate(db, actor, org_id, Action::ReshapeOrg).await?)?;
    if org.parent_id.is_none() {
        return Err(ErrorCode::OrgIsRoot.into());
    }
    let now = clock::now_rfc3339();
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: OrgRecord =
            tx.org_row(org.id).await?.ok_or(ErrorCode::NotFound)?;
        let before = live(before)?;
        // Members who have left are history and stay with the dissolved organization.
        let members: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE org_id = $1 AND standing IN ('active', 'suspended')",
        )
            .bind(org.id)
            .fetch_one(&mut *tx)
            .await?;
        let children: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM organizations WHERE parent_id = $1 AND dissolved_at IS NULL ORDER BY id",
        )
        .bind(org.id)
        .fetch_all(&mut *tx)
        .await?;
        if members > 0 || !children.is_empty() {
            return Err(ServiceError::Detail {
                code: ErrorCode::OrgNotEmpty,
                detail: still_inside(members, &children),
            });
        }
        let after: OrgRecord = sqlx::query_as(&format!(
            "UPDATE organizations SET dissolved_at = $1 WHERE id = $2 RETURNING {ORG_COLUMNS}"
        ))
        .bind(&now)
        .bind(org.id)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(org_change(actor.account_id, "org.dissolve", Some(&before), &after)).await?;
        tx.commit().await?;
        after
    });
    logged(actor, record.id, "organization dissolved");
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::still_inside;

    #[test]
    fn the_refusal_says_how_many_and_where() {
        assert_eq!(still_inside(12, &[]), "还有直属党员 12 名");
        let six: Vec<String> = (1..=6).map(|i| format!("第{i}支部")).collect();
        assert_eq!(
            still_inside(0, &six[..2]),
            "还有下级组织 2 个（第1支部、第2支部）"
        );
        assert_eq!(
            still_inside(3, &six),
            "还有直属党员 3 名；下级组织 6 个（第1支部、第2支部、第3支部、第4支部、第5支部 等）"
        );
    }
}
