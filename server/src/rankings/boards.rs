//! What `/rankings` shows one reader. Administrators see the boards of the subtree they manage
//! in full; members see what the county's visibility policy allows (docs/rules.md#visibility).

use crate::error::ServiceResult;
use std::collections::HashMap;

use app::rankings::{
    glance, score_text, BranchBoard, BranchStanding, CompositeBoard, CompositeStanding,
    KeyWarningRow, MemberBoard, MemberStanding, MyStanding, RankingsView, SCOPE_MEMBERS_MAX,
};
use domain::{
    ranking::{
        assign_lists, movement, rank, Board, ListKind, MemberFlags, Ranked, Relation, Visibility,
        VisibilityPolicy,
    },
    Date, ErrorCode, Role,
};

use super::{cache::Snapshot, lists::Lists, BoardCache};
use crate::{access::Actor, orgs, settings, storage::Db, with_pool};

/// A branch board: `relation` says how the reader stands to each row, `keep` which rows the
/// policy lets them see.
fn branch_board(
    title: String,
    rows: &[BranchStanding],
    own: Option<domain::OrgId>,
    full: bool,
    lists: &Lists,
    relation: impl Fn(&BranchStanding) -> Relation,
    keep: impl Fn(&BranchStanding) -> bool,
) -> Option<BranchBoard> {
    let total = rows.len();
    let mut rows = lists.apply(
        rows.to_vec(),
        lists.policy.org_mode(true),
        |r| lists.black.get(&r.org_id).cloned(),
        &relation,
    );
    if !lists.warnings_told {
        for r in &mut rows {
            r.why = None;
        }
    }
    let rows: Vec<BranchStanding> = lists.keep(rows.into_iter().filter(|r| keep(r)).collect());
    let (rows, truncated) = glance(rows, full, |r| Some(r.org_id) == own);
    (!rows.is_empty()).then_some(BranchBoard {
        title,
        rows,
        total,
        own_org_id: own,
        truncated,
    })
}

/// The year a reader asked for: `0` is this year; a past year is seen whole (its points, its
/// meetings and bills, every task due in it); no year to come, none before the boards' first.
pub fn year_asked(year: i32, today: Date) -> Result<i32, ErrorCode> {
    match year {
        0 => Ok(today.year()),
        y if (app::rankings::FIRST_YEAR..=today.year()).contains(&y) => Ok(y),
        _ => Err(ErrorCode::InvalidForm),
    }
}

/// `full` lists every row of every board; otherwise each shows the leaders and the reader's
/// row. `list` keeps only the rows on that list.
pub async fn view(
    db: &Db,
    boards: &BoardCache,
    actor: &Actor,
    ask: (i32, bool, Option<ListKind>),
    today: Date,
) -> ServiceResult<RankingsView> {
    let (year, full, filter) = ask;
    let policy = settings::visibility(db).await?;
    let snap = boards.snapshot(db, year).await?;
    let admin = matches!(
        actor.role,
        Role::CountyAdmin | Role::CommitteeAdmin | Role::Auditor
    );
    // Today's warnings: a past year's boards are read without them.
    let warnings = if year == today.year() {
        snap.warnings(today).await?
    } else {
        Default::default()
    };
    let lists = Lists {
        policy: settings::list_policy(db).await?,
        visibility: policy,
        sees_all: admin,
        // 重点警示 is for administrators (docs/rules.md#key-warnings): a member sees a branch's
        // list, not the warning behind it.
        warnings_told: actor.role != Role::Member,
        filter,
        black: warnings
            .iter()
            .map(|w| (w.org_id, format!("重点警示：{}", w.reasons_zh())))
            .collect(),
    };
    let mut out = RankingsView {
        year,
        this_year: year,
        policy,
        can_configure: settings::may_configure(actor),
        members: None,
        committee: None,
        county: None,
        composite: None,
        committees: None,
        scope_members: None,
        list: filter,
        warnings: None,
    };
    if admin || actor.role == Role::BranchAdmin {
        out.warnings = Some(
            warnings
                .iter()
                .filter(|w| actor.scope_path.contains(&w.path))
                .map(|w| KeyWarningRow {
                    org_id: w.org_id,
                    name: w.name.clone(),
                    reasons: w.reasons_zh(),
                })
                .collect(),
        );
    }
    let reading = Reading {
        db,
        snap: &snap,
        actor,
        policy: &policy,
        today,
        full,
        lists: &lists,
    };
    composite_boards(&reading, &mut out).await?;
    if admin {
        out.scope_members = Some(scope_board(&reading).await?);
    }
    match actor.role {
        Role::CountyAdmin | Role::Auditor => {
            let rows = snap.branches_under(&orgs::root_path(db).await?).await?;
            out.county = branch_board(
                "全县支部排名".into(),
                &rows,
                None,
                full,
                &lists,
                |_| Relation::Other,
                |_| true,
            );
        }
        Role::CommitteeAdmin => {
            let committee = orgs::find(db, actor.scope_org_id)
                .await?
                .ok_or(ErrorCode::NotFound)?;
            let rows = snap.branches_under(&committee.path).await?;
            out.committee = branch_board(
                format!("{} · 支部排名", committee.name),
                &rows,
                None,
                full,
                &lists,
                |_| Relation::Other,
                |_| true,
            );
        }
        Role::Member | Role::BranchAdmin => {
            member_side(&reading, &mut out).await?;
        }
    }
    Ok(out)
}

