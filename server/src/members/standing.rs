//! 党籍状态 changes applied (docs/rules.md#standing-changes): the change is checked by
//! `domain::standing`, recorded with its date and reason, and the member leaves (or rejoins) the
//! boards' totals in the same transaction. A member who leaves for good also loses their
//! account's sign-in and their seats on leadership teams; their file and history stay.

use domain::{
    access::Action,
    standing::{apply, StandingChange, StandingFacts},
    AccountId, Date, ErrorCode, MemberId,
};

use super::{
    probation::ConversionTx,
    repo::{self, MemberTx},
};
use crate::{
    access::Actor,
    clock,
    error::{ServiceError, ServiceResult},
    forms::text,
    inbox::InboxTx,
    rankings::TotalsTx,
    storage::Db,
    trail::{
        records::{to_json, AccountRecord, LeadershipRecord, MemberRecord, ACCOUNT_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// A change as typed: which, on what day, why.
#[derive(Clone, Debug, Default)]
pub struct StandingForm {
    pub change: String,
    pub on: String,
    pub reason: String,
}

/// What the rules check a change against, read from the dues records: the same reading as the
/// change's own under its lock (`StandingFactsTx`), so the form offers what the change allows.
async fn facts(db: &Db, found: &repo::Located) -> ServiceResult<StandingFacts> {
    let billing = crate::dues::bills::billing_month(db).await?;
    Ok(with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.standing_facts(found.member.id, billing).await?
    }))
}

/// The member's unpaid months before the billing month, and whether the branch noted a good
/// reason for them.
trait StandingFactsTx {
    fn standing_facts(
        &mut self,
        member_id: MemberId,
        billing: Option<domain::YearMonth>,
    ) -> impl std::future::Future<Output = sqlx::Result<StandingFacts>> + Send;
}

macro_rules! impl_standing_facts_tx {
    ($db:ty) => {
        impl StandingFactsTx for sqlx::Transaction<'static, $db> {
            async fn standing_facts(
                &mut self,
                member_id: MemberId,
                billing: Option<domain::YearMonth>,
            ) -> sqlx::Result<StandingFacts> {
                let arrears_months: i64 = match billing {
                    None => 0,
                    Some(month) => {
                        sqlx::query_scalar(
                            "SELECT COUNT(*) FROM dues_bills WHERE member_id = $1 \
                             AND kind = 'monthly' AND paid_at IS NULL AND month < $2",
                        )
                        .bind(member_id)
                        .bind(month.to_string())
                        .fetch_one(&mut **self)
                        .await?
                    }
                };
                let noted: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM dues_arrears_notes WHERE member_id = $1",
                )
                .bind(member_id)
                .fetch_one(&mut **self)
                .await?;
                Ok(StandingFacts {
                    arrears_months: u32::try_from(arrears_months).unwrap_or(u32::MAX),
                    good_reason: noted > 0,
                })
            }
        }
    };
}
impl_standing_facts_tx!(sqlx::Sqlite);
impl_standing_facts_tx!(sqlx::Postgres);

/// The changes `actor` may record for the member now (for the file's form).
pub async fn changes_open(
    db: &Db,
    actor: &Actor,
    found: &repo::Located,
) -> ServiceResult<Vec<StandingChange>> {
    let reach = actor.reach_member(found.member.id, &found.org_path);
    if !actor.may(Action::ChangeStanding, reach) || found.member.standing.has_left() {
        return Ok(Vec::new());
    }
    let facts = facts(db, found).await?;
    Ok(StandingChange::ALL
        .iter()
        .copied()
        .filter(|c| apply(found.member.standing, *c, facts).is_ok())
        .collect())
}

