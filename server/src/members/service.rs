//! Members' files with the permission check first: what the JSON API and the app's server
//! functions both call.

use crate::error::ServiceResult;
use app::members::{HistoryEntry, MemberFile, MemberPatch, MemberView};
use domain::{access::Action, ErrorCode, MemberId};

use super::{history, positions, repo, update, view::member_file};
use crate::{access::Actor, storage::Db};

async fn locate(
    db: &Db,
    actor: &Actor,
    id: MemberId,
    action: Action,
) -> ServiceResult<(repo::Located, domain::access::Reach)> {
    let found = repo::find(db, id).await?.ok_or(ErrorCode::NotFound)?;
    let reach = actor.reach_member(found.member.id, &found.org_path);
    actor.require(action, reach)?;
    Ok((found, reach))
}

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
    Ok(MemberView {
        file: member_file(found.member, found.org_name, positions, full),
        history,
        can_edit: actor.may(Action::EditMemberFile, reach),
        year,
    })
}

pub async fn edit(
    db: &Db,
    actor: &Actor,
    id: MemberId,
    patch: &MemberPatch,
) -> ServiceResult<MemberFile> {
    let (found, reach) = locate(db, actor, id, Action::EditMemberFile).await?;
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
