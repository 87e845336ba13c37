//! The dues base: set at the start of the year, submitted by the member (typed, or worked out
//! from the payslip in the browser), confirmed or corrected by the branch. The member file holds
//! the confirmed category and base; this table holds every submission and decision.

use crate::error::{ServiceError, ServiceResult};
use app::dues::BaseView;
use domain::{
    access::Action,
    dues::{BaseStatus, DuesCategory},
    Date, ErrorCode, Fen, YearMonth,
};

use super::{at, bills, category_label, yuan};
use crate::{
    access::Actor,
    inbox::InboxTx,
    storage::Db,
    trail::{
        records::{to_json, MemberRecord, MEMBER_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

#[derive(sqlx::FromRow)]
struct BaseRow {
    id: i64,
    member_name: String,
    year: i64,
    category: String,
    base_fen: i64,
    monthly_fen: i64,
    status: BaseStatus,
    submitted_at: String,
    note: Option<String>,
}

const BASE_SELECT: &str = "SELECT b.id, m.name AS member_name, b.year, b.category, b.base_fen, \
    b.monthly_fen, b.status, b.submitted_at, b.note FROM dues_bases b \
    JOIN members m ON m.id = b.member_id JOIN organizations o ON o.id = m.org_id";

fn view(r: BaseRow) -> BaseView {
    let status_label = match r.status {
        BaseStatus::Confirmed if r.note.is_some() => "支部已更正",
        s => s.label_zh(),
    };
    BaseView {
        id: r.id,
        member_name: r.member_name,
        year: r.year,
        category_label: category_label(&r.category),
        base: yuan(r.base_fen),
        monthly: yuan(r.monthly_fen),
        status_label: status_label.into(),
        submitted_at: at(&r.submitted_at),
        note: r.note,
    }
}

pub async fn history(db: &Db, member_id: domain::MemberId) -> ServiceResult<Vec<BaseView>> {
    let rows: Vec<BaseRow> = with_pool!(db, pool => {
        sqlx::query_as(&format!("{BASE_SELECT} WHERE b.member_id = $1 ORDER BY b.id DESC LIMIT 12"))
            .bind(member_id)
            .fetch_all(pool)
            .await
            ?
    });
    Ok(rows.into_iter().map(view).collect())
}

/// Submissions waiting for a branch inside `path`.
pub async fn pending_in(db: &Db, path: &domain::OrgPath) -> ServiceResult<Vec<BaseView>> {
    let rows: Vec<BaseRow> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{BASE_SELECT} WHERE b.status = 'submitted' AND o.path LIKE $1 ORDER BY b.id LIMIT 200"
        ))
        .bind(path.like_prefix())
        .fetch_all(pool)
        .await
        ?
    });
    Ok(rows.into_iter().map(view).collect())
}

/// Checks a category and a base typed in yuan; returns them with the monthly amount.
fn parse(
    category: &str,
    base: &str,
    rules: &domain::dues::DuesRules,
) -> ServiceResult<(DuesCategory, Fen, Fen)> {
    let category =
        DuesCategory::parse(category).map_err(|code| ServiceError::field("category", code))?;
    let base = if category.uses_base() {
        Fen::parse_yuan(base).map_err(|code| ServiceError::field("base", code))?
    } else {
        Fen::ZERO
    };
    let q = domain::dues::quote(category, base, rules)
        .map_err(|code| ServiceError::field("base", code))?;
    Ok((category, base, q.amount_fen))
}

