//! Members' files with the permission check first: what the JSON API and the app's server
//! functions both call.

use crate::error::ServiceResult;
use app::members::{
    ConversionView, HistoryEntry, MemberFile, MemberPatch, MemberView, ProbationView, StandingView,
};
use domain::{access::Action, MemberId};

use super::{
    history, positions, probation,
    repo::{locate, Located},
    update,
    view::member_file,
};
use crate::{access::Actor, storage::Db};

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
        .map(|r| ConversionView {
            id: r.id,
            state: r.state,
            carried: r.in_favour * 2 > r.entitled,
            meeting_on: r.meeting_on,
            entitled: r.entitled,
            in_favour: r.in_favour,
            against: r.against,
            abstaining: r.abstaining,
            proposed_at: crate::clock::china_minute_of(&r.proposed_at),
            decided_at: r.decided_at.as_deref().map(crate::clock::china_minute_of),
            extension_months: r.extension_months,
            note: r.note,
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
                    domain::ErrorCode::NotPermittedForRole,
                ));
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