/// One reader's page of boards: what every board on it is drawn with.
#[derive(Clone, Copy)]
struct Reading<'a> {
    db: &'a Db,
    snap: &'a Snapshot<'a>,
    actor: &'a Actor,
    policy: &'a VisibilityPolicy,
    today: Date,
    full: bool,
    lists: &'a Lists,
}

/// Members across an administrator's scope (the county's, a committee's), best first: the
/// leaders at a glance, at most `SCOPE_MEMBERS_MAX` rows in full (after the list filter).
async fn scope_board(r: &Reading<'_>) -> ServiceResult<MemberBoard> {
    let Reading {
        db,
        snap,
        actor,
        full,
        lists,
        ..
    } = *r;
    let scope = orgs::find(db, actor.scope_org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let ranked = snap.scope_members(&scope.path).await?;
    let total = ranked.len();
    let triggers = lists.policy.black_triggers;
    let flags: HashMap<domain::MemberId, MemberFlags> =
        ranked.iter().map(|(m, f)| (m.member_id, *f)).collect();
    let rows = lists.apply(
        ranked.iter().map(|(m, _)| m.clone()).collect(),
        lists.policy.mode,
        |r| {
            let why = triggers.reasons_zh(&flags.get(&r.member_id).copied().unwrap_or_default());
            (!why.is_empty()).then(|| why.join("，"))
        },
        |_| Relation::Other,
    );
    let mut rows = lists.keep(rows);
    let (rows, truncated) = if full {
        let cut = rows.len() > SCOPE_MEMBERS_MAX;
        rows.truncate(SCOPE_MEMBERS_MAX);
        (rows, cut)
    } else {
        glance(rows, false, |_| false)
    };
    Ok(MemberBoard {
        org_name: scope.name,
        rows,
        total,
        mine: None,
        truncated,
        only_mine: false,
    })
}

/// The composite boards (docs/rules.md#branch-and-committee-scores): the branches an
/// administrator oversees, and the committees — the county's and auditors' in full, a
/// committee's as far as the policy shows them. A board nobody may see here is not computed.
async fn composite_boards(r: &Reading<'_>, out: &mut RankingsView) -> ServiceResult<()> {
    let Reading {
        db,
        snap,
        actor,
        policy,
        today,
        full,
        lists,
    } = *r;
    let county_wide = matches!(actor.role, Role::CountyAdmin | Role::Auditor);
    let committee_view = match actor.role {
        Role::CountyAdmin | Role::Auditor => Some(true),
        Role::CommitteeAdmin => match policy.of(Board::CommitteeRanking) {
            Visibility::Off => None,
            Visibility::Public => Some(true),
            Visibility::OwnOrganization | Visibility::SelfOnly => Some(false),
        },
        Role::Member | Role::BranchAdmin => None,
    };
    if !county_wide && actor.role != Role::CommitteeAdmin {
        return Ok(());
    }
    let root = orgs::root_path(db).await?;
    // The whole county's, computed once for every reader (the committee board needs it all).
    let all = snap.composite(&root, today).await?;
    let mine: Vec<&super::composite::BranchComposite> = all
        .iter()
        .filter(|b| actor.scope_path.contains(&b.path))
        .collect();
    let ranked = rank(
        &mine
            .iter()
            .map(|b| (b.org_id, i64::from(b.parts.score.get())))
            .collect::<Vec<_>>(),
    );
    let by_id: HashMap<domain::OrgId, &&super::composite::BranchComposite> =
        mine.iter().map(|b| (b.org_id, b)).collect();
    let rows: Vec<CompositeStanding> = ranked
        .iter()
        .filter_map(|r| {
            let b = by_id.get(&r.item)?;
            let p = b.parts;
            Some(CompositeStanding {
                rank: r.rank,
                org_id: b.org_id,
                name: b.name.clone(),
                size: b.members,
                score: score_text(p.score),
                parts: Some([
                    score_text(p.points),
                    score_text(p.org_life),
                    score_text(p.tasks),
                    score_text(p.dues),
                ]),
                tasks: Some(b.tasks),
                list: None,
                why: None,
            })
        })
        .collect();
    let total = rows.len();
    let rows = lists.apply(
        rows,
        lists.policy.org_mode(false),
        |r| lists.black.get(&r.org_id).cloned(),
        |_| Relation::Other,
    );
    let rows = lists.keep(rows);
    let (rows, truncated) = glance(rows, full, |_| false);
    let scope_name = orgs::find(db, actor.scope_org_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    out.composite = Some(CompositeBoard {
        title: format!("{scope_name} · 支部综合评分"),
        rows,
        total,
        truncated,
    });
    if let Some(everyone) = committee_view {
        let committees = super::composite::committees(db, &root, &all).await?;
        let ranked = rank(
            &committees
                .iter()
                .map(|c| (c.org_id, i64::from(c.score.get())))
                .collect::<Vec<_>>(),
        );
        let rows: Vec<CompositeStanding> = ranked
            .iter()
            .filter_map(|r| {
                let c = committees.iter().find(|c| c.org_id == r.item)?;
                Some(CompositeStanding {
                    rank: r.rank,
                    org_id: c.org_id,
                    name: c.name.clone(),
                    size: c.branches,
                    score: score_text(c.score),
                    parts: None,
                    tasks: None,
                    list: None,
                    why: None,
                })
            })
            .collect();
        let total = committees.len();
        // A committee oversees its own branches, not the committees beside it: their lists
        // follow the switch like anyone's.
        let rows = lists.apply_as(
            county_wide,
            rows,
            lists.policy.org_mode(false),
            |_| None,
            |r| {
                if r.org_id == actor.scope_org_id {
                    Relation::IsSelf
                } else {
                    Relation::Other
                }
            },
        );
        let rows: Vec<CompositeStanding> = lists.keep(
            rows.into_iter()
                .filter(|c| everyone || c.org_id == actor.scope_org_id)
                .collect(),
        );
        let (rows, truncated) = glance(rows, full, |r| r.org_id == actor.scope_org_id);
        out.committees = Some(CompositeBoard {
            title: "党委综合评分".into(),
            rows,
            total,
            truncated,
        });
    }
    Ok(())
}

/// A member's (or branch secretary's) view: their branch's members, the branches of their
/// committee, and the county — each cut by the policy.
async fn member_side(r: &Reading<'_>, out: &mut RankingsView) -> ServiceResult<()> {
    let Reading {
        db,
        snap,
        actor,
        policy,
        full,
        lists,
        ..
    } = *r;
    let branch = orgs::find(db, actor.scope_org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let is_admin = actor.role == Role::BranchAdmin;

    let rows = snap.branch_members(branch.id).await?;
    let total = rows.len();
    let shown = match (is_admin, policy.of(Board::MemberRanking)) {
        (true, _) | (false, Visibility::Public | Visibility::OwnOrganization) => Some(false),
        (false, Visibility::SelfOnly) => Some(true),
        (false, Visibility::Off) => None,
    };
    if let Some(only_mine) = shown {
        let flags =
            super::flags::flags_under(db, super::flags::Under::Org(branch.id), snap.year()).await?;
        let triggers = lists.policy.black_triggers;
        let relation = |r: &MemberStanding| {
            if Some(r.member_id) == actor.member_id {
                Relation::IsSelf
            } else {
                Relation::SameOrg
            }
        };
        // The secretary oversees the branch: every member's list, whatever the switch.
        let drawn = lists.apply_as(
            is_admin,
            rows.to_vec(),
            lists.policy.mode,
            |r| {
                let flags = flags.get(&r.member_id).copied().unwrap_or_default();
                let why = triggers.reasons_zh(&flags);
                (!why.is_empty()).then(|| why.join("，"))
            },
            relation,
        );
        let mine = drawn
            .iter()
            .find(|r| Some(r.member_id) == actor.member_id)
            .cloned();
        let drawn: Vec<MemberStanding> = drawn
            .into_iter()
            .filter(|r| !only_mine || Some(r.member_id) == actor.member_id)
            .collect();
        let (rows, truncated) = glance(lists.keep(drawn), full, |r| {
            Some(r.member_id) == actor.member_id
        });
        out.members = Some(MemberBoard {
            org_name: branch.name.clone(),
            rows,
            total,
            mine,
            truncated,
            only_mine,
        });
    }

    let Some(parent) = branch.parent_id else {
        return Ok(());
    };
    let committee = orgs::find(db, parent).await?.ok_or(ErrorCode::NotFound)?;
    let rows = snap.branches_under(&committee.path).await?;
    let relation = |r: &BranchStanding| {
        if r.org_id == branch.id {
            Relation::IsSelf
        } else {
            Relation::SameOrg
        }
    };
    out.committee = branch_board(
        format!("{} · 支部排名", committee.name),
        &rows,
        Some(branch.id),
        full,
        lists,
        relation,
        |r| policy.can_see(Board::BranchRanking, relation(r)),
    );
    // The county board repeats the committee's unless branches are public county-wide.
    if policy.of(Board::BranchRanking) == Visibility::Public {
        let rows = snap.branches_under(&orgs::root_path(db).await?).await?;
        out.county = branch_board(
            "全县支部排名".into(),
            &rows,
            Some(branch.id),
            full,
            lists,
            |r| {
                if r.org_id == branch.id {
                    Relation::IsSelf
                } else {
                    Relation::Other
                }
            },
            |_| true,
        );
    }
    Ok(())
}

/// My points today and this year, my rank in my branch with its movement since yesterday (the
/// ranking without today's points), and my list — each only as far as the policy allows.
pub async fn my_standing(
    db: &Db,
    boards: &BoardCache,
    actor: &Actor,
    today: Date,
) -> ServiceResult<Option<MyStanding>> {
    let Some(member_id) = actor.member_id else {
        return Ok(None);
    };
    let Some(found) = crate::members::find(db, member_id).await? else {
        return Ok(None);
    };
    let branch = found.member.org_id;
    let policy = settings::visibility(db).await?;
    let now = boards
        .snapshot(db, today.year())
        .await?
        .branch_members(branch)
        .await?;
    let today_rows: Vec<(domain::MemberId, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT l.member_id, CAST(SUM(l.points) AS BIGINT) FROM points_ledger l \
             JOIN members m ON m.id = l.member_id WHERE m.org_id = $1 AND l.day = $2 \
             GROUP BY l.member_id",
        )
        .bind(branch)
        .bind(today.to_string())
        .fetch_all(pool)
        .await
        ?
    });
    let today_points: HashMap<domain::MemberId, i64> = today_rows.into_iter().collect();
    let yesterday: Vec<(domain::MemberId, i64)> = now
        .iter()
        .map(|s| {
            (
                s.member_id,
                s.points - today_points.get(&s.member_id).copied().unwrap_or(0),
            )
        })
        .collect();
    let before = rank(&yesterday);
    let mine_now = now.iter().find(|s| s.member_id == member_id);
    let rank_before = before.iter().find(|r| r.item == member_id).map(|r| r.rank);
    let ranked: Vec<Ranked<domain::MemberId>> = now
        .iter()
        .map(|s| Ranked {
            item: s.member_id,
            score: s.points,
            rank: s.rank,
        })
        .collect();
    // The black-list triggers: dues arrears and unexcused absences from organizational life.
    // Only the reader's own list is shown here, so only their flags are looked up.
    let mut flags = vec![MemberFlags::default(); ranked.len()];
    let mine = ranked.iter().position(|r| r.item == member_id);
    if let Some(f) = mine.and_then(|i| flags.get_mut(i)) {
        f.dues_arrears_months = crate::dues::mine::arrears_months(db, member_id).await?;
        f.org_life_absent_unexcused =
            crate::orglife::compliance::unexcused_absences(db, member_id, today.year()).await?;
    }
    let lists = assign_lists(&ranked, &flags, &crate::settings::list_policy(db).await?)?;
    let my_list = mine.and_then(|i| lists.get(i).copied().flatten());
    let see_rank = policy.can_see(Board::MemberRanking, Relation::IsSelf);
    Ok(Some(MyStanding {
        branch_name: found.org_name,
        points_today: today_points.get(&member_id).copied().unwrap_or(0),
        points_year: mine_now.map_or(0, |s| s.points),
        rank: mine_now.map(|s| s.rank).filter(|_| see_rank),
        total: now.len(),
        movement: mine_now
            .map(|s| movement(rank_before, s.rank))
            .filter(|_| see_rank),
        list: my_list.filter(|_| policy.can_see(Board::Lists, Relation::IsSelf)),
    }))
}
