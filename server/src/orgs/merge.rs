//! 合并: two branches made one from above. The branch merged away hands every member to the
//! other (each move an event on the member's file) and is dissolved in the same transaction;
//! its meetings, team and trail stay with it as history (docs/rules.md#reshaping-the-tree).

use domain::{access::Action, org::reshape::check_merge, ErrorCode, OrgId};

use super::{live, locate, logged, org_change, OrgTx};
use crate::{
    access::Actor,
    clock,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, MemberRecord, OrgRecord, MEMBER_COLUMNS, ORG_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// What a merge did: the branch that remains, and how many members moved into it.
pub struct Merged {
    pub into: OrgRecord,
    pub members: usize,
}

/// Merges branch `from` into branch `into`; both must be within the actor's reach to reshape.
pub async fn merge(db: &Db, actor: &Actor, from: OrgId, into: OrgId) -> ServiceResult<Merged> {
    let source = live(locate(db, actor, from, Action::ReshapeOrg).await?)?;
    let target = live(locate(db, actor, into, Action::ReshapeOrg).await?)?;
    check_merge(source.id, source.kind, target.id, target.kind)?;
    let now = clock::now_rfc3339();
    let merged = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Both read again under the lock: still there, still live.
        let before = live(tx.org_row(source.id).await?.ok_or(ErrorCode::NotFound)?)?;
        let target = live(tx.org_row(target.id).await?.ok_or(ErrorCode::NotFound)?)?;
        let groups: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM organizations WHERE parent_id = $1 AND dissolved_at IS NULL ORDER BY id",
        )
        .bind(before.id)
        .fetch_all(&mut *tx)
        .await?;
        if !groups.is_empty() {
            return Err(ServiceError::Detail {
                code: ErrorCode::OrgMergeGroups,
                detail: format!("党小组 {} 个（{}）", groups.len(), groups.join("、")),
            });
        }
        let moving: Vec<MemberRecord> = sqlx::query_as(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE org_id = $1 ORDER BY id"
        ))
        .bind(before.id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query("UPDATE members SET org_id = $1 WHERE org_id = $2")
            .bind(target.id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        let after: OrgRecord = sqlx::query_as(&format!(
            "UPDATE organizations SET dissolved_at = $1 WHERE id = $2 RETURNING {ORG_COLUMNS}"
        ))
        .bind(&now)
        .bind(before.id)
        .fetch_one(&mut *tx)
        .await?;
        let mut changes = vec![org_change(actor.account_id, "org.merge", Some(&before), &after)];
        changes.extend(moving.iter().map(|m| Change {
            actor: Some(actor.account_id),
            action: "member.merge",
            entity: "members",
            entity_id: Some(m.id.to_string()),
            before: Some(to_json(m)),
            after: Some(to_json(&MemberRecord { org_id: target.id, ..m.clone() })),
        }));
        tx.append_all(changes).await?;
        tx.commit().await?;
        Merged { into: target, members: moving.len() }
    });
    logged(actor, source.id, "branch merged");
    Ok(merged)
}
