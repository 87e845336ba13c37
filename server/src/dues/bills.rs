//! Monthly bills from the member file's confirmed category and base, after approved relief.
//! Issuing is idempotent (one monthly bill per member and month), so the daily job, a second
//! server instance and `dangjian dues month-end` may all run it.

use crate::error::ServiceResult;
use domain::{
    dues::{monthly_bill, BillKind, DuesCategory, Hardship, HardshipKind},
    Date, Fen, YearMonth,
};

use crate::{storage::Db, with_pool};

const BILLING_KEY: &str = "dues_billing_month";

/// The month the county's bills have been issued through, by the calendar. Bills of earlier
/// months still unpaid are in arrears; the billing month itself may still be paid on time.
/// A quarterly payer's bills for later months do not move it: only [`issue_through`] does.
pub async fn billing_month(db: &Db) -> ServiceResult<Option<YearMonth>> {
    Ok(db
        .meta(BILLING_KEY)
        .await?
        .map(|m| YearMonth::parse(&m))
        .transpose()?)
}

/// Approved relief per member (the newest approval counts).
async fn relief(
    db: &Db,
    member: Option<domain::MemberId>,
) -> ServiceResult<Vec<(domain::MemberId, Hardship)>> {
    #[derive(sqlx::FromRow)]
    struct Relief {
        member_id: domain::MemberId,
        kind: HardshipKind,
        monthly_fen: i64,
    }
    let rows: Vec<Relief> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT member_id, kind, monthly_fen FROM dues_hardship \
             WHERE status = 'approved' AND ($1 = 0 OR member_id = $1) ORDER BY decided_at, id",
        )
        .bind(member.map_or(0, domain::MemberId::get))
        .fetch_all(pool)
        .await
        ?
    });
    rows.into_iter()
        .map(|r| Ok((r.member_id, hardship_of(r.kind, r.monthly_fen)?)))
        .collect()
}

pub fn hardship_of(kind: HardshipKind, fen: i64) -> ServiceResult<Hardship> {
    Ok(match kind {
        HardshipKind::Exempt => Hardship::Exempt,
        HardshipKind::Reduced => Hardship::Reduced {
            monthly_fen: Fen::new(fen)?,
        },
    })
}

/// What one member owes a month under the current file and relief, by the county's rules.
pub fn amount_for(
    category: &str,
    base_fen: i64,
    relief: &Hardship,
    rules: &domain::dues::DuesRules,
) -> ServiceResult<Fen> {
    Ok(monthly_bill(
        DuesCategory::parse(category)?,
        Fen::new(base_fen)?,
        relief,
        rules,
    )?)
}

/// Issues `month`'s bills to every member who owes dues then (joined by the month's end), or to
/// one member. Returns how many were new. A zero bill (exempt) is settled as it is issued.
pub async fn issue_month(
    db: &Db,
    month: YearMonth,
    only: Option<domain::MemberId>,
) -> ServiceResult<usize> {
    #[derive(sqlx::FromRow)]
    struct Billed {
        id: domain::MemberId,
        org_id: domain::OrgId,
        dues_category: String,
        dues_base_fen: i64,
    }
    let members: Vec<Billed> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.org_id, m.dues_category, m.dues_base_fen FROM members m \
             WHERE m.joined_on <= $1 AND m.standing = 'active' AND ($3 = 0 OR m.id = $3) AND NOT EXISTS (\
               SELECT 1 FROM dues_bills b WHERE b.member_id = m.id AND b.kind = 'monthly' \
               AND b.month = $2) ORDER BY m.id",
        )
        .bind(month.last_day().to_string())
        .bind(month.to_string())
        .bind(only.map_or(0, domain::MemberId::get))
        .fetch_all(pool)
        .await
        ?
    });
    if members.is_empty() {
        return Ok(0);
    }
    let relief: std::collections::HashMap<domain::MemberId, Hardship> =
        relief(db, only).await?.into_iter().collect();
    let now = crate::clock::now_rfc3339();
    let rules = super::rules(db).await?;
    let mut rows = Vec::with_capacity(members.len());
    for m in members {
        let relief = relief.get(&m.id).unwrap_or(&Hardship::None);
        let amount =
            amount_for(&m.dues_category, m.dues_base_fen, relief, &rules).unwrap_or_else(|e| {
                // A file that cannot be priced is billed nothing rather than stopping everyone's
                // bills; the branch sees the member at zero and corrects the base.
                tracing::warn!(member_id = %m.id, error = ?e, "member file has no valid dues base");
                Fen::ZERO
            });
        rows.push((m.id, m.org_id, amount.as_i64()));
    }
    let month = month.to_string();
    let issued = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut n = 0;
        for chunk in rows.chunks(400) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO dues_bills (member_id, org_id, month, kind, amount_fen, large, paid_at, created_at) ",
            );
            q.push_values(chunk, |mut row, (member, org, amount)| {
                row.push_bind(*member)
                    .push_bind(*org)
                    .push_bind(&month)
                    .push_bind(BillKind::Monthly)
                    .push_bind(*amount)
                    .push_bind(0_i64)
                    .push_bind((*amount == 0).then(|| now.clone()))
                    .push_bind(&now);
            });
            q.push(" ON CONFLICT (member_id, month) WHERE kind = 'monthly' DO NOTHING");
            n += q.build().execute(&mut *tx).await?.rows_affected() as usize;
        }
        tx.commit().await?;
        n
    });
    Ok(issued)
}

