//! Dues in the daily job: bills through the current month, the points deduction for each month
//! that passed unpaid, and the messages — month-end reminders to members who have not paid, a
//! warning at the county's line (3 months), and at six months the 自行脱党 flag to the member's
//! branch and the committee above (unless the branch noted a good reason).

use crate::error::ServiceResult;
use std::collections::HashMap;

use domain::{dues::LEAVING_RISK_MONTHS, points::Activity, Date, YearMonth};

use super::Outgoing;
use crate::{
    dues::{bills, rules, yuan},
    inbox::InboxTx,
    points::PointsTx,
    storage::Db,
    trail::TrailTx,
    with_pool,
};

/// Bills through `today`'s month and books the deduction for months now in arrears.
/// Idempotent; returns (bills issued, deductions booked).
pub async fn prepare(db: &Db, today: Date) -> ServiceResult<(usize, usize)> {
    let issued = bills::issue_through(db, YearMonth::of(today)).await?;
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok((issued, 0));
    };
    let due: Vec<i64> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM dues_bills WHERE kind = 'monthly' AND paid_at IS NULL \
             AND arrears_booked = 0 AND month < $1 \
             AND member_id IN (SELECT id FROM members WHERE standing = 'active') ORDER BY id",
        )
        .bind(billing.to_string())
        .fetch_all(pool)
        .await
        ?
    });
    // In batches: at a month's turn this is every member who has not paid.
    for chunk in due.chunks(500) {
        with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            tx.lock().await?;
            let mut q = sqlx::QueryBuilder::new(
                "UPDATE dues_bills SET arrears_booked = 1 WHERE arrears_booked = 0 AND paid_at IS NULL AND id IN (",
            );
            let mut list = q.separated(", ");
            for bill in chunk {
                list.push_bind(*bill);
            }
            q.push(") RETURNING member_id");
            let marked: Vec<domain::MemberId> = q.build_query_scalar().fetch_all(&mut *tx).await?;
            // Another instance (or a payment) may have settled some meanwhile: only the bills
            // marked here, booked by the system.
            let booked = tx.award_points_many(None, &marked, &Activity::DuesArrears, today).await?;
            // Each deduction reaches the member with its reason.
            for (member, entry) in marked.iter().zip(&booked).filter(|(_, e)| e.points < 0) {
                let body = format!("你有党费逾期未交，扣 {} 分。请尽快补交。", -entry.points);
                tx.notify_member(*member, "党费欠交扣分", &body, "/dues").await?;
            }
            tx.commit().await?;
        });
    }
    Ok((issued, due.len()))
}

/// A member's unpaid months before the billing month, long enough to warn about.
#[derive(sqlx::FromRow)]
struct Run {
    member_id: domain::MemberId,
    account_id: Option<domain::AccountId>,
    name: String,
    org_id: domain::OrgId,
    months: i64,
    since: String,
    reason: Option<String>,
}

/// The day's dues messages (deduplicated by key when written).
pub async fn messages(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let mut out = Vec::new();
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok(out);
    };
    let month = YearMonth::of(today);
    let days_left = i64::from(domain::date::days_in_month(today.year(), today.month()))
        - i64::from(today.day());
    if billing == month && days_left <= 2 {
        let unpaid: Vec<(domain::AccountId, String)> = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT a.id, b.amount_fen FROM dues_bills b JOIN accounts a ON a.member_id = b.member_id \
                 WHERE b.kind = 'monthly' AND b.month = $1 AND b.paid_at IS NULL \
                 AND b.member_id IN (SELECT id FROM members WHERE standing = 'active') ORDER BY a.id",
            )
            .bind(month.to_string())
            .fetch_all(pool)
            .await

            .map(|rows: Vec<(domain::AccountId, i64)>| rows.into_iter().map(|(a, f)| (a, yuan(f))).collect())?
        });
        for (account_id, amount) in unpaid {
            out.push(Outgoing {
                account_id,
                title: "本月党费尚未交纳".into(),
                body: format!("{month} 的党费 {amount} 元还没有交纳，请在月底前交纳。"),
                link: "/dues".into(),
                dedupe_key: Some(format!("dues-month:{month}")),
            });
        }
    }
    let rules = rules(db).await?;
    let runs: Vec<Run> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT b.member_id, a.id AS account_id, m.name, m.org_id, COUNT(*) AS months, \
             MIN(b.month) AS since, n.reason \
             FROM dues_bills b JOIN members m ON m.id = b.member_id \
             LEFT JOIN accounts a ON a.member_id = b.member_id \
             LEFT JOIN dues_arrears_notes n ON n.member_id = b.member_id \
             WHERE b.kind = 'monthly' AND b.paid_at IS NULL AND b.month < $1 AND m.standing = 'active' \
             GROUP BY b.member_id, a.id, m.name, m.org_id, n.reason HAVING COUNT(*) >= $2",
        )
        .bind(billing.to_string())
        .bind(i64::from(rules.arrears_warning_months))
        .fetch_all(pool)
        .await
        ?
    });
    if runs.is_empty() {
        return Ok(out);
    }
    let parents: HashMap<domain::OrgId, Option<domain::OrgId>> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, parent_id FROM organizations")
            .fetch_all(pool)
            .await
            ?
            .into_iter()
            .collect()
    });
    let mut admins: HashMap<domain::OrgId, Vec<domain::AccountId>> = HashMap::new();
    for (org, account) in super::admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    for Run {
        member_id,
        account_id: account,
        name,
        org_id,
        months,
        since,
        reason: note,
    } in runs
    {
        let leaving = months >= i64::from(LEAVING_RISK_MONTHS);
        let stage = if leaving { "leaving" } else { "warning" };
        if let Some(account_id) = account {
            out.push(Outgoing {
                account_id,
                title: if leaving { "党费欠交已满6个月" } else { "党费欠交预警" }.into(),
                body: format!("你已连续 {months} 个月（自 {since} 起）未交纳党费，请尽快交纳；有困难可向支部申请减免。"),
                link: "/dues".into(),
                dedupe_key: Some(format!("dues-{stage}:{since}")),
            });
        }
        if !leaving || note.is_some() {
            continue;
        }
        // The branch and the committee above it: the 自行脱党 rule needs them to act.
        let parent = parents.get(&org_id).copied().flatten();
        for org in [Some(org_id), parent].into_iter().flatten() {
            for account_id in admins.get(&org).into_iter().flatten() {
                out.push(Outgoing {
                    account_id: *account_id,
                    title: "党员连续6个月未交党费".into(),
                    body: format!("{name} 自 {since} 起已连续 {months} 个月未交纳党费，存在自行脱党风险，请及时谈话了解情况并记录原因。"),
                    link: "/admin/dues#arrears".into(),
                    dedupe_key: Some(format!("dues-leaving:{member_id}:{since}")),
                });
            }
        }
    }
    Ok(out)
}
