//! A member file's change history, read from the record trail: the trail is the only place
//! changes are kept, so the history cannot disagree with it.

use crate::error::ServiceResult;
use app::members::{field_label, FieldChange, HistoryEntry};
use serde_json::{Map, Value};

use super::mask;
use crate::{storage::Db, with_pool};

fn show(field: &str, v: Option<&Value>, full_identity: bool) -> Option<String> {
    let s = match v? {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(match field {
        "mobile" if !full_identity => mask::mobile(&s),
        "id_number" if !full_identity => mask::id_number(&s),
        _ => s,
    })
}

fn diff(before: &Map<String, Value>, after: &Map<String, Value>, full: bool) -> Vec<FieldChange> {
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| *f != "created_at" && before.get(*f) != after.get(*f))
        .map(|f| FieldChange {
            field: f.clone(),
            label: field_label(f).to_string(),
            before: show(f, before.get(f), full),
            after: show(f, after.get(f), full),
        })
        .collect()
}

/// Each field a step changed, of records already masked (the trail's reading masks them): a
/// new record lists all its fields.
pub(crate) fn changes_of_masked(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    diff(&object(before), &object(after), true)
}

pub(crate) fn object(json: Option<&str>) -> Map<String, Value> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// One trail event of a record, with the acting account's name.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub display_name: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// The trail events of one record (`entity` is its table), newest first.
pub(crate) async fn events(db: &Db, entity: &str, key: String) -> ServiceResult<Vec<EventRow>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.seq, e.at, e.action, a.display_name, e.before_json, e.after_json \
             FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_account_id \
             WHERE e.entity = $1 AND e.entity_id = $2 ORDER BY e.seq DESC",
        )
        .bind(entity)
        .bind(key)
        .fetch_all(pool)
        .await
        ?
    }))
}

/// The trail events of the records whose key starts with `prefix` (`entity` is their table),
/// newest first: the seats of one organization's team are keyed `org/member/position`.
pub(crate) async fn events_under(
    db: &Db,
    entity: &str,
    prefix: String,
) -> ServiceResult<Vec<EventRow>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.seq, e.at, e.action, a.display_name, e.before_json, e.after_json \
             FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_account_id \
             WHERE e.entity = $1 AND e.entity_id LIKE $2 ORDER BY e.seq DESC",
        )
        .bind(entity)
        .bind(format!("{prefix}%"))
        .fetch_all(pool)
        .await
        ?
    }))
}

/// Newest first.
pub async fn history(
    db: &Db,
    member_id: domain::MemberId,
    full_identity: bool,
) -> ServiceResult<Vec<HistoryEntry>> {
    let rows = events(db, "members", member_id.to_string()).await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            seq: r.seq,
            at: r.at,
            action: r.action,
            actor: r.display_name,
            changes: diff(
                &object(r.before_json.as_deref()),
                &object(r.after_json.as_deref()),
                full_identity,
            ),
        })
        .collect())
}
