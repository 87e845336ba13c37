//! A recipient reports its task done; the dispatcher, or the committee in between, accepts the
//! report or returns it with a reason (docs/rules.md#tasks). Points are booked on acceptance.

use domain::{
    points::Activity,
    task::{next, reviewers, AssignmentState, Evidence, TaskStep},
    Date, ErrorCode, Role,
};

use super::{event, kinds_on, load};
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

/// A report as the form sends it: the text, and the number for a task that counts one.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub text: String,
    pub number: String,
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

/// Reports the task; the task's id.
pub async fn report(
    db: &Db,
    actor: &Actor,
    id: i64,
    form: &Report,
    today: Date,
) -> ServiceResult<i64> {
    let a = load(db, id).await?;
    // Only its recipient reports; whether it still can is told to them alone.
    if !a.reported_by(actor) {
        return Err(ErrorCode::Forbidden.into());
    }
    let after = next(a.state, TaskStep::Report)?;
    let (report_text, report_number) = match a.evidence {
        Evidence::Number => (
            text("report_text", &form.text, 0, 2_000)?,
            Some(number(&form.number)?),
        ),
        _ => (text("report_text", &form.text, 2, 2_000)?, None),
    };
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
        tx.append(event(
            actor,
            "task.report",
            &a,
            serde_json::json!({ "state": a.state.code() }),
            serde_json::json!({ "state": after.code(), "text": report_text, "number": report_number, "on": today.to_string() }),
        ))
        .await?;
        for org in reviewers {
            tx.notify_admins_of(org, "任务待验收", &a.title, &a.link()).await?;
        }
        tx.commit().await?;
        Ok(a.task_id)
    })
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
