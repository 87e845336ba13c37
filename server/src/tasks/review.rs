//! A recipient reports its task done; the dispatcher, or the committee in between, accepts the
//! report or returns it with a reason (docs/rules.md#tasks). Points are booked on acceptance.

use domain::{
    points::Activity,
    task::{next, reviewers, AssignmentState, Evidence, TaskStep},
    Date, ErrorCode, Role,
};

use super::{event, kinds_on, load};
use crate::files::register::register_upload;
use crate::{
    access::Actor,
    error::{ServiceError, ServiceResult},
    forms::text,
    inbox::InboxTx,
    points::PointsTx,
    storage::Db,
    trail::TrailTx,
    with_pool,
};

/// A report as the form sends it: the text, the number for a task that counts one, and the
/// photos (re-encoded and in the file store) for a task that asks for them — or any task, from
/// a phone.
#[derive(Default)]
pub struct Report {
    pub text: String,
    pub number: String,
    pub photos: Vec<crate::orglife::photo::Stored>,
    /// Documents (a PDF, Word or Excel file) in the file store, for a task that asks for one.
    pub documents: Vec<super::documents::StoredDocument>,
}

/// Whether `actor` reports assignment `id`; the assignment. Asked before a report's photos are
/// read, so nothing is decoded for someone else.
pub async fn require_reporter(db: &Db, actor: &Actor, id: i64) -> ServiceResult<super::Assignment> {
    let a = load(db, id).await?;
    if !a.reported_by(actor) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(a)
}

/// A number as people write it: digits with at most one decimal point, up to 12 characters.
fn number(raw: &str) -> ServiceResult<String> {
    let raw = raw.trim();
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let points = raw.chars().filter(|c| *c == '.').count();
    if raw.is_empty()
        || raw.len() > 12
        || digits == 0
        || points > 1
        || digits + points != raw.len()
        || raw.starts_with('.')
        || raw.ends_with('.')
    {
        return Err(ServiceError::field("report_number", ErrorCode::InvalidForm));
    }
    Ok(raw.to_string())
}

/// What the report's words say, checked: the text, and the number for a task that counts one;
/// and that the task may be reported now. Asked before any attachment is read or stored.
pub fn check_report(
    a: &super::Assignment,
    text_sent: &str,
    number_sent: &str,
) -> ServiceResult<(String, Option<String>)> {
    next(a.state, TaskStep::Report)?;
    Ok(match a.evidence {
        Evidence::Number => (
            text("report_text", text_sent, 0, 2_000)?,
            Some(number(number_sent)?),
        ),
        _ => (text("report_text", text_sent, 2, 2_000)?, None),
    })
}

/// Reports the task; the task's id.
pub async fn report(
    db: &Db,
    actor: &Actor,
    id: i64,
    form: &Report,
    today: Date,
) -> ServiceResult<i64> {
    // Only its recipient reports; whether it still can is told to them alone.
    let a = require_reporter(db, actor, id).await?;
    let after = next(a.state, TaskStep::Report)?;
    let (report_text, report_number) = check_report(&a, &form.text, &form.number)?;
    // A task that asks for photos has them: this report's, or the ones already sent.
    if a.evidence == Evidence::Photos
        && form.photos.is_empty()
        && attachments(db, "task_report_photos", a.id).await? == 0
    {
        return Err(ServiceError::field("photo", ErrorCode::PhotoRequired));
    }
    if a.evidence == Evidence::File
        && form.documents.is_empty()
        && attachments(db, "task_report_files", a.id).await? == 0
    {
        return Err(ServiceError::field("file", ErrorCode::FileRequired));
    }
    let stored = &form.photos;
    let now = crate::clock::now_rfc3339();
    let reviewers = reviewers(
        a.task_org_id,
        a.addressed,
        &kinds_on(db, &a.org_path).await?,
    )?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let moved = sqlx::query(
            "UPDATE task_assignments SET state = $1, report_text = $2, report_number = $3, reported_on = $4, \
             reported_by = $5, updated_at = $6 WHERE id = $7 AND state = $8",
        )
        .bind(after.code())
        .bind(&report_text)
        .bind(&report_number)
        .bind(today.to_string())
        .bind(actor.account_id)
        .bind(&now)
        .bind(a.id)
        .bind(a.state.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Two reports at once: the second finds the state moved on.
        if moved == 0 {
            return Err(ErrorCode::InvalidTransition.into());
        }
        // New photos replace the last report's (kept, superseded, for the trail's keys); none
        // sent keeps them.
        if !stored.is_empty() {
            sqlx::query("UPDATE task_report_photos SET superseded_at = $1 WHERE assignment_id = $2 AND superseded_at IS NULL")
                .bind(&now)
                .bind(a.id)
                .execute(&mut *tx)
                .await?;
        }
        for s in stored {
            for (k, size) in [(&s.key, s.sizes.0), (&s.thumb, s.sizes.1)] {
                register_upload!(tx, k.as_str(), "image/jpeg", size, "task", actor.account_id, &now);
            }
            sqlx::query(
                "INSERT INTO task_report_photos (assignment_id, file_key, thumb_key, width, height, taken_at, place, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (assignment_id, file_key) DO UPDATE SET superseded_at = NULL",
            )
            .bind(a.id)
            .bind(s.key.as_str())
            .bind(s.thumb.as_str())
            .bind(i64::from(s.width))
            .bind(i64::from(s.height))
            .bind(&s.taken_at)
            .bind(&s.place)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        // New documents replace the last report's, the same way.
        if !form.documents.is_empty() {
            sqlx::query("UPDATE task_report_files SET superseded_at = $1 WHERE assignment_id = $2 AND superseded_at IS NULL")
                .bind(&now)
                .bind(a.id)
                .execute(&mut *tx)
                .await?;
        }
        for d in &form.documents {
            register_upload!(tx, d.key.as_str(), d.content_type, d.size, "task", actor.account_id, &now);
            sqlx::query(
                "INSERT INTO task_report_files (assignment_id, file_key, name, content_type, size, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (assignment_id, file_key) DO UPDATE SET superseded_at = NULL",
            )
            .bind(a.id)
            .bind(d.key.as_str())
            .bind(&d.name)
            .bind(d.content_type)
            .bind(d.size)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        let photos: Vec<&str> = stored
            .iter()
            .map(|s| s.key.as_str())
            .chain(form.documents.iter().map(|d| d.key.as_str()))
            .collect();
        tx.append(event(
            actor,
            "task.report",
            &a,
            serde_json::json!({ "state": a.state.code() }),
            serde_json::json!({ "state": after.code(), "text": report_text, "number": report_number, "on": today.to_string(), "photos": photos }),
        ))
        .await?;
        for org in reviewers {
            tx.notify_admins_of(org, "任务待验收", &a.title, &a.link()).await?;
        }
        tx.commit().await?;
        Ok(a.task_id)
    })
}

/// How many photos or documents (`table`) the assignment's last report left.
async fn attachments(db: &Db, table: &str, assignment: i64) -> ServiceResult<i64> {
    // `table` is one of this file's two names, never the reader's text.
    let sql =
        format!("SELECT COUNT(*) FROM {table} WHERE assignment_id = $1 AND superseded_at IS NULL");
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar(&sql)
            .bind(assignment)
            .fetch_one(pool)
            .await?
    }))
}

