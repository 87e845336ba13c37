//! A branch's card on the map (docs/rules.md#the-county-map): its secretary and members, its
//! last meeting, what it is behind on, its open tasks, and where to read more.

use domain::{
    access::Action, command::FlagState, org::leadership::SECRETARY, orglife::MeetingStatus, Date,
    OrgId,
};

use super::CommandCache;
use crate::{access::Actor, error::ServiceResult, orgs, storage::Db, with_pool};

#[derive(Debug)]
pub struct LastMeeting {
    pub id: i64,
    pub day: String,
    pub topic: String,
    pub kind: String,
    pub status: String,
}

#[derive(Debug)]
pub struct OpenTask {
    /// The task's id (its page).
    pub id: i64,
    pub title: String,
    pub deadline: String,
    pub overdue: bool,
}

#[derive(Debug)]
pub struct BranchCard {
    pub id: OrgId,
    pub name: String,
    pub secretary: Option<String>,
    pub members: i64,
    /// A branch's flag; other organizations (a committee) have none.
    pub flag: Option<FlagState>,
    /// Why it is behind ("2026-11-01—2026-11-30 未开展主题党日"), empty when it is not.
    pub missed: Vec<String>,
    pub last_meeting: Option<LastMeeting>,
    pub open_tasks: Vec<OpenTask>,
    pub open_count: i64,
    pub overdue_count: i64,
    /// Its grid-centre stream, when it has one the reader may watch.
    pub stream: Option<app::video::StreamView>,
    /// It may hold a stream (a village branch): the card links to its video page.
    pub holds_stream: bool,
}

/// The card of organization `id` (a branch's in full), refused outside the reader's subtree.
pub async fn card(
    db: &Db,
    cache: &CommandCache,
    actor: &Actor,
    id: OrgId,
    today: Date,
) -> ServiceResult<BranchCard> {
    let org = orgs::find(db, id).await?.ok_or_else(|| actor.missing())?;
    actor.require(Action::ViewCommand, actor.reach_org(&org.path))?;
    // The branch as the reader's map has it (the map computed it already).
    let scope = super::viewed_scope(db, actor).await?;
    let branches = cache.branches(db, &scope.path, today).await?;
    let b = branches.iter().find(|b| b.id == id);
    let members: i64 = match b {
        Some(b) => b.members,
        None => with_pool!(db, pool => {
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(c.members), 0) AS BIGINT) FROM org_member_counts c \
                 JOIN organizations o ON o.id = c.org_id WHERE o.path LIKE $1",
            )
            .bind(org.path.like_prefix())
            .fetch_one(pool)
            .await?
        }),
    };
    let secretary: Option<String> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT m.name FROM leadership l JOIN members m ON m.id = l.member_id \
             WHERE l.org_id = $1 AND l.position = $2 ORDER BY l.since DESC LIMIT 1",
        )
        .bind(id)
        .bind(SECRETARY)
        .fetch_optional(pool)
        .await?
    });
    #[derive(sqlx::FromRow)]
    struct Meeting {
        id: i64,
        starts_at: String,
        topic: String,
        kind: domain::orglife::MeetingKind,
        status: MeetingStatus,
    }
    // The last meeting held (a planned one is not yet a record).
    let last: Option<Meeting> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, starts_at, topic, kind, status FROM meetings \
             WHERE org_id = $1 AND status <> $2 ORDER BY starts_at DESC, id DESC LIMIT 1",
        )
        .bind(id)
        .bind(MeetingStatus::Planned.code())
        .fetch_optional(pool)
        .await?
    });
    #[derive(sqlx::FromRow)]
    struct Task {
        id: i64,
        title: String,
        deadline: String,
        state: String,
    }
    let tasks: Vec<Task> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, t.title, t.deadline, a.state FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
             WHERE a.org_id = $1 AND a.member_id IS NULL AND a.state <> 'accepted' \
             ORDER BY t.deadline, a.id LIMIT 5",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let today_s = today.to_string();
    let stream = crate::video::read::beside(db, actor, id, &org.path).await?;
    let holds_stream = domain::video::may_hold_stream(org.kind, org.is_village != 0).is_ok();
    Ok(BranchCard {
        stream,
        holds_stream,
        id,
        name: org.name.clone(),
        secretary,
        members,
        flag: b.map(|b| b.flag),
        missed: b
            .map(|b| b.missed.iter().map(|r| r.describe_zh()).collect())
            .unwrap_or_default(),
        last_meeting: last.map(|m| LastMeeting {
            id: m.id,
            day: m.starts_at.get(..10).unwrap_or_default().to_string(),
            topic: m.topic,
            kind: m.kind.label_zh().into(),
            status: m.status.label_zh().into(),
        }),
        open_tasks: tasks
            .into_iter()
            .map(|t| OpenTask {
                overdue: matches!(t.state.as_str(), "open" | "returned") && t.deadline < today_s,
                id: t.id,
                title: t.title,
                deadline: t.deadline,
            })
            .collect(),
        open_count: b.map_or(0, |b| b.open_tasks),
        overdue_count: b.map_or(0, |b| b.overdue_tasks),
    })
}
