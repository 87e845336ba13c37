//! Party-building tasks (党建任务, docs/rules.md#tasks): the county or a committee sends a task
//! down the tree (`dispatch`); each recipient reports it done and the dispatcher — or the
//! committee in between — accepts or returns the report (`review`). What may happen next is
//! `domain::task`'s; every step is a trail event and reaches its people's inboxes.

pub mod dispatch;
pub mod documents;
pub mod review;
pub mod view;

use domain::{
    task::{Addressed, AssignmentState, Evidence},
    Date, ErrorCode, OrgId, OrgKind, OrgPath,
};

use crate::{access::Actor, error::ServiceResult, storage::Db, trail::Change, with_pool};

/// One recipient's task, with what the steps need of the task.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Assignment {
    pub id: i64,
    pub task_id: i64,
    pub org_id: OrgId,
    pub org_path: OrgPath,
    pub member_id: Option<domain::MemberId>,
    pub state: AssignmentState,
    pub reported_on: Option<String>,
    pub task_org_id: OrgId,
    pub title: String,
    pub deadline: String,
    pub evidence: Evidence,
    pub addressed: Addressed,
}

impl Assignment {
    pub fn deadline(&self) -> ServiceResult<Date> {
        Ok(Date::parse(&self.deadline).map_err(|_| ErrorCode::Internal)?)
    }

    /// Who reports it: the member it names, or an officer acting for the organization it names.
    pub fn reported_by(&self, actor: &Actor) -> bool {
        match self.member_id {
            Some(member) => actor.member_id == Some(member),
            None => {
                actor.scope_org_id == self.org_id
                    && matches!(
                        actor.role,
                        domain::Role::BranchAdmin
                            | domain::Role::CommitteeAdmin
                            | domain::Role::CountyAdmin
                    )
            }
        }
    }

    /// Where its messages go: the member, or the organization's officers.
    pub fn link(&self) -> String {
        format!("/tasks/{}", self.task_id)
    }
}

pub(crate) async fn load(db: &Db, id: i64) -> ServiceResult<Assignment> {
    with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.id, a.task_id, a.org_id, o.path AS org_path, a.member_id, a.state, a.reported_on, \
             t.org_id AS task_org_id, t.title, t.deadline, t.evidence, t.addressed \
             FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
             JOIN organizations o ON o.id = a.org_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(ErrorCode::NotFound.into())
    })
}

/// The organizations on `path`, root first, with their kinds.
pub(crate) async fn kinds_on(db: &Db, path: &OrgPath) -> ServiceResult<Vec<(OrgId, OrgKind)>> {
    let ids: Vec<OrgId> = path.ids().collect();
    let mut found: Vec<(OrgId, OrgKind)> = Vec::with_capacity(ids.len());
    for id in ids {
        let kind: OrgKind = with_pool!(db, pool => {
            sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        found.push((id, kind));
    }
    Ok(found)
}

/// A step on an assignment, as a trail event filed under its organization (and member).
pub(crate) fn event(
    actor: &Actor,
    action: &'static str,
    a: &Assignment,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Change<'static> {
    let mut before = before;
    let mut after = after;
    for record in [&mut before, &mut after] {
        if let Some(o) = record.as_object_mut() {
            o.insert("org_id".into(), serde_json::json!(a.org_id));
            o.insert("member_id".into(), serde_json::json!(a.member_id));
            o.insert("task_id".into(), serde_json::json!(a.task_id));
        }
    }
    Change::by(
        actor.account_id,
        action,
        "task_assignments",
        a.id,
        Some(before),
        after,
    )
}
