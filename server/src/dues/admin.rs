//! `/admin/dues`: bases to confirm, hardship to propose and decide, cash to record, arrears
//! with their reasons, and the branch's quarterly-payment setting.

use crate::error::ServiceResult;
use app::dues::AdminDuesView;
use domain::{
    access::{Action, Reach},
    ErrorCode, Role,
};

use super::{bases, bills, hardship, ledger};
use crate::{
    access::Actor,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

pub async fn view(db: &Db, actor: &Actor) -> ServiceResult<AdminDuesView> {
    let may_manage = actor.may(Action::ManageDues, Reach::ScopeRoot);
    let may_approve = actor.may(Action::ApproveHardship, Reach::Below);
    if !may_manage && !actor.may(Action::ViewDuesLedger, Reach::ScopeRoot) {
        return Err(ErrorCode::Forbidden.into());
    }
    let scope = crate::orgs::find(db, actor.scope_org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let path = &scope.path;
    let members: Vec<(i64, String)> = if may_manage {
        with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT m.id, m.name FROM members m JOIN organizations o ON o.id = m.org_id \
                 WHERE o.path LIKE $1 ORDER BY m.name, m.id LIMIT 500",
            )
            .bind(path.like_prefix())
            .fetch_all(pool)
            .await
            ?
        })
    } else {
        Vec::new()
    };
    let quarterly = if actor.role == Role::BranchAdmin {
        Some(super::payments::quarterly_allowed(db, actor.scope_org_id).await?)
    } else {
        None
    };
    Ok(AdminDuesView {
        scope_name: scope.name.clone(),
        may_manage,
        may_approve,
        pending_bases: if may_manage {
            bases::pending_in(db, path).await?
        } else {
            Vec::new()
        },
        hardship_to_decide: if may_approve {
            hardship::in_subtree(db, path, Some(path), true).await?
        } else {
            Vec::new()
        },
        hardship: hardship::in_subtree(db, path, None, false).await?,
        members,
        arrears: ledger::arrears_rows(db, path, 200).await?,
        billing_month: bills::billing_month(db).await?.map(|m| m.to_string()),
        quarterly,
    })
}

/// The branch notes a good reason for a member's arrears (or clears it with an empty text).
pub async fn note_arrears(
    db: &Db,
    actor: &Actor,
    member_id: domain::MemberId,
    reason: &str,
) -> ServiceResult<()> {
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(
        Action::ManageDues,
        actor.reach_member(member_id, &member.org_path),
    )?;
    let reason = if reason.trim().is_empty() {
        None
    } else {
        Some(crate::forms::text("arrears_reason", reason, 2, 200)?)
    };
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT reason FROM dues_arrears_notes WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(&mut *tx)
            .await
            ?;
        sqlx::query("DELETE FROM dues_arrears_notes WHERE member_id = $1")
            .bind(member_id)
            .execute(&mut *tx)
            .await
            ?;
        if let Some(reason) = &reason {
            sqlx::query(
                "INSERT INTO dues_arrears_notes (member_id, reason, noted_by, noted_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(member_id)
            .bind(reason)
            .bind(actor.account_id)
            .bind(&now)
            .execute(&mut *tx)
            .await
            ?;
        }
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "dues.arrears.note",
            entity: "dues_arrears_notes",
            entity_id: Some(member_id.to_string()),
            before: before.map(|r| serde_json::json!({ "reason": r }).to_string()),
            after: reason.map(|r| serde_json::json!({ "reason": r }).to_string()),
        })
        .await
        ?;
        tx.commit().await?;
    });
    Ok(())
}

/// A branch lets its members pay a quarter at once, or stops it.
pub async fn set_quarterly(db: &Db, actor: &Actor, allowed: bool) -> ServiceResult<()> {
    if actor.role != Role::BranchAdmin {
        return Err(ErrorCode::Forbidden.into());
    }
    actor.require(Action::ManageDues, Reach::ScopeRoot)?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        sqlx::query(
            "INSERT INTO dues_branch_settings (org_id, quarterly) VALUES ($1, $2) \
             ON CONFLICT (org_id) DO UPDATE SET quarterly = excluded.quarterly",
        )
        .bind(actor.scope_org_id)
        .bind(i64::from(allowed))
        .execute(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "dues.quarterly",
            entity: "dues_branch_settings",
            entity_id: Some(actor.scope_org_id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "quarterly": allowed }).to_string()),
        })
        .await
        ?;
        tx.commit().await?;
    });
    Ok(())
}
