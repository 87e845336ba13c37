//! What `/rankings` shows one reader. Administrators see the boards of the subtree they manage
//! in full; members see what the county's visibility policy allows (rules §4).

use app::rankings::{BranchBoard, BranchStanding, MemberBoard, RankingsView};
use domain::{
    ranking::{Board, Relation, Visibility, VisibilityPolicy},
    ErrorCode, Role,
};

use super::{branch_members, branches_under};
use crate::{access::Actor, orgs, settings, storage::Db, with_pool};

fn branch_board(
    title: String,
    rows: Vec<BranchStanding>,
    own: Option<i64>,
    keep: impl Fn(&BranchStanding) -> bool,
) -> Option<BranchBoard> {
    let total = rows.len();
    let rows: Vec<BranchStanding> = rows.into_iter().filter(|r| keep(r)).collect();
    (!rows.is_empty()).then_some(BranchBoard {
        title,
        rows,
        total,
        own_org_id: own,
    })
}

async fn root_path(db: &Db) -> Result<String, ErrorCode> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(pool)
            .await
            .map_err(crate::storage::internal)?
    }))
}

pub async fn view(db: &Db, actor: &Actor, year: i32) -> Result<RankingsView, ErrorCode> {
    let policy = settings::visibility(db).await?;
    let mut out = RankingsView {
        year,
        policy,
        can_configure: actor.role == Role::CountyAdmin,
        members: None,
        committee: None,
        county: None,
    };
    match actor.role {
        Role::CountyAdmin | Role::Auditor => {
            let rows = branches_under(db, &root_path(db).await?, year).await?;
            out.county = branch_board("全县支部排名".into(), rows, None, |_| true);
        }
        Role::CommitteeAdmin => {
            let committee = orgs::find(db, actor.scope_org_id)
                .await?
                .ok_or(ErrorCode::NotFound)?;
            let rows = branches_under(db, &committee.path, year).await?;
            out.committee = branch_board(
                format!("{} · 支部排名", committee.name),
                rows,
                None,
                |_| true,
            );
        }
        Role::Member | Role::BranchAdmin => {
            member_side(db, actor, &policy, year, &mut out).await?;
        }
    }
    Ok(out)
}

/// A member's (or branch secretary's) view: their branch's members, the branches of their
/// committee, and the county — each cut by the policy.
async fn member_side(
    db: &Db,
    actor: &Actor,
    policy: &VisibilityPolicy,
    year: i32,
    out: &mut RankingsView,
) -> Result<(), ErrorCode> {
    let branch = orgs::find(db, actor.scope_org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let is_admin = actor.role == Role::BranchAdmin;

    let rows = branch_members(db, branch.id, year).await?;
    let mine = rows
        .iter()
        .find(|r| Some(r.member_id) == actor.member_id)
        .cloned();
    let total = rows.len();
    let shown = match (is_admin, policy.of(Board::MemberRanking)) {
        (true, _) | (false, Visibility::Public | Visibility::OwnOrganization) => Some(rows),
        (false, Visibility::SelfOnly) => Some(mine.clone().into_iter().collect()),
        (false, Visibility::Off) => None,
    };
    out.members = shown.map(|rows| MemberBoard {
        org_name: branch.name.clone(),
        rows,
        total,
        mine,
    });

    let Some(parent) = branch.parent_id else {
        return Ok(());
    };
    let committee = orgs::find(db, parent).await?.ok_or(ErrorCode::NotFound)?;
    let rows = branches_under(db, &committee.path, year).await?;
    let relation = |r: &BranchStanding| {
        if r.org_id == branch.id {
            Relation::IsSelf
        } else {
            Relation::SameOrg
        }
    };
    out.committee = branch_board(
        format!("{} · 支部排名", committee.name),
        rows,
        Some(branch.id),
        |r| policy.can_see(Board::BranchRanking, relation(r)),
    );
    // The county board repeats the committee's unless branches are public county-wide.
    if policy.of(Board::BranchRanking) == Visibility::Public {
        let rows = branches_under(db, &root_path(db).await?, year).await?;
        out.county = branch_board("全县支部排名".into(), rows, Some(branch.id), |_| true);
    }
    Ok(())
}
