//! 预备党员转正 applied: the branch files its assembly's proposal, the committee above decides
//! it; the member file, the boards and the reminders follow
//! (docs/rules.md#admission-to-full-membership). What may happen next is `domain::probation`.

use domain::{
    access::Action,
    deadlines::probation_end,
    probation::{
        decide as rule, AssemblyVote, ConversionDecision, ConversionState, Outcome, Proposal,
    },
    standing::Standing,
    Date, ErrorCode, MemberId, MemberStatus, OrgId,
};

use super::{
    repo::{self, MemberTx},
    standing::LeavingTx,
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
        records::{to_json, MemberRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// A proposal's row; also what its trail events record.
#[derive(
    Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, sqlx::FromRow, utoipa::ToSchema,
)]
pub struct ConversionRecord {
    pub id: i64,
    pub member_id: MemberId,
    pub org_id: OrgId,
    pub state: ConversionState,
    pub meeting_on: String,
    pub entitled: i64,
    pub in_favour: i64,
    pub against: i64,
    pub abstaining: i64,
    pub proposed_by: domain::AccountId,
    pub proposed_at: String,
    pub decided_by: Option<domain::AccountId>,
    pub decided_at: Option<String>,
    pub extension_months: Option<i64>,
    pub note: Option<String>,
}

const CONVERSION_COLUMNS: &str = "id, member_id, org_id, state, meeting_on, entitled, in_favour, \
    against, abstaining, proposed_by, proposed_at, decided_by, decided_at, extension_months, note";

/// Inside a standing change's transaction (`super::standing`): an open 转正 proposal closes
/// undecided when the member stops counting (docs/rules.md#standing-changes). The trail event of
/// it, for the caller to append with its own.
pub trait ConversionTx {
    fn withdraw_open(
        &mut self,
        actor: domain::AccountId,
        member_id: MemberId,
        note: &str,
    ) -> impl std::future::Future<Output = ServiceResult<Option<Change<'static>>>> + Send;
}

macro_rules! impl_conversion_tx {
    ($db:ty) => {
        impl ConversionTx for sqlx::Transaction<'static, $db> {
            async fn withdraw_open(
                &mut self,
                actor: domain::AccountId,
                member_id: MemberId,
                note: &str,
            ) -> ServiceResult<Option<Change<'static>>> {
                let open: Option<ConversionRecord> = sqlx::query_as(&format!(
                    "SELECT {CONVERSION_COLUMNS} FROM conversions WHERE member_id = $1 AND state = 'proposed'"
                ))
                .bind(member_id)
                .fetch_optional(&mut **self)
                .await?;
                let Some(before) = open else {
                    return Ok(None);
                };
                let after = ConversionRecord {
                    state: domain::probation::withdraw(before.state)?,
                    decided_at: Some(clock::now_rfc3339()),
                    note: Some(note.to_string()),
                    ..before.clone()
                };
                sqlx::query(
                    "UPDATE conversions SET state = $1, decided_at = $2, note = $3 WHERE id = $4",
                )
                .bind(after.state)
                .bind(&after.decided_at)
                .bind(&after.note)
                .bind(after.id)
                .execute(&mut **self)
                .await?;
                // The committee was told of the proposal: it hears that there is nothing to decide.
                let parent: Option<OrgId> =
                    sqlx::query_scalar("SELECT parent_id FROM organizations WHERE id = $1")
                        .bind(after.org_id)
                        .fetch_one(&mut **self)
                        .await?;
                if let Some(parent) = parent {
                    self.notify_admins_of(
                        parent,
                        "转正申请已撤回",
                        &format!("预备党员的党籍状态变更（{note}），其转正申请不再审批"),
                        &format!("/members/{member_id}#probation"),
                    )
                    .await?;
                }
                Ok(Some(Change {
                    actor: Some(actor),
                    action: "conversion.withdraw",
                    entity: "conversions",
                    entity_id: Some(after.id.to_string()),
                    before: Some(to_json(&before)),
                    after: Some(to_json(&after)),
                }))
            }
        }
    };
}
impl_conversion_tx!(sqlx::Sqlite);
impl_conversion_tx!(sqlx::Postgres);

