//! The demo county's dues: bills for the last six months and this one, most paid before the
//! platform (imported as paid, deductions already settled), a few members in arrears — some
//! past the 3-month warning, some past six months — so the ledgers and flags have something
//! to show. The demo logins' own bills for this month stay open for the walkthrough.
//!
//! Every bill shown paid (with something to pay) has its receipt, dated within the bill's month:
//! what the branches collected in cash before the platform, one receipt per month, recorded by
//! the county's import; the members of 新田驻东莞第三流动党支部 paid the last two months and
//! this one online, one WeChat Pay order a month. Those orders are imported as paid: they carry
//! no trail event of their crediting and earned no on-time points (docs/operations.md#the-demo-county).

use domain::{Date, YearMonth};

use crate::{dues::bills, storage::Db, with_pool};

pub struct DuesPlan<'a> {
    pub today: Date,
    /// The demo logins: their bills for this month stay open.
    pub demo_mobiles: &'a [&'a str],
    /// Records the imported cash receipts (the county's administrator).
    pub importer_mobile: &'a str,
    /// The branch whose members paid the last two months online.
    pub online_branch: i64,
}

pub async fn seed(db: &Db, plan: &DuesPlan<'_>) -> anyhow::Result<()> {
    let this = YearMonth::of(plan.today);
    let first = this.add_months(-6)?;
    // From six months back to this month, as the daily job would have issued them.
    for month in first.iter_to(this) {
        bills::issue_through(db, month)
            .await
            .map_err(|e| anyhow::anyhow!("issuing demo bills: {e:?}"))?;
    }
    let warn_from = this.add_months(-3)?.to_string();
    let demo = plan
        .demo_mobiles
        .iter()
        .map(|m| format!("'{m}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // Members ≡ 7 (mod 40) stopped paying three months ago; ≡ 11 (mod 97) never paid here.
    let past = "UPDATE dues_bills SET paid_at = $1, arrears_booked = 1 WHERE month = $2 \
         AND member_id % 97 <> 11 AND NOT (member_id % 40 = 7 AND month >= $3)";
    // This month: half have paid, not the demo logins (their bills are the walkthrough's).
    let current = format!(
        "UPDATE dues_bills SET paid_at = $1 WHERE month = $2 AND member_id % 2 = 0 \
         AND member_id NOT IN (SELECT member_id FROM accounts WHERE mobile IN ({demo}) \
         AND member_id IS NOT NULL)"
    );
    for month in first.iter_to(this) {
        let at = paid_on(month, this, 10)?;
        with_pool!(db, pool => {
            if month == this {
                sqlx::query(&current).bind(&at).bind(month.to_string()).execute(pool).await?;
            } else {
                sqlx::query(past).bind(&at).bind(month.to_string()).bind(&warn_from).execute(pool).await?;
            }
        });
    }
    with_pool!(db, pool => {
        sqlx::query("UPDATE dues_bills SET arrears_booked = 1 WHERE month < $1")
            .bind(this.to_string())
            .execute(pool)
            .await?;
    });
    for month in this.add_months(-2)?.iter_to(this) {
        online_month(db, plan.online_branch, month, &paid_on(month, this, 5)?).await?;
    }
    cash_receipts(db, plan.importer_mobile).await
}

/// When a month's dues were paid: on its `day`th, or on the 1st for this month (the `day`th
/// may be ahead), at 10:00 China time.
fn paid_on(month: YearMonth, this: YearMonth, day: i64) -> anyhow::Result<String> {
    let on = if month == this {
        month.first_day()
    } else {
        month.first_day().add_days(day - 1)?
    };
    Ok(format!("{on}T02:00:00.000Z"))
}

/// The flowing branch's members paid `month` online at `at`, each their own order.
async fn online_month(db: &Db, branch: i64, month: YearMonth, at: &str) -> anyhow::Result<()> {
    let key = month.to_string().replace('-', "");
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO dues_payments (member_id, out_trade_no, channel, amount_fen, status, \
             transaction_id, created_by, created_at, paid_at) \
             SELECT b.member_id, 'DJ' || $1 || 'S' || b.member_id, 'wechat', b.amount_fen, 'paid', \
             '4200' || $1 || 'S' || b.member_id, a.id, $2, $2 \
             FROM dues_bills b JOIN accounts a ON a.member_id = b.member_id \
             WHERE b.org_id = $3 AND b.month = $4 AND b.kind = 'monthly' AND b.paid_at IS NOT NULL \
             AND b.amount_fen > 0",
        )
        .bind(&key)
        .bind(at)
        .bind(branch)
        .bind(month.to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE dues_bills SET paid_at = $1, payment_id = (SELECT p.id FROM dues_payments p \
             WHERE p.out_trade_no = 'DJ' || $2 || 'S' || dues_bills.member_id) \
             WHERE org_id = $3 AND month = $4 AND kind = 'monthly' AND paid_at IS NOT NULL \
             AND amount_fen > 0",
        )
        .bind(at)
        .bind(&key)
        .bind(branch)
        .bind(month.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// A cash receipt for every other bill shown paid, on the day it was paid, recorded by the
/// import. Bills of nothing (a base of zero) are paid when issued and need no receipt.
async fn cash_receipts(db: &Db, importer_mobile: &str) -> anyhow::Result<()> {
    let open = "paid_at IS NOT NULL AND payment_id IS NULL AND amount_fen > 0 AND kind = 'monthly'";
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let importer: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE mobile = $1")
            .bind(importer_mobile)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO dues_payments (member_id, out_trade_no, channel, amount_fen, status, \
             created_by, created_at, paid_at) \
             SELECT member_id, 'IMPORT' || month || 'S' || member_id, 'cash', amount_fen, 'paid', $1, \
             paid_at, paid_at FROM dues_bills WHERE {open}"
        ))
        .bind(importer)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "UPDATE dues_bills SET payment_id = (SELECT p.id FROM dues_payments p \
             WHERE p.out_trade_no = 'IMPORT' || dues_bills.month || 'S' || dues_bills.member_id) \
             WHERE {open}"
        ))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO dues_payment_bills (payment_id, bill_id) \
             SELECT payment_id, id FROM dues_bills WHERE payment_id IS NOT NULL",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}
