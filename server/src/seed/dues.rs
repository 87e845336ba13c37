//! The demo county's dues: bills for the last six months and this one, most paid before the
//! platform (imported as paid, deductions already settled), a few members in arrears — some
//! past the 3-month warning, some past six months — so the ledgers and flags have something
//! to show. The demo logins' own bills for this month stay open for the walkthrough.

use domain::{Date, YearMonth};

use crate::{dues::bills, storage::Db, with_pool};

pub async fn seed(db: &Db, today: Date, demo_mobiles: &[&str]) -> anyhow::Result<()> {
    let this = YearMonth::of(today);
    let first = this.add_months(-6)?;
    // From six months back to this month, as the daily job would have issued them.
    for month in first.iter_to(this) {
        bills::issue_through(db, month)
            .await
            .map_err(|e| anyhow::anyhow!("issuing demo bills: {e:?}"))?;
    }
    let paid_at = format!("{}T02:00:00.000Z", first.first_day());
    let warn_from = this.add_months(-3)?.to_string();
    let demo = demo_mobiles
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
            .bind(&paid_at)
            .bind(this.to_string())
            .execute(pool)
            .await?;
    });
    Ok(())
}