/// Bills every month from the billing month (or `through` when nothing is billed yet) to
/// `through`: a server that was down for a month catches up.
pub async fn issue_through(db: &Db, through: YearMonth) -> ServiceResult<usize> {
    let billed = billing_month(db).await?;
    let from = billed.unwrap_or(through).min(through);
    let mut n = 0;
    for month in from.iter_to(through) {
        n += issue_month(db, month, None).await?;
    }
    // Only forward: a run for an earlier day (a late instance) leaves it where it is.
    if billed.is_none_or(|b| b < through) {
        db.set_meta(BILLING_KEY, &through.to_string()).await?;
    }
    Ok(n)
}

/// A member's unpaid months before the billing month.
#[derive(sqlx::FromRow)]
pub struct ArrearsRun {
    pub member_id: domain::MemberId,
    pub months: i64,
    pub since: YearMonth,
}

/// Unpaid monthly bills per member in `org_path`'s subtree before the billing month, with the
/// oldest such month: the arrears, oldest first paid, so the count is the consecutive run.
pub async fn arrears_in(
    db: &Db,
    org_path: &domain::OrgPath,
    member: Option<domain::MemberId>,
) -> ServiceResult<Vec<ArrearsRun>> {
    let Some(billing) = billing_month(db).await? else {
        return Ok(Vec::new());
    };
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT b.member_id, COUNT(*) AS months, MIN(b.month) AS since FROM dues_bills b \
             JOIN organizations o ON o.id = b.org_id \
             WHERE b.kind = 'monthly' AND b.paid_at IS NULL AND b.month < $1 \
             AND o.path LIKE $2 AND ($3 = 0 OR b.member_id = $3) \
             AND ($3 <> 0 OR EXISTS (SELECT 1 FROM members m WHERE m.id = b.member_id AND m.standing = 'active')) \
             GROUP BY b.member_id ORDER BY COUNT(*) DESC, b.member_id",
        )
        .bind(billing.to_string())
        .bind(org_path.like_prefix())
        .bind(member.map_or(0, domain::MemberId::get))
        .fetch_all(pool)
        .await
        ?
    }))
}

/// Re-prices the member's unpaid monthly bills from `from` on after a new base or relief:
/// months already paid keep what was paid, and bills an order is waiting on keep the amount
/// the order asked for (the payment must settle exactly them).
pub async fn reprice_open(
    db: &Db,
    member_id: domain::MemberId,
    from: YearMonth,
) -> ServiceResult<()> {
    let (category, base): (String, i64) = with_pool!(db, pool => {
        sqlx::query_as("SELECT dues_category, dues_base_fen FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_one(pool)
            .await
            ?
    });
    let relief = relief(db, Some(member_id))
        .await?
        .pop()
        .map_or(Hardship::None, |(_, h)| h);
    let amount = amount_for(&category, base, &relief, &super::rules(db).await?)?.as_i64();
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        sqlx::query(
            "UPDATE dues_bills SET amount_fen = $1, \
             paid_at = CASE WHEN $1 = 0 THEN $4 ELSE NULL END \
             WHERE member_id = $2 AND kind = 'monthly' AND month >= $3 AND paid_at IS NULL \
             AND id NOT IN (SELECT pb.bill_id FROM dues_payment_bills pb \
               JOIN dues_payments p ON p.id = pb.payment_id WHERE p.status = 'pending')",
        )
        .bind(amount)
        .bind(member_id)
        .bind(from.to_string())
        .bind(&now)
        .execute(pool)
        .await
        ?;
    });
    Ok(())
}

/// The first day of `today`'s month, as the month.
pub fn month_of(today: Date) -> YearMonth {
    YearMonth::of(today)
}
