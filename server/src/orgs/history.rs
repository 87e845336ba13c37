//! An organization's history, read from the record trail like a member file's: created,
//! renamed, moved, its terms.

use std::collections::HashMap;

use app::{
    members::{FieldChange, HistoryEntry},
    orgs::org_field_label,
};
use serde_json::{Map, Value};

use crate::{
    error::ServiceResult,
    members::history::{events, events_under, object},
    storage::Db,
    with_pool,
};

/// Fields the history shows; the path and depth only repeat the parent in machine form.
const SHOWN: [&str; 9] = [
    "name",
    "kind",
    "parent_id",
    "term_start",
    "term_end",
    "address",
    "city",
    "lat_e6",
    "lng_e6",
];

/// How a field's value reads: parents by name, kinds by label.
fn show(field: &str, v: Option<&Value>, names: &HashMap<i64, String>) -> Option<String> {
    match (field, v?) {
        (_, Value::Null) => None,
        ("parent_id", Value::Number(n)) => {
            let id = n.as_i64()?;
            Some(names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
        }
        ("kind", Value::String(s)) => Some(
            domain::OrgKind::parse(s)
                .map(|k| k.label_zh().to_string())
                .unwrap_or_else(|_| s.clone()),
        ),
        (_, Value::String(s)) => Some(s.clone()),
        (_, other) => Some(other.to_string()),
    }
}

fn diff(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    names: &HashMap<i64, String>,
) -> Vec<FieldChange> {
    SHOWN
        .iter()
        .filter(|f| before.get(**f) != after.get(**f))
        .map(|f| FieldChange {
            field: (*f).to_string(),
            label: org_field_label(f).to_string(),
            before: show(f, before.get(*f), names),
            after: show(f, after.get(*f), names),
        })
        .collect()
}

/// A seat filled or vacated: the position, who left it and who took it (with the date).
fn seat(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    names: &HashMap<i64, String>,
) -> Vec<FieldChange> {
    let who = |r: &Map<String, Value>| {
        let id = r.get("member_id")?.as_i64()?;
        let name = names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
        let since = r.get("since").and_then(Value::as_str).unwrap_or_default();
        Some(format!("{name}（{since} 起）"))
    };
    let position = after
        .get("position")
        .or_else(|| before.get("position"))
        .and_then(Value::as_str)
        .unwrap_or("班子成员");
    vec![FieldChange {
        field: "leader".to_string(),
        label: position.to_string(),
        before: who(before),
        after: who(after),
    }]
}

/// `id → name` from `table` (organizations or members) for the ids given.
async fn names_of(db: &Db, table: Table, mut ids: Vec<i64>) -> ServiceResult<HashMap<i64, String>> {
    ids.sort_unstable();
    ids.dedup();
    let sql = match table {
        Table::Organizations => "SELECT name FROM organizations WHERE id = $1",
        Table::Members => "SELECT name FROM members WHERE id = $1",
    };
    let mut names = HashMap::new();
    for id in ids {
        let name: Option<String> = with_pool!(db, pool => {
            sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await?
        });
        if let Some(name) = name {
            names.insert(id, name);
        }
    }
    Ok(names)
}

#[derive(Clone, Copy)]
enum Table {
    Organizations,
    Members,
}

/// Newest first, at most `limit` events: the organization's own and its team's.
pub async fn history(
    db: &Db,
    org_id: domain::OrgId,
    limit: usize,
) -> ServiceResult<Vec<HistoryEntry>> {
    let mut rows = events(db, "organizations", org_id.to_string()).await?;
    rows.extend(events_under(db, "leadership", format!("{org_id}/")).await?);
    rows.sort_by_key(|r| std::cmp::Reverse(r.seq));
    rows.truncate(limit);
    let parsed: Vec<_> = rows
        .into_iter()
        .map(|r| {
            let before = object(r.before_json.as_deref());
            let after = object(r.after_json.as_deref());
            (r.seq, r.at, r.action, r.display_name, before, after)
        })
        .collect();
    let ids = |leader: bool, field: &str| -> Vec<i64> {
        parsed
            .iter()
            .filter(|(_, _, action, ..)| action.starts_with("leader.") == leader)
            .flat_map(|(_, _, _, _, b, a)| [b.get(field), a.get(field)])
            .filter_map(|v| v.and_then(Value::as_i64))
            .collect()
    };
    let names = names_of(db, Table::Organizations, ids(false, "parent_id")).await?;
    let member_names = names_of(db, Table::Members, ids(true, "member_id")).await?;
    Ok(parsed
        .into_iter()
        .map(|(seq, at, action, actor, before, after)| HistoryEntry {
            seq,
            at,
            changes: if action.starts_with("leader.") {
                seat(&before, &after, &member_names)
            } else {
                diff(&before, &after, &names)
            },
            action,
            actor,
        })
        .collect())
}
