//! The steps, each checked against the actor's scope first.

use domain::{access::Action, AccountId, ErrorCode, MemberId, Role};
use secrecy::{ExposeSecret as _, SecretString};

use crate::{
    access::Actor,
    auth::password,
    clock,
    error::{ServiceError, ServiceResult},
    setup::one_time_password,
    storage::Db,
    trail::{
        records::{to_json, AccountRecord, ACCOUNT_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// An account with a password to hand over once.
pub struct Issued {
    pub account: AccountRecord,
    pub one_time_password: SecretString,
}

/// May `actor` manage `account`? Its place is its member's organization, or its scope for an
/// administrator's account without a member file. An administrator's account scoped at or above
/// the actor's own scope is the county's to manage, and nobody manages their own account here
/// (they change their own password on `/me`).
pub(crate) async fn require_manage(
    db: &Db,
    actor: &Actor,
    account: &AccountRecord,
) -> ServiceResult<()> {
    if account.id == actor.account_id {
        return Err(ErrorCode::Forbidden.into());
    }
    let org_id = match account.member_id {
        Some(member) => {
            crate::members::find(db, member)
                .await?
                .ok_or(ErrorCode::NotFound)?
                .member
                .org_id
        }
        None => account.scope_org_id,
    };
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::ManageAccounts, actor.reach_org(&org.path))?;
    if account.role != Role::Member && actor.role != Role::CountyAdmin {
        let scope = crate::orgs::find(db, account.scope_org_id)
            .await?
            .ok_or(ErrorCode::NotFound)?;
        if !(actor.scope_path.contains(&scope.path) && actor.scope_path != scope.path) {
            return Err(ErrorCode::Forbidden.into());
        }
    }
    Ok(())
}

pub(crate) async fn account(db: &Db, id: AccountId) -> ServiceResult<AccountRecord> {
    let found: Option<AccountRecord> = with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    found.ok_or_else(|| ErrorCode::NotFound.into())
}

async fn hash(secret: &SecretString) -> ServiceResult<String> {
    let plain = secret.expose_secret().to_owned();
    Ok(tokio::task::spawn_blocking(move || password::hash(&plain)).await?)
}

/// Writes `next` over the account (when it differs), ends its sessions when asked, and records
/// the step, all in one transaction.
async fn step(
    db: &Db,
    actor: &Actor,
    action: &'static str,
    before: &AccountRecord,
    next: &AccountRecord,
    end_sessions: bool,
) -> ServiceResult<u64> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = $2, disabled = $3 WHERE id = $4")
            .bind(&next.password_hash)
            .bind(next.must_change_password)
            .bind(next.disabled)
            .bind(next.id)
            .execute(&mut *tx)
            .await?;
        let ended = if end_sessions {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(next.id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        } else {
            0
        };
        tx.append(Change {
            actor: Some(actor.account_id),
            action,
            entity: "accounts",
            entity_id: Some(next.id.to_string()),
            before: Some(to_json(before)),
            after: Some(to_json(next)),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, ServiceError>(ended)
    })
}

/// An account for a member who has none: their mobile is the login, the password one-time.
pub async fn create_for_member(
    db: &Db,
    actor: &Actor,
    member_id: MemberId,
) -> ServiceResult<Issued> {
    let found = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    // Nobody manages their own account here, as `require_manage` says.
    if actor.member_id == Some(member_id) {
        return Err(ErrorCode::Forbidden.into());
    }
    actor.require(
        Action::ManageAccounts,
        actor.reach_member(member_id, &found.org_path),
    )?;
    // A member who has left signs in no more (docs/rules.md#standing-changes).
    if found.member.standing.has_left() {
        return Err(ErrorCode::MemberHasLeft.into());
    }
    let secret = one_time_password();
    let hashed = hash(&secret).await?;
    let now = clock::now_rfc3339();
    let member = found.member;
    let account = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE member_id = $1 OR mobile = $2")
            .bind(member_id)
            .bind(&member.mobile)
            .fetch_one(&mut *tx)
            .await?;
        if taken > 0 {
            return Err(ErrorCode::Conflict.into());
        }
        let account: AccountRecord = sqlx::query_as(&format!(
            "INSERT INTO accounts (member_id, mobile, display_name, password_hash, role, scope_org_id, \
             must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING {ACCOUNT_COLUMNS}"
        ))
        .bind(member_id)
        .bind(&member.mobile)
        .bind(&member.name)
        .bind(&hashed)
        .bind(Role::Member)
        .bind(member.org_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "account.create",
            entity: "accounts",
            entity_id: Some(account.id.to_string()),
            before: None,
            after: Some(to_json(&account)),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, ServiceError>(account)
    })?;
    Ok(Issued {
        account,
        one_time_password: secret,
    })
}

/// A new one-time password (the old one stops working) and every session ended.
pub async fn reset(db: &Db, actor: &Actor, id: AccountId) -> ServiceResult<Issued> {
    let before = account(db, id).await?;
    require_manage(db, actor, &before).await?;
    let secret = one_time_password();
    let next = AccountRecord {
        password_hash: hash(&secret).await?,
        must_change_password: 1,
        ..before.clone()
    };
    step(db, actor, "account.reset", &before, &next, true).await?;
    Ok(Issued {
        account: next,
        one_time_password: secret,
    })
}

/// Disabling ends every session at once; enabling lets the same password in again.
pub async fn set_disabled(
    db: &Db,
    actor: &Actor,
    id: AccountId,
    disabled: bool,
) -> ServiceResult<AccountRecord> {
    let before = account(db, id).await?;
    require_manage(db, actor, &before).await?;
    if !disabled {
        refuse_if_left(db, &before).await?;
    }
    let next = AccountRecord {
        disabled: i64::from(disabled),
        ..before.clone()
    };
    if next == before {
        return Ok(before);
    }
    let action = if disabled {
        "account.disable"
    } else {
        "account.enable"
    };
    step(db, actor, action, &before, &next, disabled).await?;
    Ok(next)
}

/// The account of a member who has left is not opened again.
async fn refuse_if_left(db: &Db, account: &AccountRecord) -> ServiceResult<()> {
    let Some(member) = account.member_id else {
        return Ok(());
    };
    let left = crate::members::find(db, member)
        .await?
        .is_some_and(|m| m.member.standing.has_left());
    if left {
        return Err(ErrorCode::MemberHasLeft.into());
    }
    Ok(())
}

/// Ends every session of the account (a lost phone); returns how many there were.
pub async fn sign_out_everywhere(db: &Db, actor: &Actor, id: AccountId) -> ServiceResult<u64> {
    let before = account(db, id).await?;
    require_manage(db, actor, &before).await?;
    step(db, actor, "account.sign_out", &before, &before, true).await
}

/// The account of a member's file, if one was given.
pub async fn of_member(db: &Db, member_id: MemberId) -> ServiceResult<Option<AccountRecord>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE member_id = $1"))
            .bind(member_id)
            .fetch_optional(pool)
            .await?
    }))
}
