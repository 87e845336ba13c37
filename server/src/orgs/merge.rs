//! 合并: two branches made one from above. The branch merged away hands every member to the
//! other (each move an event on the member's file), with their accounts, unpaid bills and board
//! totals, and is dissolved in the same transaction; administrator roles there end; its
//! meetings, team and trail stay with it as history (docs/rules.md#reshaping-the-tree).

use domain::{access::Action, org::reshape::check_merge, ErrorCode, OrgId, Role};

use super::{live, locate, logged, org_change, OrgTx};
use crate::{
    access::Actor,
    clock,
    error::{ServiceError, ServiceResult},
    rankings::TotalsTx,
    storage::Db,
    trail::{
        records::{
            to_json, AccountRecord, MemberRecord, OrgRecord, RoleGrantRecord, ACCOUNT_COLUMNS,
            MEMBER_COLUMNS, ORG_COLUMNS, ROLE_GRANT_COLUMNS,
        },
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
        // Either may have been moved out of the actor's reach meanwhile.
        actor.require(Action::ReshapeOrg, actor.reach_org(&before.path))?;
        actor.require(Action::ReshapeOrg, actor.reach_org(&target.path))?;
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
        // Accounts scoped to the branch merged away: a member's own account follows the member;
        // an administrator's role there ends with the branch.
        let accounts: Vec<AccountRecord> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE scope_org_id = $1 ORDER BY id"
        ))
        .bind(before.id)
        .fetch_all(&mut *tx)
        .await?;
        for was in &accounts {
            let scope: OrgId = match was.member_id {
                Some(member) => sqlx::query_scalar("SELECT org_id FROM members WHERE id = $1")
                    .bind(member)
                    .fetch_one(&mut *tx)
                    .await?,
                None => target.id,
            };
            let now: AccountRecord = sqlx::query_as(&format!(
                "UPDATE accounts SET role = $1, scope_org_id = $2 WHERE id = $3 RETURNING {ACCOUNT_COLUMNS}"
            ))
            .bind(Role::Member)
            .bind(scope)
            .bind(was.id)
            .fetch_one(&mut *tx)
            .await?;
            changes.push(Change {
                actor: Some(actor.account_id),
                action: "account.merge",
                entity: "accounts",
                entity_id: Some(was.id.to_string()),
                before: Some(to_json(was)),
                after: Some(to_json(&now)),
            });
        }
        let grants: Vec<RoleGrantRecord> = sqlx::query_as(&format!(
            "SELECT {ROLE_GRANT_COLUMNS} FROM role_grants WHERE scope_org_id = $1 ORDER BY id"
        ))
        .bind(before.id)
        .fetch_all(&mut *tx)
        .await?;
        for grant in &grants {
            sqlx::query("UPDATE sessions SET role_grant_id = NULL WHERE role_grant_id = $1")
                .bind(grant.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM role_grants WHERE id = $1")
                .bind(grant.id)
                .execute(&mut *tx)
                .await?;
            changes.push(Change {
                actor: Some(actor.account_id),
                action: "role.revoke",
                entity: "role_grants",
                entity_id: Some(grant.id.to_string()),
                before: Some(to_json(grant)),
                after: None,
            });
        }
        // Unpaid bills follow the member, so the branch that remains sees the arrears.
        sqlx::query("UPDATE dues_bills SET org_id = $1 WHERE org_id = $2 AND paid_at IS NULL")
            .bind(target.id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        // The boards' totals: the branch merged away leaves them, the other counts everyone.
        tx.recount_org(before.id).await?;
        tx.recount_org(target.id).await?;
        tx.append_all(changes).await?;
        tx.commit().await?;
        Merged { into: target, members: moving.len() }
    });
    logged(actor, source.id, "branch merged");
    Ok(merged)
}
