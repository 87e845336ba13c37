//! What the task pages show: a reader's own tasks, the reports waiting for them, what their
//! organization sent, and one task with every recipient the reader oversees. Who sees what
//! follows who acts: a recipient sees its part, the sender and the committees in between see
//! the parts below them, an auditor reads what lies in its scope.

use std::collections::HashMap;

use app::tasks::{AssignmentView, SentTask, TaskLine, TaskView, TasksView};
use domain::{
    access::{Action, Reach},
    task::{progress, reviewers, Addressed, AssignmentState, Evidence, Progress},
    Date, ErrorCode, MemberId, OrgId, OrgKind, OrgPath, Role,
};

use crate::{access::Actor, error::ServiceResult, storage::Db, with_pool};

/// How many recipients a task's page lists at once; the progress filter narrows the rest.
const SHOWN: usize = 200;

#[derive(sqlx::FromRow, Clone)]
struct Row {
    id: i64,
    task_id: i64,
    title: String,
    deadline: String,
    state: AssignmentState,
    org_id: OrgId,
    org_name: String,
    org_path: OrgPath,
    member_id: Option<MemberId>,
    member_name: Option<String>,
    task_org_id: OrgId,
    addressed: Addressed,
    report_text: String,
    report_number: Option<String>,
    reported_on: Option<String>,
    review_note: String,
    accepted_on: Option<String>,
}

const ROW: &str =
    "SELECT a.id, a.task_id, t.title, t.deadline, a.state, a.org_id, o.name AS org_name, \
     o.path AS org_path, a.member_id, m.name AS member_name, t.org_id AS task_org_id, t.addressed, \
     a.report_text, a.report_number, a.reported_on, a.review_note, a.accepted_on \
     FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
     JOIN organizations o ON o.id = a.org_id LEFT JOIN members m ON m.id = a.member_id";

impl Row {
    fn progress(&self, today: Date) -> ServiceResult<Progress> {
        Ok(progress(self.state, Date::parse(&self.deadline)?, today))
    }

    fn reported_by(&self, actor: &Actor) -> bool {
        match self.member_id {
            Some(member) => actor.member_id == Some(member),
            None => actor.scope_org_id == self.org_id && actor.role.is_admin(),
        }
    }

    fn line(&self, today: Date) -> ServiceResult<TaskLine> {
        let p = self.progress(today)?;
        Ok(TaskLine {
            task_id: self.task_id,
            assignment_id: self.id,
            title: self.title.clone(),
            deadline: self.deadline.clone(),
            org_name: self.org_name.clone(),
            member_name: self.member_name.clone(),
            progress: p,
            progress_label: p.label_zh().into(),
        })
    }
}

/// The organizations' kinds, to find who reviews a report without a query per report.
async fn kinds(db: &Db) -> ServiceResult<HashMap<OrgId, OrgKind>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as::<_, (OrgId, OrgKind)>("SELECT id, kind FROM organizations")
            .fetch_all(pool)
            .await?
    })
    .into_iter()
    .collect())
}

/// Whether the reader accepts or returns this recipient's reports (docs/rules.md#tasks).
fn reviews(actor: &Actor, row: &Row, kinds: &HashMap<OrgId, OrgKind>) -> bool {
    if !matches!(actor.role, Role::CommitteeAdmin | Role::CountyAdmin) {
        return false;
    }
    let path: Vec<(OrgId, OrgKind)> = row
        .org_path
        .ids()
        .filter_map(|id| kinds.get(&id).map(|k| (id, *k)))
        .collect();
    reviewers(row.task_org_id, row.addressed, &path).is_ok_and(|r| r.contains(&actor.scope_org_id))
}