/// A report's photo or document is seen by its reporter and by whoever follows the
/// recipient's part.
pub async fn may_see_attachment(db: &Db, actor: &Actor, key: &str) -> ServiceResult<bool> {
    let ids: Vec<i64> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT assignment_id FROM task_report_photos WHERE file_key = $1 OR thumb_key = $1 \
             UNION SELECT assignment_id FROM task_report_files WHERE file_key = $1",
        )
        .bind(key)
        .fetch_all(pool)
        .await?
    });
    for id in ids {
        let a = load(db, id).await?;
        if a.reported_by(actor) || super::view::oversees(actor, &a.org_path) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Accepts (`accept`) or returns the latest report; a return says why. The task's id.
pub async fn review(
    db: &Db,
    actor: &Actor,
    id: i64,
    accept: bool,
    note: &str,
    today: Date,
) -> ServiceResult<i64> {
    let a = load(db, id).await?;
    let may = reviewers(
        a.task_org_id,
        a.addressed,
        &kinds_on(db, &a.org_path).await?,
    )
    .is_ok_and(|orgs| orgs.contains(&actor.scope_org_id))
        && matches!(actor.role, Role::CommitteeAdmin | Role::CountyAdmin);
    if !may {
        return Err(ErrorCode::Forbidden.into());
    }
    let step = if accept {
        TaskStep::Accept
    } else {
        TaskStep::Return
    };
    let after = next(a.state, step)?;
    let note = text("review_note", note, if accept { 0 } else { 2 }, 200)?;
    let accepted_on = accept.then(|| a.reported_on.clone()).flatten();
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let moved = sqlx::query(
            "UPDATE task_assignments SET state = $1, review_note = $2, reviewed_by = $3, accepted_on = $4, \
             updated_at = $5 WHERE id = $6 AND state = $7",
        )
        .bind(after.code())
        .bind(&note)
        .bind(actor.account_id)
        .bind(&accepted_on)
        .bind(&now)
        .bind(a.id)
        .bind(a.state.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Two reviewers at once: the second finds it decided.
        if moved == 0 {
            return Err(ErrorCode::AlreadyDecided.into());
        }
        tx.append(event(
            actor,
            "task.review",
            &a,
            serde_json::json!({ "state": a.state.code() }),
            serde_json::json!({ "state": after.code(), "note": note, "accepted_on": accepted_on }),
        ))
        .await?;
        // Once, on acceptance, to the member a task named (docs/rules.md#tasks).
        if after == AssignmentState::Accepted {
            if let Some(member) = a.member_id {
                tx.award_points(actor.account_id, member, &Activity::TaskCompleted, today).await?;
            }
        }
        let (title, body) = if accept {
            ("任务已验收".to_string(), a.title.clone())
        } else {
            ("任务被退回".to_string(), format!("{}：{note}", a.title))
        };
        match a.member_id {
            Some(m) => tx.notify_member(m, &title, &body, &a.link()).await?,
            None => tx.notify_admins_of(a.org_id, &title, &body, &a.link()).await?,
        }
        tx.commit().await?;
        Ok(a.task_id)
    })
}
