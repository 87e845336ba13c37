//! A meeting record's review history, read back from the record trail: each submission and
//! each review step with who took it and the comment.

use app::orglife::ReviewStep;
use domain::orglife::MeetingStatus;

use crate::{error::ServiceResult, storage::Db, with_pool};

/// Submissions, approvals and returns, oldest first, from the record trail.
pub async fn history(db: &Db, id: i64) -> ServiceResult<Vec<ReviewStep>> {
    #[derive(sqlx::FromRow)]
    struct Step {
        at: String,
        action: String,
        after_json: Option<String>,
        org_name: Option<String>,
    }
    let rows: Vec<Step> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.at, e.action, e.after_json, o.name AS org_name FROM audit_events e \
             LEFT JOIN accounts a ON a.id = e.actor_account_id \
             LEFT JOIN organizations o ON o.id = a.scope_org_id \
             WHERE e.entity = 'meetings' AND e.entity_id = $1 \
             AND e.action IN ('meeting.submit', 'meeting.review') ORDER BY e.seq",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await
        ?
    });
    Ok(rows
        .into_iter()
        .map(
            |Step {
                 at,
                 action,
                 after_json,
                 org_name: org,
             }| {
                let after: serde_json::Value = after_json
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok())
                    .unwrap_or_default();
                let status = after
                    .get("status")
                    .and_then(serde_json::Value::as_str)
                    .and_then(|s| MeetingStatus::parse(s).ok());
                let step = match (action.as_str(), status) {
                    ("meeting.submit", _) => "支部提交审核",
                    (_, Some(MeetingStatus::Returned)) => "退回修改",
                    (_, Some(MeetingStatus::Reviewed)) => "党委初审通过",
                    _ => "县委审定通过",
                };
                ReviewStep {
                    at: crate::clock::china_minute_of(&at),
                    step: format!("{}（{}）", step, org.unwrap_or_default()),
                    comment: after
                        .get("comment")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                }
            },
        )
        .collect())
}