/// The photos of the reports shown, by assignment.
async fn report_photos(
    db: &Db,
    ids: &[i64],
) -> ServiceResult<HashMap<i64, Vec<app::orglife::PhotoView>>> {
    #[derive(sqlx::FromRow)]
    struct Photo {
        id: i64,
        assignment_id: i64,
        file_key: String,
        thumb_key: String,
        width: i64,
        height: i64,
        taken_at: Option<String>,
        place: Option<String>,
        uploaded_at: String,
    }
    let mut out: HashMap<i64, Vec<app::orglife::PhotoView>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // The ids are this page's own assignments (integers), never the reader's text.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<Photo> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT id, assignment_id, file_key, thumb_key, width, height, taken_at, place, uploaded_at \
             FROM task_report_photos WHERE assignment_id IN ({list}) AND superseded_at IS NULL ORDER BY id"
        ))
        .fetch_all(pool)
        .await?
    });
    for p in rows {
        out.entry(p.assignment_id)
            .or_default()
            .push(app::orglife::PhotoView {
                id: p.id,
                url: format!("/files/{}", p.file_key),
                thumb_url: format!("/files/{}", p.thumb_key),
                width: p.width,
                height: p.height,
                taken_at: p.taken_at.map(|t| t.replacen('T', " ", 1)),
                place: p.place,
                uploaded_at: p.uploaded_at,
                predates: false,
            });
    }
    Ok(out)
}

/// The documents of the reports shown, by assignment.
async fn report_files(
    db: &Db,
    ids: &[i64],
) -> ServiceResult<HashMap<i64, Vec<app::tasks::ReportFile>>> {
    let mut out: HashMap<i64, Vec<app::tasks::ReportFile>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // The ids are this page's own assignments (integers), never the reader's text.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, String, String, i64)> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT assignment_id, file_key, name, size FROM task_report_files \
             WHERE assignment_id IN ({list}) AND superseded_at IS NULL ORDER BY id"
        ))
        .fetch_all(pool)
        .await?
    });
    for (assignment, key, name, size) in rows {
        out.entry(assignment)
            .or_default()
            .push(app::tasks::ReportFile {
                name,
                url: format!("/files/{key}"),
                size_kb: (size + 1023) / 1024,
            });
    }
    Ok(out)
}

/// Whether the reader follows this recipient's part: it lies below the reader, who sends tasks
/// or reads the scope's records (an auditor).
pub(crate) fn oversees(actor: &Actor, path: &OrgPath) -> bool {
    let reach = actor.reach_org(path);
    reach == Reach::Below && actor.may_any(&[Action::DispatchTasks, Action::ViewTrail], reach)
}

fn counts(progress: &[Progress]) -> Vec<(String, String, i64)> {
    Progress::ALL
        .iter()
        .map(|p| {
            let n = progress.iter().filter(|q| *q == p).count();
            (
                p.code().to_string(),
                p.label_zh().to_string(),
                i64::try_from(n).unwrap_or(i64::MAX),
            )
        })
        .collect()
}

pub async fn tasks(db: &Db, actor: &Actor, today: Date) -> ServiceResult<TasksView> {
    let todo = todo(db, actor, today).await?;
    let to_review = to_review(db, actor, today).await?;
    let may_send = actor.may(Action::DispatchTasks, Reach::Below);
    let sent = if may_send {
        Some(sent(db, actor, today).await?)
    } else {
        None
    };
    let dispatch_orgs = if may_send {
        let rows: Vec<(i64, String, OrgKind)> = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT id, name, kind FROM organizations WHERE path LIKE $1 AND id <> $2 \
                 AND dissolved_at IS NULL ORDER BY path LIMIT 5000",
            )
            .bind(actor.scope_path.like_prefix())
            .bind(actor.scope_org_id)
            .fetch_all(pool)
            .await?
        });
        Some(
            rows.into_iter()
                .filter(|(_, _, kind)| kind.is_branch_level() || kind.is_committee())
                .map(|(id, name, kind)| (id, name, kind.is_branch()))
                .collect(),
        )
    } else {
        None
    };
    Ok(TasksView {
        todo,
        to_review,
        sent,
        dispatch_orgs,
    })
}