/// The branch assembly's proposal as typed.
#[derive(Clone, Debug, Default)]
pub struct ProposalForm {
    pub meeting_on: String,
    pub entitled: String,
    pub in_favour: String,
    pub against: String,
    pub abstaining: String,
}

fn count(field: &'static str, v: &str) -> ServiceResult<u32> {
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 100_000)
        .ok_or(ServiceError::field(field, ErrorCode::ConversionVoteInvalid))
}

/// The vote as typed, checked.
fn vote_of(form: &ProposalForm) -> ServiceResult<AssemblyVote> {
    let vote = AssemblyVote::new(
        count("conversion_entitled", &form.entitled)?,
        count("conversion_in_favour", &form.in_favour)?,
        count("conversion_against", &form.against)?,
        count("conversion_abstaining", &form.abstaining)?,
    );
    vote.map_err(|code| match code {
        ErrorCode::ConversionNoQuorum => ServiceError::Code(code),
        _ => ServiceError::field("conversion_in_favour", code),
    })
}

fn date_of(record: &str) -> ServiceResult<Date> {
    Date::parse(record).map_err(|e| ServiceError::internal("reading a stored date", e))
}

fn extension(m: &MemberRecord) -> ServiceResult<Option<u8>> {
    m.probation_extension_months
        .map(|n| u8::try_from(n).map_err(|e| ServiceError::internal("reading an extension", e)))
        .transpose()
}

/// The member may be proposed: probationary and on the rolls.
fn proposable(m: &MemberRecord) -> ServiceResult<()> {
    if m.standing.has_left() {
        return Err(ErrorCode::MemberHasLeft.into());
    }
    if m.status != MemberStatus::Probationary || m.standing != Standing::Active {
        return Err(ErrorCode::NotProbationary.into());
    }
    Ok(())
}

/// The day a probationary member's probation ends, any extension included.
pub fn ends_on(m: &MemberRecord) -> ServiceResult<Date> {
    Ok(probation_end(date_of(&m.joined_on)?, extension(m)?)?)
}

/// Files the branch assembly's proposal for `member_id`; the committee above is told.
pub async fn propose(
    db: &Db,
    actor: &Actor,
    member_id: MemberId,
    form: &ProposalForm,
) -> ServiceResult<ConversionRecord> {
    let (found, _) = repo::locate(db, actor, member_id, Action::ProposeConversion).await?;
    let meeting_on = Date::parse(form.meeting_on.trim())
        .map_err(|c| ServiceError::field("conversion_meeting_on", c))?;
    let vote = vote_of(form)?;
    let today = clock::today_china();
    let now = clock::now_rfc3339();
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let member = tx.member_row(member_id).await?;
        proposable(&member)?;
        Proposal::new(date_of(&member.joined_on)?, extension(&member)?, meeting_on, vote, today)
            .map_err(|c| match c {
                ErrorCode::InvalidDate | ErrorCode::ConversionTooEarly => {
                    ServiceError::field("conversion_meeting_on", c)
                }
                c => c.into(),
            })?;
        // Only the branch's full members on the rolls vote (docs/rules.md#branch-assembly-quorum).
        let voters: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE org_id = $1 AND status = 'full' AND standing = 'active'",
        )
        .bind(member.org_id)
        .fetch_one(&mut *tx)
        .await?;
        if i64::from(vote.entitled) > voters {
            return Err(ServiceError::Detail {
                code: ErrorCode::ConversionVoteInvalid,
                detail: format!("本支部在册正式党员 {voters} 名，应到会人数不能多于此数"),
            });
        }
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM conversions WHERE member_id = $1 AND state = 'proposed'",
        )
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Err(ErrorCode::ConversionOpen.into());
        }
        let record: ConversionRecord = sqlx::query_as(&format!(
            "INSERT INTO conversions (member_id, org_id, state, meeting_on, entitled, in_favour, \
             against, abstaining, proposed_by, proposed_at) \
             VALUES ($1, $2, 'proposed', $3, $4, $5, $6, $7, $8, $9) RETURNING {CONVERSION_COLUMNS}"
        ))
        .bind(member_id)
        .bind(member.org_id)
        .bind(meeting_on.to_string())
        .bind(i64::from(vote.entitled))
        .bind(i64::from(vote.in_favour))
        .bind(i64::from(vote.against))
        .bind(i64::from(vote.abstaining))
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "conversion.propose",
            entity: "conversions",
            entity_id: Some(record.id.to_string()),
            before: None,
            after: Some(to_json(&record)),
        })
        .await?;
        // The committee above decides; the county decides for branches directly under it.
        if let Some(parent) = found.org_path.parent() {
            tx.notify_admins_of(
                parent.id(),
                "转正申请待审批",
                &format!(
                    "{}报请预备党员{}转正（支部党员大会 {meeting_on}，赞成 {} / 应到 {}）",
                    found.org_name, member.name, vote.in_favour, vote.entitled
                ),
                &format!("/members/{member_id}#probation"),
            )
            .await?;
        }
        tx.commit().await?;
        record
    });
    tracing::info!(
        account_id = actor.account_id.get(),
        member_id = member_id.get(),
        "conversion proposed"
    );
    Ok(record)
}