/// Records the change; the member's new file.
pub async fn change(
    db: &Db,
    actor: &Actor,
    member_id: MemberId,
    form: &StandingForm,
) -> ServiceResult<MemberRecord> {
    let (found, _) = repo::locate(db, actor, member_id, Action::ChangeStanding).await?;
    let change = StandingChange::parse(&form.change)
        .map_err(|c| ServiceError::field("standing_change", c))?;
    let on = Date::parse(form.on.trim()).map_err(|c| ServiceError::field("standing_on", c))?;
    let today = clock::today_china();
    if on > today || on < Date::parse(&found.member.joined_on).unwrap_or(on) {
        return Err(ServiceError::field("standing_on", ErrorCode::InvalidDate));
    }
    let reason = text("standing_reason", &form.reason, 1, 200)?;
    let billing = crate::dues::bills::billing_month(db).await?;
    let after = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Read under the lock: a payment credited meanwhile counts (自行脱党 needs the arrears).
        let facts = tx.standing_facts(member_id, billing).await?;
        let before = tx.member_row(member_id).await?;
        let standing = apply(before.standing, change, facts)?;
        let after = MemberRecord {
            standing,
            standing_since: Some(on.to_string()),
            standing_reason: Some(reason.clone()),
            ..before.clone()
        };
        sqlx::query(
            "UPDATE members SET standing = $1, standing_since = $2, standing_reason = $3 WHERE id = $4",
        )
        .bind(after.standing)
        .bind(&after.standing_since)
        .bind(&after.standing_reason)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        let mut changes = vec![Change {
            actor: Some(actor.account_id),
            action: "member.standing",
            entity: "members",
            entity_id: Some(member_id.to_string()),
            before: Some(to_json(&before)),
            after: Some(to_json(&after)),
        }];
        if standing.has_left() {
            changes.extend(tx.leave(actor.account_id, member_id).await?);
        }
        if !standing.counts() {
            changes.extend(tx.withdraw_open(actor.account_id, member_id, change.label_zh()).await?);
        }
        tx.append_all(changes).await?;
        tx.recount_org(before.org_id).await?;
        tx.notify_admins_of(
            before.org_id,
            "党籍状态变更",
            &format!("{}：{}（{on}，{reason}）", before.name, change.label_zh()),
            &format!("/members/{member_id}#standing"),
        )
        .await?;
        tx.commit().await?;
        after
    });
    tracing::info!(
        account_id = actor.account_id.get(),
        member_id = member_id.get(),
        change = change.code(),
        "member standing changed"
    );
    Ok(after)
}

/// What leaving for good does besides the standing: seats on leadership teams fall vacant (the
/// team's history keeps them) and nobody signs in as the member any more. The trail events of
/// it, for the caller to append with its own.
pub trait LeavingTx {
    fn leave(
        &mut self,
        actor: AccountId,
        member_id: MemberId,
    ) -> impl std::future::Future<Output = sqlx::Result<Vec<Change<'static>>>> + Send;
}

macro_rules! impl_leaving_tx {
    ($db:ty) => {
        impl LeavingTx for sqlx::Transaction<'static, $db> {
            async fn leave(
                &mut self,
                actor: AccountId,
                member_id: MemberId,
            ) -> sqlx::Result<Vec<Change<'static>>> {
                let mut out = Vec::new();
                // Their seats on leadership teams fall vacant; the team's history keeps them.
                let seats: Vec<LeadershipRecord> = sqlx::query_as(
                    "SELECT org_id, member_id, position, since FROM leadership WHERE member_id = $1",
                )
                .bind(member_id)
                .fetch_all(&mut **self)
                .await?;
                sqlx::query("DELETE FROM leadership WHERE member_id = $1")
                    .bind(member_id)
                    .execute(&mut **self)
                    .await?;
                out.extend(seats.iter().map(|s| Change {
                    actor: Some(actor),
                    action: "leader.remove",
                    entity: "leadership",
                    entity_id: Some(format!("{}/{}/{}", s.org_id, s.member_id, s.position)),
                    before: Some(to_json(s)),
                    after: None,
                }));
                // Nobody signs in as them any more.
                let account: Option<AccountRecord> = sqlx::query_as(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE member_id = $1"
                ))
                .bind(member_id)
                .fetch_optional(&mut **self)
                .await?;
                if let Some(was) = account.filter(|a| a.disabled == 0) {
                    let now = AccountRecord { disabled: 1, ..was.clone() };
                    sqlx::query("UPDATE accounts SET disabled = 1 WHERE id = $1")
                        .bind(was.id)
                        .execute(&mut **self)
                        .await?;
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                        .bind(was.id)
                        .execute(&mut **self)
                        .await?;
                    out.push(Change {
                        actor: Some(actor),
                        action: "account.disable",
                        entity: "accounts",
                        entity_id: Some(was.id.to_string()),
                        before: Some(to_json(&was)),
                        after: Some(to_json(&now)),
                    });
                }
                Ok(out)
            }
        }
    };
}
impl_leaving_tx!(sqlx::Sqlite);
impl_leaving_tx!(sqlx::Postgres);