/// The reader's own tasks not yet accepted, soonest deadline first (the home screen's 要我办).
pub async fn todo(db: &Db, actor: &Actor, today: Date) -> ServiceResult<Vec<TaskLine>> {
    let member = actor.member_id.map_or(-1, MemberId::get);
    let org = if actor.role.is_admin() {
        actor.scope_org_id.get()
    } else {
        -1
    };
    let mine: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{ROW} WHERE a.state <> 'accepted' AND (a.member_id = $1 OR (a.member_id IS NULL AND a.org_id = $2)) \
             ORDER BY t.deadline, a.id LIMIT 100"
        ))
        .bind(member)
        .bind(org)
        .fetch_all(pool)
        .await?
    });
    mine.iter()
        .filter(|r| r.reported_by(actor))
        .map(|r| r.line(today))
        .collect()
}

/// Reports waiting for the reader's acceptance, soonest deadline first.
pub async fn to_review(db: &Db, actor: &Actor, today: Date) -> ServiceResult<Vec<TaskLine>> {
    let mut out = Vec::new();
    if !matches!(actor.role, Role::CommitteeAdmin | Role::CountyAdmin) {
        return Ok(out);
    }
    // What this reader may review: the tasks it sent, and for a committee the county's tasks
    // sent to a whole subtree — narrowed here, before the limit, so others' reports cannot
    // crowd its own out; `reviews` then checks each.
    let county = actor.scope_path.ids().next().unwrap_or(actor.scope_org_id);
    let reported: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{ROW} WHERE a.state = 'reported' AND o.path LIKE $1 AND a.org_id <> $2 \
             AND (t.org_id = $2 OR (t.addressed = 'subtree' AND t.org_id = $3)) \
             ORDER BY t.deadline, a.id LIMIT 500"
        ))
        .bind(actor.scope_path.like_prefix())
        .bind(actor.scope_org_id)
        .bind(county)
        .fetch_all(pool)
        .await?
    });
    if !reported.is_empty() {
        let kinds = kinds(db).await?;
        for r in reported.iter().filter(|r| reviews(actor, r, &kinds)) {
            out.push(r.line(today)?);
        }
    }
    Ok(out)
}

async fn sent(db: &Db, actor: &Actor, today: Date) -> ServiceResult<Vec<SentTask>> {
    let tasks: Vec<(i64, String, String, Addressed)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, title, deadline, addressed FROM tasks WHERE org_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT 50",
        )
        .bind(actor.scope_org_id)
        .fetch_all(pool)
        .await?
    });
    let states: Vec<(i64, AssignmentState, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.task_id, a.state, COUNT(*) FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
             WHERE t.org_id = $1 GROUP BY a.task_id, a.state",
        )
        .bind(actor.scope_org_id)
        .fetch_all(pool)
        .await?
    });
    let mut out = Vec::with_capacity(tasks.len());
    for (id, title, deadline, addressed) in tasks {
        let due = Date::parse(&deadline)?;
        let mut by: HashMap<Progress, i64> = HashMap::new();
        for (_, state, n) in states.iter().filter(|(t, _, _)| *t == id) {
            *by.entry(progress(*state, due, today)).or_default() += n;
        }
        out.push(SentTask {
            id,
            title,
            deadline,
            addressed_label: addressed.label_zh().into(),
            recipients: by.values().sum(),
            progress: Progress::ALL
                .iter()
                .map(|p| {
                    (
                        p.code().to_string(),
                        p.label_zh().to_string(),
                        by.get(p).copied().unwrap_or(0),
                    )
                })
                .collect(),
        });
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: i64,
    org_id: OrgId,
    sender: String,
    title: String,
    instructions: String,
    deadline: String,
    evidence: Evidence,
    unit: String,
    addressed: Addressed,
}

