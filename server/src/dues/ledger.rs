//! `/dues/ledger`: dues expected vs collected per month for an organization subtree, its
//! children side by side, and the arrears list — for branches, committees, the county and
//! auditors. Amounts come straight from the bills.

use crate::error::ServiceResult;
use std::collections::HashMap;

use app::dues::{ArrearsRow, LedgerChild, LedgerMonth, LedgerView};
use domain::{access::Action, dues::arrears_level, ErrorCode};

use super::{bills, yuan};
use crate::{access::Actor, storage::Db, with_pool};

fn rate(expected: i64, collected: i64) -> String {
    if expected == 0 {
        return "—".into();
    }
    format!("{:.1}%", collected as f64 * 100.0 / expected as f64)
}

/// The arrears list of a subtree, longest first, with the branch's noted reasons.
pub async fn arrears_rows(
    db: &Db,
    path: &domain::OrgPath,
    limit: i64,
) -> ServiceResult<Vec<ArrearsRow>> {
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok(Vec::new());
    };
    #[derive(sqlx::FromRow)]
    struct Row {
        member_id: domain::MemberId,
        name: String,
        org_name: String,
        months: i64,
        since: String,
        reason: Option<String>,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT b.member_id, m.name, o.name AS org_name, COUNT(*) AS months, \
             MIN(b.month) AS since, n.reason \
             FROM dues_bills b JOIN members m ON m.id = b.member_id \
             JOIN organizations o ON o.id = b.org_id \
             LEFT JOIN dues_arrears_notes n ON n.member_id = b.member_id \
             WHERE b.kind = 'monthly' AND b.paid_at IS NULL AND b.month < $1 AND o.path LIKE $2 \
             AND m.standing = 'active' \
             GROUP BY b.member_id, m.name, o.name, n.reason \
             ORDER BY COUNT(*) DESC, b.member_id LIMIT $3",
        )
        .bind(billing.to_string())
        .bind(path.like_prefix())
        .bind(limit)
        .fetch_all(pool)
        .await
        ?
    });
    let rules = super::rules(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let months = u32::try_from(r.months).unwrap_or(u32::MAX);
            let level = arrears_level(months, &rules);
            ArrearsRow {
                member_id: r.member_id,
                name: r.name,
                org_name: r.org_name,
                months,
                since: r.since,
                level,
                level_label: level.label_zh().into(),
                note: r.reason,
            }
        })
        .collect())
}

/// Members in arrears per organization path inside `path`.
async fn arrears_by_org(
    db: &Db,
    path: &domain::OrgPath,
) -> ServiceResult<Vec<(domain::OrgPath, i64)>> {
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok(Vec::new());
    };
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, COUNT(DISTINCT b.member_id) FROM dues_bills b \
             JOIN organizations o ON o.id = b.org_id JOIN members m ON m.id = b.member_id \
             WHERE b.kind = 'monthly' AND b.paid_at IS NULL AND b.month < $1 AND o.path LIKE $2 \
             AND m.standing = 'active' \
             GROUP BY o.path",
        )
        .bind(billing.to_string())
        .bind(path.like_prefix())
        .fetch_all(pool)
        .await
        ?
    }))
}

/// What an organization expected and collected in a month.
#[derive(sqlx::FromRow)]
struct MonthSum {
    path: domain::OrgPath,
    month: String,
    expected: i64,
    collected: i64,
}

/// (path, month) → (expected, collected) for monthly and voluntary bills of `year`.
async fn sums(db: &Db, path: &domain::OrgPath, year: i32) -> ServiceResult<Vec<MonthSum>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            // Expected: the monthly bills, and voluntary payments made (a voluntary order left
            // unpaid was never owed).
            "SELECT o.path, b.month, \
             CAST(SUM(CASE WHEN b.kind = 'monthly' OR b.paid_at IS NOT NULL THEN b.amount_fen ELSE 0 END) AS BIGINT) AS expected, \
             CAST(SUM(CASE WHEN b.paid_at IS NULL THEN 0 ELSE b.amount_fen END) AS BIGINT) AS collected \
             FROM dues_bills b JOIN organizations o ON o.id = b.org_id \
             WHERE o.path LIKE $1 AND b.month >= $2 AND b.month <= $3 GROUP BY o.path, b.month",
        )
        .bind(path.like_prefix())
        .bind(format!("{year}-01"))
        .bind(format!("{year}-12"))
        .fetch_all(pool)
        .await
        ?
    }))
}

pub async fn view(
    db: &Db,
    actor: &Actor,
    org_id: Option<domain::OrgId>,
    year: i32,
) -> ServiceResult<LedgerView> {
    let org = crate::orgs::find(db, org_id.unwrap_or(actor.scope_org_id))
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::ViewDuesLedger, actor.reach_org(&org.path))?;
    let rows = sums(db, &org.path, year).await?;
    let mut by_month: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for r in &rows {
        let t = by_month.entry(r.month.clone()).or_default();
        t.0 += r.expected;
        t.1 += r.collected;
    }
    let children = crate::orgs::children(db, org.id).await?;
    let mut per_child: HashMap<domain::OrgId, (i64, i64)> = HashMap::new();
    let paths: Vec<(domain::OrgId, domain::OrgPath)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, path FROM organizations WHERE parent_id = $1")
            .bind(org.id)
            .fetch_all(pool)
            .await
            ?
    });
    for r in &rows {
        if let Some((id, _)) = paths.iter().find(|(_, p)| p.contains(&r.path)) {
            let t = per_child.entry(*id).or_default();
            t.0 += r.expected;
            t.1 += r.collected;
        }
    }
    let mut in_arrears: HashMap<domain::OrgId, i64> = HashMap::new();
    for (path, n) in arrears_by_org(db, &org.path).await? {
        if let Some((id, _)) = paths.iter().find(|(_, p)| p.contains(&path)) {
            *in_arrears.entry(*id).or_default() += n;
        }
    }
    let child_rows = children
        .into_iter()
        .map(|c| {
            let (e, k) = per_child.get(&c.id).copied().unwrap_or_default();
            LedgerChild {
                org_id: c.id,
                name: c.name,
                expected: yuan(e),
                collected: yuan(k),
                rate: rate(e, k),
                in_arrears: in_arrears.get(&c.id).copied().unwrap_or_default(),
            }
        })
        .collect();
    let arrears = arrears_rows(db, &org.path, 200).await?;
    Ok(LedgerView {
        org_id: org.id,
        org_name: org.name,
        parent_id: org.parent_id.filter(|_| actor.scope_org_id != org.id),
        year,
        months: by_month
            .into_iter()
            .map(|(month, (e, c))| LedgerMonth {
                month,
                expected: yuan(e),
                collected: yuan(c),
                rate: rate(e, c),
            })
            .collect(),
        children: child_rows,
        arrears,
    })
}
