//! Organizations with the permission check first, for the JSON API and the app.

use crate::error::ServiceResult;
use app::{
    members::Roster,
    orgs::{OrgInfo, OrgView},
};
use domain::{access::Action, ErrorCode, OrgId};

use super::{children, find, info, update_term, TermPatch};
use crate::{
    access::Actor, members::roster as roster_page, storage::Db, trail::records::OrgRecord,
};

pub const MAX_PER_PAGE: i64 = 100;

async fn locate(db: &Db, actor: &Actor, org_id: OrgId, action: Action) -> ServiceResult<OrgRecord> {
    let org = find(db, org_id).await?.ok_or(ErrorCode::NotFound)?;
    actor.require(action, actor.reach_org(&org.path))?;
    Ok(org)
}

pub async fn view(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<OrgInfo> {
    let org = locate(db, actor, org_id, Action::ViewOrg).await?;
    info(db, org).await
}

pub async fn roster(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    page: i64,
    per_page: i64,
) -> ServiceResult<Roster> {
    let org = locate(db, actor, org_id, Action::ListMembers).await?;
    let (total, members) = roster_page(db, &org.path, page, per_page).await?;
    Ok(Roster {
        org_id: org.id,
        org_kind: org.kind.label_zh().to_string(),
        org_name: org.name,
        total,
        page,
        per_page,
        members,
    })
}

/// `/org`: the organization (the reader's own scope by default), the organizations below it
/// that the reader may open, and one page of its roster when the reader may list members.
pub async fn overview(
    db: &Db,
    actor: &Actor,
    org_id: Option<OrgId>,
    page: i64,
) -> ServiceResult<OrgView> {
    let org = locate(
        db,
        actor,
        org_id.unwrap_or(actor.scope_org_id),
        Action::ViewOrg,
    )
    .await?;
    let may_list = actor.may(Action::ListMembers, actor.reach_org(&org.path));
    let children = if may_list {
        children(db, org.id).await?
    } else {
        Vec::new()
    };
    let roster = if may_list {
        Some(roster(db, actor, org.id, page, 20).await?)
    } else {
        None
    };
    Ok(OrgView {
        info: info(db, org).await?,
        children,
        roster,
    })
}

pub async fn set_term(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    patch: &TermPatch,
) -> ServiceResult<Result<OrgInfo, (&'static str, ErrorCode)>> {
    let org = locate(db, actor, org_id, Action::EditOrg).await?;
    let (start, end) = match patch.validate() {
        Ok(dates) => dates,
        Err(field) => return Ok(Err(field)),
    };
    let updated = update_term(db, actor.account_id, org.id, start, end).await?;
    Ok(Ok(info(db, updated).await?))
}