/// One task; `filter` a progress code, or empty for every recipient.
pub async fn task(
    db: &Db,
    actor: &Actor,
    id: i64,
    filter: &str,
    today: Date,
) -> ServiceResult<TaskView> {
    let filter = match filter.trim() {
        "" => None,
        code => Some(Progress::parse(code)?),
    };
    let task: TaskRow = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, t.org_id, o.name AS sender, t.title, t.instructions, t.deadline, t.evidence, \
             t.unit, t.addressed FROM tasks t JOIN organizations o ON o.id = t.org_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    })
    .ok_or(ErrorCode::NotFound)?;
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&format!("{ROW} WHERE a.task_id = $1 ORDER BY o.path, a.id"))
            .bind(id)
            .fetch_all(pool)
            .await?
    });
    let kinds = if matches!(actor.role, Role::CommitteeAdmin | Role::CountyAdmin) {
        kinds(db).await?
    } else {
        HashMap::new()
    };
    let sender =
        actor.scope_org_id == task.org_id && actor.may(Action::DispatchTasks, Reach::Below);
    let view = |r: &Row| -> ServiceResult<AssignmentView> {
        let p = r.progress(today)?;
        Ok(AssignmentView {
            id: r.id,
            org_name: r.org_name.clone(),
            member_name: r.member_name.clone(),
            state_label: r.state.label_zh().into(),
            progress: p,
            progress_label: p.label_zh().into(),
            report_text: r.report_text.clone(),
            report_number: r.report_number.clone(),
            reported_on: r.reported_on.clone(),
            review_note: r.review_note.clone(),
            accepted_on: r.accepted_on.clone(),
            photos: Vec::new(),
            files: Vec::new(),
            may_report: r.reported_by(actor)
                && matches!(r.state, AssignmentState::Open | AssignmentState::Returned),
            may_review: r.state == AssignmentState::Reported && reviews(actor, r, &kinds),
        })
    };
    let mine = rows
        .iter()
        .filter(|r| r.reported_by(actor))
        .map(view)
        .collect::<ServiceResult<Vec<_>>>()?;
    let overseen_rows: Vec<&Row> = rows
        .iter()
        .filter(|r| oversees(actor, &r.org_path))
        .collect();
    // Out of reach answers like what does not exist (docs/security.md#enumeration).
    if mine.is_empty() && overseen_rows.is_empty() && !sender {
        return Err(ErrorCode::NotFound.into());
    }
    let all: Vec<Progress> = overseen_rows
        .iter()
        .map(|r| r.progress(today))
        .collect::<ServiceResult<_>>()?;
    let picked: Vec<&Row> = overseen_rows
        .iter()
        .zip(&all)
        .filter(|(_, p)| filter.is_none_or(|f| f == **p))
        .map(|(r, _)| *r)
        .collect();
    let more = i64::try_from(picked.len().saturating_sub(SHOWN)).unwrap_or(0);
    let mut overseen = picked
        .into_iter()
        .take(SHOWN)
        .map(view)
        .collect::<ServiceResult<Vec<_>>>()?;
    let mut mine = mine;
    let shown: Vec<i64> = mine.iter().chain(&overseen).map(|a| a.id).collect();
    let mut photos = report_photos(db, &shown).await?;
    let mut files = report_files(db, &shown).await?;
    for a in mine.iter_mut().chain(overseen.iter_mut()) {
        a.photos = photos.remove(&a.id).unwrap_or_default();
        a.files = files.remove(&a.id).unwrap_or_default();
    }
    Ok(TaskView {
        id: task.id,
        title: task.title,
        instructions_html: app::study::markdown::render(&task.instructions),
        deadline: task.deadline,
        evidence: task.evidence,
        evidence_label: task.evidence.label_zh().into(),
        unit: task.unit,
        sender: task.sender,
        addressed_label: task.addressed.label_zh().into(),
        mine,
        progress: if overseen_rows.is_empty() && !sender {
            Vec::new()
        } else {
            counts(&all)
        },
        overseen,
        more,
    })
}
