//! A meeting record's review history, read back from the record trail: each submission and
//! each review step with who took it and the comment.

use app::orglife::ReviewStep;

use crate::{error::ServiceResult, storage::Db, with_pool};

/// Submissions, approvals and returns, oldest first, from the record trail.
pub async fn history(db: &Db, id: i64) -> ServiceResult<Vec<ReviewStep>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.at, e.action, e.after_json, o.name FROM audit_events e \
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
        .map(|(at, action, after, org)| {
            let after: serde_json::Value = after
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or_default();
            let status = after["status"].as_str().unwrap_or_default();
            let step = match (action.as_str(), status) {
                ("meeting.submit", _) => "支部提交审核",
                (_, "returned") => "退回修改",
                (_, "reviewed") => "党委初审通过",
                _ => "县委审定通过",
            };
            ReviewStep {
                at: crate::clock::china_minute_of(&at),
                step: format!("{}（{}）", step, org.unwrap_or_default()),
                comment: after["comment"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect())
}
