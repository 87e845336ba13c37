//! Organizations with the permission check first, for the JSON API and the app.

use crate::error::ServiceResult;
use app::{
    members::Roster,
    orgs::{OrgInfo, OrgManage, OrgView},
};
use domain::{access::Action, ErrorCode, OrgId};

use super::{children, info, locate, update_term, NewOrg, TermPatch};
use crate::{
    access::Actor, members::roster as roster_page, storage::Db, trail::records::OrgRecord,
};

pub const MAX_PER_PAGE: i64 = 100;
/// How deep a roster may be paged: ten times the reference county's members.
pub const MAX_ROSTER_ROWS: i64 = 200_000;

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
    let history = if may_list {
        super::history::history(db, org.id, 30).await?
    } else {
        Vec::new()
    };
    let manage = manage(db, actor, &org).await?;
    Ok(OrgView {
        info: info(db, org).await?,
        children,
        roster,
        manage,
        history,
    })
}

/// The forms `/org` offers the reader for this organization, if any.
async fn manage(db: &Db, actor: &Actor, org: &OrgRecord) -> ServiceResult<Option<OrgManage>> {
    if org.dissolved_at.is_some() {
        return Ok(None);
    }
    let reach = actor.reach_org(&org.path);
    let child_kinds = if actor.may(Action::CreateOrg, reach) {
        domain::org::reshape::child_kinds(org.kind)
            .into_iter()
            .map(|k| (k.code().to_string(), k.label_zh().to_string()))
            .collect()
    } else {
        Vec::new()
    };
    let may_reshape = actor.may(Action::ReshapeOrg, reach);
    let parents = if may_reshape {
        super::move_targets(db, &actor.scope_path, org).await?
    } else {
        Vec::new()
    };
    let merge_into = if may_reshape {
        super::merge_targets(db, &actor.scope_path, org).await?
    } else {
        Vec::new()
    };
    let may_set_term = actor.may(Action::EditOrg, reach);
    let (candidates, more_candidates) = if may_set_term {
        super::team_candidates(db, &org.path, app::orgs::MAX_CANDIDATES).await?
    } else {
        (Vec::new(), false)
    };
    let manage = OrgManage {
        child_kinds,
        may_reshape,
        parents,
        may_set_term,
        term_years: org.kind.term_years(org.is_village != 0),
        may_dissolve: may_reshape && org.parent_id.is_some(),
        merge_into,
        candidates,
        more_candidates,
    };
    Ok(
        (!manage.child_kinds.is_empty() || manage.may_reshape || manage.may_set_term)
            .then_some(manage),
    )
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    parent_id: OrgId,
    form: &NewOrg,
) -> ServiceResult<OrgInfo> {
    let record = super::create_child(db, actor, parent_id, form).await?;
    info(db, record).await
}

pub async fn rename(db: &Db, actor: &Actor, org_id: OrgId, name: &str) -> ServiceResult<OrgInfo> {
    let record = super::rename(db, actor, org_id, name).await?;
    info(db, record).await
}

pub async fn dissolve(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<OrgInfo> {
    let record = super::dissolve(db, actor, org_id).await?;
    info(db, record).await
}

/// 合并: `org_id` into `into`; the branch that remains and how many members moved.
pub async fn merge(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    into: OrgId,
) -> ServiceResult<(OrgInfo, usize)> {
    let merged = super::merge(db, actor, org_id, into).await?;
    Ok((info(db, merged.into).await?, merged.members))
}

pub async fn move_under(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    parent_id: OrgId,
) -> ServiceResult<OrgInfo> {
    let record = super::move_under(db, actor, org_id, parent_id).await?;
    info(db, record).await
}

/// The org's history (readers of its roster).
pub async fn history(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
) -> ServiceResult<Vec<app::members::HistoryEntry>> {
    let org = locate(db, actor, org_id, Action::ListMembers).await?;
    super::history::history(db, org.id, 200).await
}

/// A new term from its start and length in years (the default for the kind when absent).
pub async fn set_term_years(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    start: &str,
    years: Option<u8>,
) -> ServiceResult<OrgInfo> {
    let org = super::live(locate(db, actor, org_id, Action::EditOrg).await?)?;
    let start = domain::Date::parse(start.trim())
        .map_err(|c| crate::error::ServiceError::field("term_start", c))?;
    let years = years
        .or_else(|| org.kind.term_years(org.is_village != 0))
        .filter(|y| (1..=5).contains(y))
        .ok_or(crate::error::ServiceError::field(
            "term_years",
            ErrorCode::InvalidPeriod,
        ))?;
    let end = start
        .add_years(i32::from(years))
        .map_err(|c| crate::error::ServiceError::field("term_start", c))?;
    let updated = update_term(db, actor.account_id, org.id, start, end).await?;
    info(db, updated).await
}

pub async fn set_term(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    patch: &TermPatch,
) -> ServiceResult<Result<OrgInfo, (&'static str, ErrorCode)>> {
    let org = super::live(locate(db, actor, org_id, Action::EditOrg).await?)?;
    let (start, end) = match patch.validate() {
        Ok(dates) => dates,
        Err(field) => return Ok(Err(field)),
    };
    let updated = update_term(db, actor.account_id, org.id, start, end).await?;
    Ok(Ok(info(db, updated).await?))
}