/// The member submits a base for this year; an earlier submission still waiting is withdrawn.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    category: &str,
    base: &str,
    today: Date,
) -> ServiceResult<()> {
    let me = super::own_member(db, actor).await?;
    let (category, base, monthly) = parse(category, base, &super::rules(db).await?)?;
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        sqlx::query("UPDATE dues_bases SET status = 'withdrawn' WHERE member_id = $1 AND status = 'submitted'")
            .bind(me.member.id)
            .execute(&mut *tx)
            .await
            ?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dues_bases (member_id, year, category, base_fen, monthly_fen, status, submitted_by, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7) RETURNING id",
        )
        .bind(me.member.id)
        .bind(i64::from(today.year()))
        .bind(category.code())
        .bind(base.as_i64())
        .bind(monthly.as_i64())
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        ?;
        let after = serde_json::json!({
            "member_id": me.member.id, "category": category.code(),
            "base_fen": base.as_i64(), "monthly_fen": monthly.as_i64(), "status": "submitted",
        });
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "dues.base.submit",
            entity: "dues_bases",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after.to_string()),
        })
        .await
        ?;
        let admins: Vec<domain::AccountId> = sqlx::query_scalar(
            "SELECT account_id FROM account_roles WHERE role = 'branch_admin' AND scope_org_id = $1",
        )
        .bind(me.member.org_id)
        .fetch_all(&mut *tx)
        .await
        ?;
        for admin in admins {
            tx.notify(
                admin,
                "党费基数待确认",
                &format!("{} 申报了党费基数，请确认。", me.member.name),
                "/admin/dues#bases",
            )
            .await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// The branch confirms a submission as it is, or corrects it (category and base) with a reason.
/// The member file takes the confirmed values; this month's and later unpaid bills follow.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    id: i64,
    correction: Option<(&str, &str, &str)>,
    today: Date,
) -> ServiceResult<()> {
    #[derive(sqlx::FromRow)]
    struct Declared {
        member_id: domain::MemberId,
        category: String,
        base_fen: i64,
        status: BaseStatus,
    }
    let found: Option<Declared> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT b.member_id, b.category, b.base_fen, b.status FROM dues_bases b WHERE b.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        ?
    });
    let Declared {
        member_id,
        category,
        base_fen,
        status,
    } = found.ok_or(ErrorCode::NotFound)?;
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(
        Action::ManageDues,
        actor.reach_member(member_id, &member.org_path),
    )?;
    // A secretary's own base is confirmed by another officer.
    if actor.member_id == Some(member_id) {
        return Err(ErrorCode::Forbidden.into());
    }
    if status != BaseStatus::Submitted {
        return Err(ErrorCode::AlreadyDecided.into());
    }
    let (category, base, monthly, note) = match correction {
        Some((category, base, reason)) => {
            let (c, b, m) = parse(category, base, &super::rules(db).await?)?;
            let reason = crate::forms::text("correction_reason", reason, 2, 200)?;
            (c, b, m, Some(reason))
        }
        None => {
            let (c, b, m) = parse(
                &category,
                &Fen::new(base_fen)?.to_yuan_string(),
                &super::rules(db).await?,
            )?;
            (c, b, m, None)
        }
    };
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let changed = sqlx::query(
            "UPDATE dues_bases SET status = 'confirmed', category = $1, base_fen = $2, monthly_fen = $3, \
             decided_by = $4, decided_at = $5, note = $6 WHERE id = $7 AND status = 'submitted'",
        )
        .bind(category.code())
        .bind(base.as_i64())
        .bind(monthly.as_i64())
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
        let before: MemberRecord = sqlx::query_as(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"))
            .bind(member_id)
            .fetch_one(&mut *tx)
            .await
            ?;
        let mut after = before.clone();
        after.dues_category = category.code().to_string();
        after.dues_base_fen = base.as_i64();
        sqlx::query("UPDATE members SET dues_category = $1, dues_base_fen = $2 WHERE id = $3")
            .bind(&after.dues_category)
            .bind(after.dues_base_fen)
            .bind(member_id)
            .execute(&mut *tx)
            .await
            ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: if note.is_some() { "dues.base.correct" } else { "dues.base.confirm" },
            entity: "members",
            entity_id: Some(member_id.to_string()),
            before: Some(to_json(&before)),
            after: Some(to_json(&after)),
        })
        .await
        ?;
        let body = match &note {
            Some(n) => format!("支部更正了你的党费基数：{n}"),
            None => format!(
                "支部已确认你的党费基数，每月应交 {} 元。",
                monthly.to_yuan_string()
            ),
        };
        tx.notify_member(member_id, "党费基数已确认", &body, "/dues").await?;
        tx.commit().await?;
    });
    let from = bills::billing_month(db)
        .await?
        .unwrap_or(YearMonth::of(today));
    bills::reprice_open(db, member_id, from).await?;
    Ok(())
}