/// The committee's decision as typed.
#[derive(Clone, Debug, Default)]
pub struct DecisionForm {
    pub decision: String,
    /// Extension months (`extend` only).
    pub months: String,
    pub note: String,
}

/// Decides the open proposal for `member_id`: the member becomes full (from the day the
/// probation ended), stays probationary for the extension, or leaves (取消预备党员资格).
pub async fn decide(
    db: &Db,
    actor: &Actor,
    member_id: MemberId,
    conversion_id: i64,
    form: &DecisionForm,
) -> ServiceResult<ConversionRecord> {
    repo::locate(db, actor, member_id, Action::DecideConversion).await?;
    let decision = ConversionDecision::parse(&form.decision)
        .map_err(|c| ServiceError::field("conversion_decision", c))?;
    let months = match (decision, form.months.trim()) {
        (ConversionDecision::Extend, m) => Some(m.parse::<u8>().map_err(|_| {
            ServiceError::field("conversion_months", ErrorCode::InvalidProbationExtension)
        })?),
        _ => None,
    };
    let note = match form.note.trim() {
        "" if decision == ConversionDecision::Revoke => {
            return Err(ServiceError::field(
                "conversion_note",
                ErrorCode::BadRequest,
            ))
        }
        "" => None,
        n => Some(text("conversion_note", n, 1, 200)?),
    };
    let today = clock::today_china();
    let now = clock::now_rfc3339();
    let record = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: ConversionRecord = sqlx::query_as(&format!(
            "SELECT {CONVERSION_COLUMNS} FROM conversions WHERE id = $1 AND member_id = $2"
        ))
        .bind(conversion_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ErrorCode::NotFound)?;
        let member = tx.member_row(member_id).await?;
        if before.state == ConversionState::Proposed {
            proposable(&member)?;
        }
        let vote = AssemblyVote::new(
            u32::try_from(before.entitled).unwrap_or(0),
            u32::try_from(before.in_favour).unwrap_or(0),
            u32::try_from(before.against).unwrap_or(0),
            u32::try_from(before.abstaining).unwrap_or(0),
        )?;
        let proposal = Proposal {
            admitted_on: date_of(&member.joined_on)?,
            extension_months: extension(&member)?,
            meeting_on: date_of(&before.meeting_on)?,
            vote,
        };
        let outcome = rule(before.state, &proposal, decision, months)
            .map_err(|c| match c {
                ErrorCode::InvalidProbationExtension => ServiceError::field("conversion_months", c),
                c => c.into(),
            })?;
        let after_member = match outcome {
            Outcome::Full { full_on } => MemberRecord {
                status: MemberStatus::Full,
                full_on: Some(full_on.to_string()),
                ..member.clone()
            },
            Outcome::Extended { months, .. } => MemberRecord {
                probation_extension_months: Some(i64::from(months)),
                ..member.clone()
            },
            Outcome::Revoked => MemberRecord {
                standing: Standing::Revoked,
                standing_since: Some(today.to_string()),
                standing_reason: note.clone(),
                ..member.clone()
            },
        };
        sqlx::query(
            "UPDATE members SET status = $1, full_on = $2, probation_extension_months = $3, \
             standing = $4, standing_since = $5, standing_reason = $6 WHERE id = $7",
        )
        .bind(after_member.status)
        .bind(&after_member.full_on)
        .bind(after_member.probation_extension_months)
        .bind(after_member.standing)
        .bind(&after_member.standing_since)
        .bind(&after_member.standing_reason)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        let record: ConversionRecord = sqlx::query_as(&format!(
            "UPDATE conversions SET state = $1, decided_by = $2, decided_at = $3, \
             extension_months = $4, note = $5 WHERE id = $6 RETURNING {CONVERSION_COLUMNS}"
        ))
        .bind(outcome.state())
        .bind(actor.account_id)
        .bind(&now)
        .bind(months.map(i64::from))
        .bind(&note)
        .bind(before.id)
        .fetch_one(&mut *tx)
        .await?;
        let member_action = match outcome {
            Outcome::Full { .. } => "member.convert",
            Outcome::Extended { .. } => "member.extend_probation",
            Outcome::Revoked => "member.revoke_probation",
        };
        tx.append_all(vec![
            Change {
                actor: Some(actor.account_id),
                action: "conversion.decide",
                entity: "conversions",
                entity_id: Some(record.id.to_string()),
                before: Some(to_json(&before)),
                after: Some(to_json(&record)),
            },
            Change {
                actor: Some(actor.account_id),
                action: member_action,
                entity: "members",
                entity_id: Some(member_id.to_string()),
                before: Some(to_json(&member)),
                after: Some(to_json(&after_member)),
            },
        ])
        .await?;
        if outcome == Outcome::Revoked {
            // Off the rolls for good: the board no longer counts the member, their seats and
            // sign-in end as for anyone who leaves.
            let left = tx.leave(actor.account_id, member_id).await?;
            tx.append_all(left).await?;
            tx.recount_org(member.org_id).await?;
        }
        let told = match outcome {
            Outcome::Full { full_on } => format!("预备党员{}已批准转为正式党员，转正日期 {full_on}", member.name),
            Outcome::Extended { months, new_end } => format!(
                "{}的预备期延长 {months} 个月，至 {new_end} 届满，届时支部再讨论转正",
                member.name
            ),
            Outcome::Revoked => format!("已取消{}的预备党员资格", member.name),
        };
        let link = format!("/members/{member_id}#probation");
        tx.notify_admins_of(member.org_id, decision.label_zh(), &told, &link).await?;
        tx.notify_member(member_id, decision.label_zh(), &told, &link).await?;
        tx.commit().await?;
        record
    });
    tracing::info!(
        account_id = actor.account_id.get(),
        member_id = member_id.get(),
        decision = decision.code(),
        "conversion decided"
    );
    Ok(record)
}

