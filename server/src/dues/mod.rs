//! Party dues (党费): members' bases with the branch's confirmation, hardship relief
//! approved one level up, monthly bills, online payment (WeChat Pay API v3) and cash, arrears
//! with their reminders and flags, and the ledgers.
//!
//! The organization never advances or deducts dues for a member (docs/rules.md#paying-and-billing): there is no
//! such action here. Cash is recorded only for months already billed.

use crate::error::ServiceResult;
pub mod admin;
pub mod bases;
pub mod bills;
pub mod gateway;
pub mod hardship;
pub mod ledger;
pub mod mine;
pub mod payments;
pub mod xlsx;

use domain::{dues::DuesRules, ErrorCode};

use crate::{access::Actor, members::Located, storage::Db};

/// The county's dues rules (the defaults of docs/rules.md#dues-local-choices until the county
/// sets its own), the same the browser's calculator is given.
pub async fn rules(db: &Db) -> ServiceResult<DuesRules> {
    crate::settings::dues_rules(db).await
}

/// The newest month a member has paid monthly dues for, if any (`2026-11`).
pub async fn paid_through(db: &Db, member_id: domain::MemberId) -> ServiceResult<Option<String>> {
    Ok(crate::with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT MAX(month) FROM dues_bills WHERE member_id = $1 AND kind = 'monthly' \
             AND paid_at IS NOT NULL",
        )
        .bind(member_id)
        .fetch_one(pool)
        .await?
    }))
}

/// The signed-in account's own member file.
pub async fn own_member(db: &Db, actor: &Actor) -> ServiceResult<Located> {
    let id = actor.member_id.ok_or(ErrorCode::NotFound)?;
    crate::members::find(db, id)
        .await?
        .ok_or(ErrorCode::NotFound.into())
}

/// `YYYY-MM-DD HH:MM` China time for a stored timestamp.
fn at(ts: &str) -> String {
    crate::clock::china_minute_of(ts)
}

pub(crate) fn yuan(fen: i64) -> String {
    domain::Fen::new(fen).map_or_else(|_| "—".into(), |f| f.to_yuan_string())
}

fn category_label(code: &str) -> String {
    domain::dues::DuesCategory::parse(code)
        .map_or_else(|_| code.to_string(), |c| c.label_zh().to_string())
}
