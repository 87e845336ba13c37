//! 班子: seats on an organization's leadership team, filled from its own members (those of its
//! subtree) and vacated from above, each a trail event on `leadership`, so the team's history
//! is the trail's (docs/rules.md#leadership-teams).

use domain::{access::Action, org::leadership::Position, Date, ErrorCode, MemberId, OrgId, Role};

use super::{live, locate, logged};
use crate::{
    access::Actor,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, LeadershipRecord, OrgRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// What appointing or removing a secretary did to the organization's administrator role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFollow {
    /// Not asked for, or not a secretary.
    Untouched,
    Granted,
    Revoked,
    /// Asked for, but the member has no account yet, or already held (or no longer holds) it.
    NothingToDo,
}

/// The administrator role for an organization of this kind: none for the county root (its
/// administrators are the organization department's) or a party group.
fn admin_role(org: &OrgRecord) -> Option<Role> {
    [Role::CommitteeAdmin, Role::BranchAdmin]
        .into_iter()
        .find(|r| org.parent_id.is_some() && r.fits_scope(org.kind))
}

fn change(
    actor: &Actor,
    action: &'static str,
    before: Option<&LeadershipRecord>,
    after: Option<&LeadershipRecord>,
) -> Change<'static> {
    let key = before
        .or(after)
        .map(|r| format!("{}/{}/{}", r.org_id, r.member_id, r.position));
    Change {
        actor: Some(actor.account_id),
        action,
        entity: "leadership",
        entity_id: key,
        before: before.map(to_json),
        after: after.map(to_json),
    }
}

async fn account_of(db: &Db, member_id: MemberId) -> ServiceResult<Option<domain::AccountId>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM accounts WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(pool)
            .await?
    }))
}

/// Appoints `member_id` to `position` from `since`; with `grant_role`, a secretary also gets
/// the organization's administrator role.
pub async fn appoint(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    member_id: MemberId,
    position: &str,
    since: &str,
    grant_role: bool,
) -> ServiceResult<RoleFollow> {
    let org = live(locate(db, actor, org_id, Action::EditOrg).await?)?;
    let position = Position::parse(position).map_err(|c| ServiceError::field("position", c))?;
    let since = Date::parse(since.trim()).map_err(|c| ServiceError::field("since", c))?;
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ServiceError::field("leader", ErrorCode::NotOwnMember))?;
    if !org.path.contains(&member.org_path) {
        return Err(ServiceError::field("leader", ErrorCode::NotOwnMember));
    }
    if !member.member.standing.counts() {
        return Err(ServiceError::field("leader", ErrorCode::MemberHasLeft));
    }
    if !member.member.status.can_vote() {
        return Err(ServiceError::field(
            "leader",
            ErrorCode::ProbationaryNotEligible,
        ));
    }
    let record = LeadershipRecord {
        org_id: org.id,
        member_id,
        position: position.as_str().to_string(),
        since: since.to_string(),
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let holders: Vec<i64> = sqlx::query_scalar(
            "SELECT member_id FROM leadership WHERE org_id = $1 AND position = $2",
        )
        .bind(org.id)
        .bind(position.as_str())
        .fetch_all(&mut *tx)
        .await?;
        if holders.contains(&member_id.get()) || (position.is_single() && !holders.is_empty()) {
            return Err(ServiceError::field("position", ErrorCode::PositionTaken));
        }
        sqlx::query("INSERT INTO leadership (org_id, member_id, position, since) VALUES ($1, $2, $3, $4)")
            .bind(record.org_id)
            .bind(record.member_id)
            .bind(&record.position)
            .bind(&record.since)
            .execute(&mut *tx)
            .await?;
        tx.append(change(actor, "leader.appoint", None, Some(&record))).await?;
        tx.commit().await?;
    });
    logged(actor, org.id, "leader appointed");
    if !(grant_role && position.is_secretary()) {
        return Ok(RoleFollow::Untouched);
    }
    let (Some(role), Some(account)) = (admin_role(&org), account_of(db, member_id).await?) else {
        return Ok(RoleFollow::NothingToDo);
    };
    match crate::roles::grant(db, actor, account, role, org.id).await {
        Ok(_) => Ok(RoleFollow::Granted),
        Err(e) if e.code() == ErrorCode::RoleAlreadyHeld => Ok(RoleFollow::NothingToDo),
        Err(e) => Err(e),
    }
}

/// Vacates `position`: the member leaves the team; with `revoke_role`, a secretary also loses
/// the organization's administrator role.
pub async fn remove(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    member_id: MemberId,
    position: &str,
    revoke_role: bool,
) -> ServiceResult<RoleFollow> {
    let org = live(locate(db, actor, org_id, Action::EditOrg).await?)?;
    let position = Position::parse(position).map_err(|c| ServiceError::field("position", c))?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: LeadershipRecord = sqlx::query_as(
            "SELECT org_id, member_id, position, since FROM leadership \
             WHERE org_id = $1 AND member_id = $2 AND position = $3",
        )
        .bind(org.id)
        .bind(member_id)
        .bind(position.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ErrorCode::NotFound)?;
        sqlx::query("DELETE FROM leadership WHERE org_id = $1 AND member_id = $2 AND position = $3")
            .bind(org.id)
            .bind(member_id)
            .bind(position.as_str())
            .execute(&mut *tx)
            .await?;
        tx.append(change(actor, "leader.remove", Some(&before), None)).await?;
        tx.commit().await?;
    });
    logged(actor, org.id, "leader removed");
    if !(revoke_role && position.is_secretary()) {
        return Ok(RoleFollow::Untouched);
    }
    let (Some(role), Some(account)) = (admin_role(&org), account_of(db, member_id).await?) else {
        return Ok(RoleFollow::NothingToDo);
    };
    match crate::roles::revoke(db, actor, account, role, org.id).await {
        Ok(()) => Ok(RoleFollow::Revoked),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(RoleFollow::NothingToDo),
        Err(e) => Err(e),
    }
}
