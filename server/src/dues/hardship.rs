//! Hardship relief (困难党员减免): the branch proposes a reduced amount or exemption with its
//! reason, the next-higher committee (or the county, for branches directly under it) approves
//! or rejects; approved relief prices the member's bills from the billing month on.

use crate::error::{ServiceError, ServiceResult};
use app::dues::HardshipView;
use domain::{
    access::{Action, Reach},
    dues::{HardshipKind, HardshipStatus},
    Date, ErrorCode, Fen, Role, YearMonth,
};

use super::{at, bills, yuan};
use crate::{
    access::Actor,
    inbox::InboxTx,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    member_name: String,
    org_name: String,
    kind: HardshipKind,
    monthly_fen: i64,
    reason: String,
    status: HardshipStatus,
    proposed_at: String,
    decision_note: Option<String>,
}

const SELECT: &str = "SELECT h.id, m.name AS member_name, o.name AS org_name, h.kind, \
    h.monthly_fen, h.reason, h.status, h.proposed_at, h.decision_note FROM dues_hardship h \
    JOIN members m ON m.id = h.member_id JOIN organizations o ON o.id = m.org_id";

fn view(r: Row) -> HardshipView {
    HardshipView {
        id: r.id,
        member_name: r.member_name,
        org_name: r.org_name,
        kind_label: r.kind.label_zh().into(),
        monthly: yuan(r.monthly_fen),
        reason: r.reason,
        status_label: r.status.label_zh().into(),
        proposed_at: at(&r.proposed_at),
        decision_note: r.decision_note,
    }
}

/// Proposals for members inside `path` (`pending_only`: those still waiting), newest first.
pub async fn in_subtree(
    db: &Db,
    path: &domain::OrgPath,
    strictly_below: Option<&domain::OrgPath>,
    pending_only: bool,
) -> ServiceResult<Vec<HardshipView>> {
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{SELECT} WHERE o.path LIKE $1 AND o.path <> $2 AND ($3 = 0 OR h.status = 'proposed') \
             ORDER BY h.id DESC LIMIT 100"
        ))
        .bind(path.like_prefix())
        .bind(strictly_below.map_or("", domain::OrgPath::as_str))
        .bind(i64::from(pending_only))
        .fetch_all(pool)
        .await
        ?
    });
    Ok(rows.into_iter().map(view).collect())
}

pub async fn propose(
    db: &Db,
    actor: &Actor,
    member_id: domain::MemberId,
    kind: &str,
    monthly: &str,
    reason: &str,
) -> ServiceResult<()> {
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let reach = actor.reach_member(member_id, &member.org_path);
    actor.require(Action::ManageDues, reach)?;
    // The branch discusses and proposes; those above only decide (never both).
    if actor.role != Role::BranchAdmin || reach != Reach::ScopeRoot {
        return Err(ErrorCode::Forbidden.into());
    }
    let monthly_fen = match HardshipKind::parse(kind) {
        Ok(HardshipKind::Exempt) => 0,
        Ok(HardshipKind::Reduced) => {
            let amount = Fen::parse_yuan(monthly)
                .map_err(|code| ServiceError::field("hardship_monthly", code))?;
            // Must be below what the member owes now, by the same rule the bills use.
            let normal = bills::amount_for(
                &member.member.dues_category,
                member.member.dues_base_fen,
                &domain::dues::Hardship::None,
                &super::rules(db).await?,
            )?;
            if amount >= normal || amount == Fen::ZERO {
                return Err(ServiceError::field(
                    "hardship_monthly",
                    ErrorCode::InvalidHardship,
                ));
            }
            amount.as_i64()
        }
        Err(_) => {
            return Err(ServiceError::field(
                "hardship_kind",
                ErrorCode::InvalidHardship,
            ))
        }
    };
    let reason = crate::forms::text("hardship_reason", reason, 4, 500)?;
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dues_hardship (member_id, kind, monthly_fen, reason, status, proposed_by, proposed_at) \
             VALUES ($1, $2, $3, $4, 'proposed', $5, $6) RETURNING id",
        )
        .bind(member_id)
        .bind(kind)
        .bind(monthly_fen)
        .bind(&reason)
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        ?;
        let after = serde_json::json!({
            "member_id": member_id, "kind": kind, "monthly_fen": monthly_fen,
            "reason": reason, "status": "proposed",
        });
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "dues.hardship.propose",
            entity: "dues_hardship",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after.to_string()),
        })
        .await
        ?;
        // The admins of every organization above the branch may decide; tell them.
        let above: Vec<domain::AccountId> = sqlx::query_scalar(
            "SELECT DISTINCT a.account_id FROM account_roles a JOIN organizations b ON b.id = $1 \
             WHERE a.role IN ('committee_admin', 'county_admin') AND a.scope_org_id = b.parent_id",
        )
        .bind(member.member.org_id)
        .fetch_all(&mut *tx)
        .await
        ?;
        for account in above {
            tx.notify(
                account,
                "党费减免待审批",
                &format!("{} 提出为 {} 减免党费。", member.org_name, member.member.name),
                "/admin/dues#hardship",
            )
            .await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

pub async fn decide(
    db: &Db,
    actor: &Actor,
    id: i64,
    approve: bool,
    note: &str,
    today: Date,
) -> ServiceResult<()> {
    #[derive(sqlx::FromRow)]
    struct Proposal {
        member_id: domain::MemberId,
        status: HardshipStatus,
        proposed_by: domain::AccountId,
    }
    let found: Option<Proposal> = with_pool!(db, pool => {
        sqlx::query_as("SELECT member_id, status, proposed_by FROM dues_hardship WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
            ?
    });
    let Proposal {
        member_id,
        status,
        proposed_by,
    } = found.ok_or(ErrorCode::NotFound)?;
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(
        Action::ApproveHardship,
        actor.reach_member(member_id, &member.org_path),
    )?;
    if proposed_by == actor.account_id {
        return Err(ErrorCode::Forbidden.into());
    }
    if status != HardshipStatus::Proposed {
        return Err(ErrorCode::AlreadyDecided.into());
    }
    let note = if approve && note.trim().is_empty() {
        None
    } else {
        Some(crate::forms::text("hardship_note", note, 2, 200)?)
    };
    let status = HardshipStatus::decided(approve);
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let changed = sqlx::query(
            "UPDATE dues_hardship SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 \
             WHERE id = $5 AND status = 'proposed'",
        )
        .bind(status)
        .bind(actor.account_id)
        .bind(&now)
        .bind(&note)
        .bind(id)
        .execute(&mut *tx)
        .await
        ?
        .rows_affected();
        if changed == 0 {
            return Err(ErrorCode::AlreadyDecided.into());
        }
        tx.append(Change {
            actor: Some(actor.account_id),
            action: if approve { "dues.hardship.approve" } else { "dues.hardship.reject" },
            entity: "dues_hardship",
            entity_id: Some(id.to_string()),
            before: Some(serde_json::json!({ "status": "proposed" }).to_string()),
            after: Some(serde_json::json!({ "status": status, "note": note }).to_string()),
        })
        .await
        ?;
        tx.commit().await?;
    });
    if approve {
        let from = bills::billing_month(db)
            .await?
            .unwrap_or(YearMonth::of(today));
        bills::reprice_open(db, member_id, from).await?;
    }
    Ok(())
}
