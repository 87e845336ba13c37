//! Members' files with the permission check first: what the JSON API and the app's server
//! functions both call.

use crate::error::ServiceResult;
use app::members::{
    ConversionView, HistoryEntry, MemberFile, MemberPatch, MemberView, ProbationView, StandingView,
};
use domain::{access::Action, ErrorCode, MemberId, Role};

use super::{
    history, positions, probation,
    repo::{locate, Located},
    update,
    view::member_file,
};
use crate::{access::Actor, storage::Db, trail::records::MemberRecord, with_pool};

pub async fn file(db: &Db, actor: &Actor, id: MemberId) -> ServiceResult<MemberFile> {
    let (found, reach) = locate(db, actor, id, Action::ViewMemberFile).await?;
    let full = actor.may(Action::ViewMemberIdentity, reach);
    let positions = positions(db, found.member.id).await?;
    Ok(member_file(found.member, found.org_name, positions, full))
}

pub async fn history_of(db: &Db, actor: &Actor, id: MemberId) -> ServiceResult<Vec<HistoryEntry>> {
    let (found, reach) = locate(db, actor, id, Action::ViewMemberFile).await?;
    history(
        db,
        found.member.id,
        actor.may(Action::ViewMemberIdentity, reach),
    )
    .await
}

/// The file, its history, and whether this reader may edit it.
pub async fn view(db: &Db, actor: &Actor, id: MemberId) -> ServiceResult<MemberView> {
    let (found, reach) = locate(db, actor, id, Action::ViewMemberFile).await?;
    let full = actor.may(Action::ViewMemberIdentity, reach);
    let history = history(db, found.member.id, full).await?;
    let positions = positions(db, found.member.id).await?;
    let year = super::year::year(db, &found, crate::clock::today_china()).await?;
    let probation = probation_view(db, actor, &found, reach).await?;
    let standing = StandingView {
        standing: found.member.standing,
        since: found.member.standing_since.clone(),
        reason: found.member.standing_reason.clone(),
        changes: super::standing::changes_open(db, actor, &found).await?,
    };
    let can_edit = actor.may(Action::EditMemberFile, reach) && !found.member.standing.has_left();
    Ok(MemberView {
        file: member_file(found.member, found.org_name, positions, full),
        history,
        can_edit,
        year,
        probation,
        standing,
    })
}

/// The probation and its proposals, for a probationary member or one who had proposals.
async fn probation_view(
    db: &Db,
    actor: &Actor,
    found: &Located,
    reach: domain::access::Reach,
) -> ServiceResult<Option<ProbationView>> {
    let m = &found.member;
    let records = probation::proposals(db, m.id).await?;
    let probationary = m.status == domain::MemberStatus::Probationary;
    if !probationary && records.is_empty() {
        return Ok(None);
    }
    let open = records
        .iter()
        .any(|r| r.state == domain::probation::ConversionState::Proposed);
    let active = m.standing == domain::standing::Standing::Active;
    let proposals = records
        .into_iter()
        .map(|r| {
            // Closed by a standing change, not decided by the committee.
            let (closed, why) = if r.state == domain::probation::ConversionState::Withdrawn {
                ("撤回于", "原因")
            } else {
                ("审批于", "意见")
            };
            ConversionView {
                id: r.id,
                state: r.state,
                carried: r.in_favour * 2 > r.entitled,
                meeting_on: r.meeting_on,
                entitled: r.entitled,
                in_favour: r.in_favour,
                against: r.against,
                abstaining: r.abstaining,
                proposed_at: crate::clock::china_minute_of(&r.proposed_at),
                closed: r
                    .decided_at
                    .as_deref()
                    .map(|d| format!("{closed} {}", crate::clock::china_minute_of(d))),
                extension_months: r.extension_months,
                note: r.note.map(|n| format!("{why}：{n}")),
            }
        })
        .collect();
    Ok(Some(ProbationView {
        ends_on: probation::ends_on(m)?.to_string(),
        extension_months: m.probation_extension_months,
        proposals,
        may_propose: probationary && active && !open && actor.may(Action::ProposeConversion, reach),
        may_decide: open && active && actor.may(Action::DecideConversion, reach),
    }))
}