/// Every proposal for a member, newest first.
pub async fn proposals(db: &Db, member_id: MemberId) -> ServiceResult<Vec<ConversionRecord>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT {CONVERSION_COLUMNS} FROM conversions WHERE member_id = $1 ORDER BY id DESC"
        ))
        .bind(member_id)
        .fetch_all(pool)
        .await?
    }))
}

/// Proposals waiting for `actor`'s decision, oldest first: (member, name, branch, assembly day).
pub async fn waiting(db: &Db, actor: &Actor, limit: i64) -> ServiceResult<Vec<Waiting>> {
    // Decided from above: the proposals of the organizations below the actor's scope.
    if !actor.may(Action::DecideConversion, domain::access::Reach::Below) {
        return Ok(Vec::new());
    }
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT c.member_id, m.name, o.name AS org_name, c.meeting_on FROM conversions c \
             JOIN members m ON m.id = c.member_id JOIN organizations o ON o.id = c.org_id \
             WHERE c.state = 'proposed' AND m.standing = 'active' AND o.path LIKE $1 AND o.id <> $2 \
             ORDER BY c.id LIMIT $3",
        )
        .bind(actor.scope_path.like_prefix())
        .bind(actor.scope_path.id())
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}

/// A proposal on the decider's list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Waiting {
    pub member_id: MemberId,
    pub name: String,
    pub org_name: String,
    pub meeting_on: String,
}
