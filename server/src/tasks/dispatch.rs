//! Sending a task: to every branch below the sender (or below one organization under it), to
//! organizations it names, or to members it names — each strictly below it (docs/rules.md#tasks).

use domain::{
    access::{Action, Reach},
    task::{Addressed, AssignmentState, Evidence},
    Date, ErrorCode, MemberId, OrgId,
};

use crate::{
    access::Actor,
    error::{ServiceError, ServiceResult},
    forms::text,
    inbox::InboxTx,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// A task as the form sends it.
#[derive(Clone, Debug, Default)]
pub struct TaskDraft {
    pub title: String,
    /// Markdown.
    pub instructions: String,
    pub deadline: String,
    pub evidence: String,
    pub unit: String,
    pub addressed: String,
    /// For `subtree`: the organization whose branches receive it, when not the sender's own.
    pub under: Option<i64>,
    /// For `orgs`.
    pub org_ids: Vec<i64>,
    /// For `members`: by id (the API), or by mobile (the form), one per line or comma.
    pub member_ids: Vec<i64>,
    pub member_mobiles: String,
}

/// How many recipients one task may have: every branch of a large county fits.
pub const MAX_RECIPIENTS: usize = 5_000;

/// Sends the task; its id.
pub async fn dispatch(
    db: &Db,
    actor: &Actor,
    draft: &TaskDraft,
    today: Date,
) -> ServiceResult<i64> {
    // Who sends is settled before what is sent (docs/security.md#the-access-matrix).
    actor.require(Action::DispatchTasks, Reach::Below)?;
    // To whom, next: a recipient out of reach is refused before the form is judged.
    let addressed = Addressed::parse(draft.addressed.trim())
        .map_err(|_| ServiceError::field("addressed", ErrorCode::InvalidForm))?;
    let recipients = recipients(db, actor, addressed, draft).await?;
    if recipients.is_empty() || recipients.len() > MAX_RECIPIENTS {
        return Err(ServiceError::field("recipients", ErrorCode::InvalidForm));
    }
    let title = text("task_title", &draft.title, 2, 100)?;
    let instructions = text("task_instructions", &draft.instructions, 0, 5_000)?;
    let deadline = Date::parse(draft.deadline.trim())
        .ok()
        .filter(|d| *d >= today && today.days_between(*d) <= 366)
        .ok_or(ServiceError::field("deadline", ErrorCode::InvalidDate))?;
    let evidence = Evidence::parse(draft.evidence.trim())
        .map_err(|_| ServiceError::field("evidence", ErrorCode::InvalidForm))?;
    let unit = match evidence {
        Evidence::Number => text("unit", &draft.unit, 1, 10)?,
        _ => String::new(),
    };
    let now = crate::clock::now_rfc3339();
    let link_title = format!("新任务：{title}");
    let body = format!("截止 {deadline}");
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (org_id, title, instructions, deadline, evidence, unit, addressed, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(actor.scope_org_id)
        .bind(&title)
        .bind(&instructions)
        .bind(deadline.to_string())
        .bind(evidence.code())
        .bind(&unit)
        .bind(addressed.code())
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let link = format!("/tasks/{id}");
        for (org, member) in &recipients {
            let recipient = match member {
                Some(m) => format!("member:{m}"),
                None => format!("org:{org}"),
            };
            sqlx::query(
                "INSERT INTO task_assignments (task_id, org_id, member_id, recipient, state, report_text, \
                 review_note, updated_at) VALUES ($1, $2, $3, $4, $5, '', '', $6)",
            )
            .bind(id)
            .bind(org)
            .bind(member)
            .bind(&recipient)
            .bind(AssignmentState::Open.code())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            match member {
                Some(m) => tx.notify_member(*m, &link_title, &body, &link).await?,
                None => tx.notify_admins_of(*org, &link_title, &body, &link).await?,
            }
        }
        tx.append(Change::by(
            actor.account_id,
            "task.dispatch",
            "tasks",
            id,
            None,
            serde_json::json!({
                "org_id": actor.scope_org_id,
                "title": title,
                "deadline": deadline.to_string(),
                "evidence": evidence.code(),
                "unit": unit,
                "addressed": addressed.code(),
                "recipients": recipients.len(),
            }),
        ))
        .await?;
        tx.commit().await?;
        Ok(id)
    })
}

