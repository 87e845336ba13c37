//! The demo county's dues: bills for the last six months and this one, most paid before the
//! platform (imported as paid, deductions already settled), a few members in arrears — some
//! past the 3-month warning, some past six months — so the ledgers and flags have something
//! to show. The demo logins' own bills for this month stay open for the walkthrough.
//!
//! Every paid bill has its payment, as a live one would: what the branches collected in cash
//! before the platform is one receipt per member, recorded by the county's import; the members
//! of 新田驻东莞第三流动党支部 paid the last two months online, one WeChat Pay order a month.

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
    let paid_at = format!("{}T02:00:00.000Z", first.first_day());
    let this_paid_at = format!("{}T02:00:00.000Z", this.first_day());
    let warn_from = this.add_months(-3)?.to_string();
    let online_from = this.add_months(-2)?;
    let demo = plan
        .demo_mobiles
        .iter()
        .map(|m| format!("'{m}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // Members ≡ 7 (mod 40) stopped paying three months ago; ≡ 11 (mod 97) never paid here.
    let before = "UPDATE dues_bills SET paid_at = $1, arrears_booked = 1 WHERE month < $2 \
         AND member_id % 97 <> 11 AND NOT (member_id % 40 = 7 AND month >= $3)";
    let current = format!(
        "UPDATE dues_bills SET paid_at = $1 WHERE month = $2 AND member_id % 2 = 0 \
         AND member_id NOT IN (SELECT member_id FROM accounts WHERE mobile IN ({demo}) \
         AND member_id IS NOT NULL)"
    );
    with_pool!(db, pool => {
        sqlx::query(before)
            .bind(&paid_at)
            .bind(this.to_string())
            .bind(&warn_from)
            .execute(pool)
            .await?;
        sqlx::query("UPDATE dues_bills SET arrears_booked = 1 WHERE month < $1")
            .bind(this.to_string())
            .execute(pool)
            .await?;
        sqlx::query(&current)
            .bind(&this_paid_at)
            .bind(this.to_string())
            .execute(pool)
            .await?;
    });
    for month in online_from.iter_to(this.add_months(-1)?) {
        online_month(db, plan.online_branch, month).await?;
    }
    cash_receipts(db, plan.importer_mobile).await
}

/// The flowing branch's members paid `month` online on its 5th, each their own order.
async fn online_month(db: &Db, branch: i64, month: YearMonth) -> anyhow::Result<()> {
    // Noon in China on the 5th.
    let at = format!("{}T04:00:00.000Z", month.first_day().add_days(4)?);
    let key = month.to_string().replace('-', "");
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO dues_payments (member_id, out_trade_no, channel, amount_fen, status, \
             transaction_id, created_by, created_at, paid_at) \
             SELECT b.member_id, 'DJ' || $1 || 'S' || b.member_id, 'wechat', b.amount_fen, 'paid', \
             '4200' || $1 || 'S' || b.member_id, a.id, $2, $2 \
             FROM dues_bills b JOIN accounts a ON a.member_id = b.member_id \
             WHERE b.org_id = $3 AND b.month = $4 AND b.kind = 'monthly' AND b.paid_at IS NOT NULL",
        )
        .bind(&key)
        .bind(&at)
        .bind(branch)
        .bind(month.to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE dues_bills SET paid_at = $1, payment_id = (SELECT p.id FROM dues_payments p \
             WHERE p.out_trade_no = 'DJ' || $2 || 'S' || dues_bills.member_id) \
             WHERE org_id = $3 AND month = $4 AND kind = 'monthly' AND paid_at IS NOT NULL",
        )
        .bind(&at)
        .bind(&key)
        .bind(branch)
        .bind(month.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// One cash receipt per member for every other bill shown paid, recorded by the import.
async fn cash_receipts(db: &Db, importer_mobile: &str) -> anyhow::Result<()> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let importer: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE mobile = $1")
            .bind(importer_mobile)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO dues_payments (member_id, out_trade_no, channel, amount_fen, status, \
             created_by, created_at, paid_at) \
             SELECT member_id, 'IMPORT' || member_id, 'cash', SUM(amount_fen), 'paid', $1, \
             MAX(paid_at), MAX(paid_at) \
             FROM dues_bills WHERE paid_at IS NOT NULL AND payment_id IS NULL GROUP BY member_id",
        )
        .bind(importer)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE dues_bills SET payment_id = (SELECT p.id FROM dues_payments p \
             WHERE p.out_trade_no = 'IMPORT' || dues_bills.member_id) \
             WHERE paid_at IS NOT NULL AND payment_id IS NULL",
        )
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