pub async fn edit(
    db: &Db,
    actor: &Actor,
    id: MemberId,
    patch: &MemberPatch,
) -> ServiceResult<MemberFile> {
    let (found, reach) = locate(db, actor, id, Action::EditMemberFile).await?;
    // Full or probationary, and since when, change through the committee's decision (转正); a
    // correction of them is for those who make that decision (docs/rules.md).
    if !actor.may(Action::DecideConversion, reach) {
        if let Ok(next) = super::update::apply(patch, &found.member) {
            if next.status != found.member.status || next.full_on != found.member.full_on {
                return Err(crate::error::ServiceError::field(
                    "status",
                    ErrorCode::NotPermittedForRole,
                ));
            }
        }
    }
    if let Ok(next) = super::update::apply(patch, &found.member) {
        // One's own file: the contact fields only; the record is kept from above
        // (docs/security.md#self-service).
        if actor.member_id == Some(found.member.id) && !contact_only(&found.member, &next) {
            return Err(ErrorCode::OwnFileContactOnly.into());
        }
        // The mobile on a file is its owner's login: only someone who outranks that account
        // changes it.
        if next.mobile != found.member.mobile {
            if !outranks(db, actor, found.member.id).await? {
                return Err(ErrorCode::LoginIdentityOutranked.into());
            }
            if let Some(code) = mobile_held(db, actor, found.member.id, &next.mobile).await? {
                return Err(code.into());
            }
        }
    }
    let updated = update(db, actor.account_id, found.member.id, patch).await?;
    tracing::info!(
        account_id = actor.account_id.get(),
        member_id = updated.id.get(),
        "member file updated"
    );
    let full = actor.may(Action::ViewMemberIdentity, reach);
    let positions = positions(db, updated.id).await?;
    Ok(member_file(updated, found.org_name, positions, full))
}

/// Whether `next` differs from `current` in the contact fields alone (job, employer, where a
/// flowing member works).
fn contact_only(current: &MemberRecord, next: &MemberRecord) -> bool {
    let kept = MemberRecord {
        job: current.job.clone(),
        employer: current.employer.clone(),
        flowing_destination: current.flowing_destination.clone(),
        ..next.clone()
    };
    kept == *current
}

/// Whether `actor` outranks the account of `member` (none: anyone who may edit the file):
/// every administrator scope the account holds lies strictly below the actor's, or the actor
/// administers the county (whose administrators are peers with nobody above them).
async fn outranks(db: &Db, actor: &Actor, member: MemberId) -> ServiceResult<bool> {
    if actor.role == Role::CountyAdmin {
        return Ok(true);
    }
    let scopes: Vec<(i64, domain::OrgPath)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT r.account_id, o.path FROM account_roles r \
             JOIN accounts a ON a.id = r.account_id \
             JOIN organizations o ON o.id = r.scope_org_id \
             WHERE a.member_id = $1 AND r.role <> 'member'",
        )
        .bind(member)
        .fetch_all(pool)
        .await?
    });
    let own = actor.scope_path.as_str();
    Ok(scopes.iter().all(|(account, path)| {
        *account != actor.account_id.get() && path.as_str() != own && path.as_str().starts_with(own)
    }))
}

/// Whether `mobile` is someone else's (a member's file or a login): `MobileTaken` when that
/// someone is within the editor's reach, else a refusal that does not say the number belongs to
/// anyone in the county (docs/security.md#self-service).
async fn mobile_held(
    db: &Db,
    actor: &Actor,
    member: MemberId,
    mobile: &str,
) -> ServiceResult<Option<ErrorCode>> {
    let holders: Vec<domain::OrgPath> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT o.path FROM members m JOIN organizations o ON o.id = m.org_id \
             WHERE m.mobile = $1 AND m.id <> $2 \
             UNION ALL \
             SELECT o.path FROM accounts a \
             JOIN organizations o ON o.id = COALESCE((SELECT x.org_id FROM members x WHERE x.id = a.member_id), a.scope_org_id) \
             WHERE a.mobile = $1 AND (a.member_id IS NULL OR a.member_id <> $2)",
        )
        .bind(mobile)
        .bind(member)
        .fetch_all(pool)
        .await?
    });
    Ok(match holders.first() {
        None => None,
        Some(_)
            if holders
                .iter()
                .all(|p| p.as_str().starts_with(actor.scope_path.as_str())) =>
        {
            Some(ErrorCode::MobileTaken)
        }
        Some(_) => Some(ErrorCode::MobileUnavailable),
    })
}