/// (organization, member) for each recipient, each strictly below the sender.
async fn recipients(
    db: &Db,
    actor: &Actor,
    addressed: Addressed,
    draft: &TaskDraft,
) -> ServiceResult<Vec<(OrgId, Option<MemberId>)>> {
    let below = |path: &domain::OrgPath| actor.may(Action::DispatchTasks, actor.reach_org(path));
    match addressed {
        Addressed::Subtree => {
            // Every branch below the sender, or below one organization under it.
            let root = match draft.under {
                None => actor.scope_path.clone(),
                Some(raw) => {
                    let id = OrgId::new(raw)
                        .map_err(|_| ServiceError::field("under", ErrorCode::InvalidOrgId))?;
                    let org = crate::orgs::find(db, id)
                        .await?
                        .filter(|o| o.dissolved_at.is_none())
                        .ok_or(ErrorCode::Forbidden)?;
                    if !below(&org.path) {
                        return Err(ErrorCode::Forbidden.into());
                    }
                    org.path
                }
            };
            let ids: Vec<OrgId> = with_pool!(db, pool => {
                sqlx::query_scalar(
                    "SELECT id FROM organizations WHERE path LIKE $1 AND id <> $2 \
                     AND kind IN ('branch', 'flowing_branch') AND dissolved_at IS NULL ORDER BY path",
                )
                .bind(root.like_prefix())
                .bind(actor.scope_org_id)
                .fetch_all(pool)
                .await?
            });
            Ok(ids.into_iter().map(|id| (id, None)).collect())
        }
        Addressed::Orgs => {
            let mut out = Vec::new();
            for raw in &draft.org_ids {
                let id = OrgId::new(*raw)
                    .map_err(|_| ServiceError::field("recipients", ErrorCode::InvalidOrgId))?;
                let org = crate::orgs::find(db, id)
                    .await?
                    .filter(|o| o.dissolved_at.is_none())
                    .ok_or(ErrorCode::Forbidden)?;
                // Only an organization with officers can report (a party group has none).
                if !below(&org.path) || !(org.kind.is_branch_level() || org.kind.is_committee()) {
                    return Err(ErrorCode::Forbidden.into());
                }
                if !out.contains(&(id, None)) {
                    out.push((id, None));
                }
            }
            Ok(out)
        }
        Addressed::Members => {
            let mut out = Vec::new();
            let mut ids = draft.member_ids.clone();
            ids.extend(by_mobile(db, actor, &draft.member_mobiles).await?);
            for raw in &ids {
                let id = MemberId::new(*raw)
                    .map_err(|_| ServiceError::field("recipients", ErrorCode::InvalidForm))?;
                let found = crate::members::find(db, id)
                    .await?
                    .ok_or(ErrorCode::Forbidden)?;
                if !below(&found.org_path) || found.member.standing.has_left() {
                    return Err(ErrorCode::Forbidden.into());
                }
                let entry = (found.member.org_id, Some(id));
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
            Ok(out)
        }
    }
}

/// The members named by mobile, each below the sender; one that is not answers like one that
/// does not exist, so the form cannot be used to find who is registered where.
async fn by_mobile(db: &Db, actor: &Actor, listed: &str) -> ServiceResult<Vec<i64>> {
    let unknown = || ServiceError::field("member_mobiles", ErrorCode::UnknownMemberMobile);
    let mut out = Vec::new();
    for raw in listed
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|m| !m.is_empty())
    {
        let mobile = domain::Mobile::parse(raw).map_err(|_| unknown())?;
        let found: Option<(i64, domain::OrgPath)> = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT m.id, o.path FROM members m JOIN organizations o ON o.id = m.org_id \
                 WHERE m.mobile = $1 ORDER BY m.id LIMIT 1",
            )
            .bind(mobile.as_str())
            .fetch_optional(pool)
            .await?
        });
        match found {
            Some((id, path)) if actor.may(Action::DispatchTasks, actor.reach_org(&path)) => {
                out.push(id)
            }
            _ => return Err(unknown()),
        }
    }
    Ok(out)
}
