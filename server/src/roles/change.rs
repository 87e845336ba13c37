use domain::{role::may_grant, AccountId, ErrorCode, OrgId, Role};

use super::{held, HeldRole};
use crate::{
    access::Actor,
    accounts::manage::{account, require_manage},
    clock,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, AccountRecord, RoleGrantRecord, ACCOUNT_COLUMNS, ROLE_GRANT_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// The checks a grant and a revocation share: the account is the actor's to manage, and the
/// role at that organization is the actor's to hand out.
async fn require_grant(
    db: &Db,
    actor: &Actor,
    account_id: AccountId,
    role: Role,
    scope_org_id: OrgId,
) -> ServiceResult<AccountRecord> {
    let target = account(db, account_id).await?;
    require_manage(db, actor, &target).await?;
    let scope = crate::orgs::find(db, scope_org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let reach = actor.reach_org(&scope.path);
    if let Err(code) = may_grant(actor.role, role, scope.kind, reach) {
        if code == ErrorCode::Forbidden {
            tracing::info!(
                account_id = actor.account_id.get(),
                role = role.code(),
                "role grant refused"
            );
        }
        return Err(code.into());
    }
    Ok(target)
}

/// Grants `role` at `scope_org_id` to the account. The account's sessions keep the role they
/// act in; the new role is there to switch to, and is the active one at the next sign-in if
/// it is the widest.
pub async fn grant(
    db: &Db,
    actor: &Actor,
    account_id: AccountId,
    role: Role,
    scope_org_id: OrgId,
) -> ServiceResult<HeldRole> {
    require_grant(db, actor, account_id, role, scope_org_id).await?;
    if held(db, account_id)
        .await?
        .iter()
        .any(|r| r.role == role && r.scope_org_id == scope_org_id)
    {
        return Err(ErrorCode::RoleAlreadyHeld.into());
    }
    let now = clock::now_rfc3339();
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let record: RoleGrantRecord = sqlx::query_as(&format!(
            "INSERT INTO role_grants (account_id, role, scope_org_id, granted_by, granted_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {ROLE_GRANT_COLUMNS}"
        ))
        .bind(account_id)
        .bind(role)
        .bind(scope_org_id)
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "role.grant",
            entity: "role_grants",
            entity_id: Some(record.id.to_string()),
            before: None,
            after: Some(to_json(&record)),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, ServiceError>(record)
    })?;
    held(db, account_id)
        .await?
        .into_iter()
        .find(|r| r.grant_id == Some(record.id))
        .ok_or_else(|| ErrorCode::NotFound.into())
}

/// Takes `role` at `scope_org_id` from the account and ends its sessions, so no open session
/// keeps acting in it. A granted role is deleted; an account's own administrator role falls
/// back to "member" at the member's branch. An account without a member file keeps its only
/// role (disable the account instead).
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    account_id: AccountId,
    role: Role,
    scope_org_id: OrgId,
) -> ServiceResult<()> {
    let before = require_grant(db, actor, account_id, role, scope_org_id).await?;
    let target = held(db, account_id)
        .await?
        .into_iter()
        .find(|r| r.role == role && r.scope_org_id == scope_org_id)
        .ok_or(ErrorCode::RoleNotHeld)?;
    let own_after = match target.grant_id {
        Some(_) => None,
        None => {
            let member_id = before.member_id.ok_or(ErrorCode::LastRole)?;
            let member = crate::members::find(db, member_id)
                .await?
                .ok_or(ErrorCode::NotFound)?
                .member;
            Some(AccountRecord {
                role: Role::Member,
                scope_org_id: member.org_id,
                ..before.clone()
            })
        }
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let change = match (target.grant_id, &own_after) {
            (Some(grant_id), _) => {
                let record: RoleGrantRecord = sqlx::query_as(&format!(
                    "SELECT {ROLE_GRANT_COLUMNS} FROM role_grants WHERE id = $1"
                ))
                .bind(grant_id)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("UPDATE sessions SET role_grant_id = NULL WHERE role_grant_id = $1")
                    .bind(grant_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM role_grants WHERE id = $1")
                    .bind(grant_id)
                    .execute(&mut *tx)
                    .await?;
                Change {
                    actor: Some(actor.account_id),
                    action: "role.revoke",
                    entity: "role_grants",
                    entity_id: Some(grant_id.to_string()),
                    before: Some(to_json(&record)),
                    after: None,
                }
            }
            (None, Some(after)) => {
                let written: AccountRecord = sqlx::query_as(&format!(
                    "UPDATE accounts SET role = $1, scope_org_id = $2 WHERE id = $3 RETURNING {ACCOUNT_COLUMNS}"
                ))
                .bind(after.role)
                .bind(after.scope_org_id)
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await?;
                Change {
                    actor: Some(actor.account_id),
                    action: "role.revoke",
                    entity: "accounts",
                    entity_id: Some(account_id.to_string()),
                    before: Some(to_json(&before)),
                    after: Some(to_json(&written)),
                }
            }
            (None, None) => return Err(ErrorCode::LastRole.into()),
        };
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.append(change).await?;
        tx.commit().await?;
        Ok::<_, ServiceError>(())
    })
}
