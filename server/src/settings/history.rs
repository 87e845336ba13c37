//! The settings' changes as the settings page lists them, read from the record trail: for a
//! rule table, each rule that changed and the day the new version starts; for the lists, the
//! way they are drawn; for anything else, each field that changed.

use app::members::{FieldChange, HistoryEntry};
use domain::{
    deadlines::{DeadlineSettings, LEAD_TIMES},
    dues::DuesRules,
    orglife::{MeetingKind, RulesHistory},
    points::{describe_rule, ActivityKey, RuleHistory, RuleTable},
    ranking::{Board, ListPolicy, VisibilityPolicy},
    Date,
};
use serde_json::Value;

use crate::{
    error::ServiceResult,
    members::history::{events_under, EventRow},
    storage::Db,
};

/// How many events the page shows, newest first.
const SHOWN: usize = 50;

pub async fn history(db: &Db) -> ServiceResult<Vec<HistoryEntry>> {
    let rows = events_under(db, "settings", String::new()).await?;
    Ok(rows.into_iter().take(SHOWN).map(entry).collect())
}

pub(crate) fn entry(row: EventRow) -> HistoryEntry {
    let (before, after) = (row.before_json.as_deref(), row.after_json.as_deref());
    let changes = match row.action.as_str() {
        "settings.point_rules" => rule_changes(decode(before), decode(after)),
        "settings.list_policy" => list_changes(decode(before), decode(after)),
        "settings.orglife" => orglife_changes(decode(before), decode(after)),
        "settings.visibility" => visibility_changes(decode(before), decode(after)),
        "settings.deadlines" => lead_changes(decode(before), decode(after)),
        "settings.dues" => dues_changes(decode(before), decode(after)),
        _ => field_changes(before, after),
    };
    HistoryEntry {
        seq: row.seq,
        at: row.at,
        action: row.action,
        actor: row.display_name,
        changes,
    }
}

fn decode<T: serde::de::DeserializeOwned + Default>(json: Option<&str>) -> T {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

fn change(field: &str, label: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        label: label.to_string(),
        before,
        after,
    }
}

/// A rule as the rules page reads it, without its name (the label carries it).
fn rule_text(table: &RuleTable, key: ActivityKey) -> String {
    table.rule(key).map_or_else(
        || "不计分".to_string(),
        |r| {
            describe_rule(r)
                .split_once('：')
                .map_or_else(|| describe_rule(r), |(_, rest)| rest.to_string())
        },
    )
}

fn rule_changes(before: RuleHistory, after: RuleHistory) -> Vec<FieldChange> {
    // The version this change set is the newest one.
    let Some(set) = after.changes().iter().max_by_key(|c| c.table.version) else {
        return Vec::new();
    };
    let old = before.at(set.from);
    let mut out = vec![change(
        "from",
        "生效日期",
        None,
        Some(format!("{}（第 {} 版）", set.from, set.table.version)),
    )];
    for key in ActivityKey::ALL.iter().copied() {
        let (b, a) = (rule_text(&old, key), rule_text(&set.table, key));
        if b != a {
            out.push(change(key.code(), key.label_zh(), Some(b), Some(a)));
        }
    }
    if old.daily_study_cap != set.table.daily_study_cap {
        let cap =
            |c: Option<i32>| Some(c.map_or_else(|| "不限".to_string(), |c| format!("{c} 分")));
        out.push(change(
            "daily_study_cap",
            "学习类每日上限",
            cap(old.daily_study_cap),
            cap(set.table.daily_study_cap),
        ));
    }
    out
}

fn list_changes(before: ListPolicy, after: ListPolicy) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if before.mode != after.mode {
        out.push(change(
            "mode",
            "划分方式",
            Some(before.describe_mode_zh()),
            Some(after.describe_mode_zh()),
        ));
    }
    if before.black_triggers != after.black_triggers {
        out.push(change(
            "black_triggers",
            "黑榜条件",
            Some(before.describe_black_zh()),
            Some(after.describe_black_zh()),
        ));
    }
    out
}

/// Each meeting kind whose required frequency changed (the newest rules of each side).
fn orglife_changes(before: RulesHistory, after: RulesHistory) -> Vec<FieldChange> {
    let latest = Date::new(9999, 12, 31).unwrap_or_else(|_| crate::clock::today_china());
    let (b, a) = (before.at(latest).1, after.at(latest).1);
    let text = |f: Option<domain::orglife::Frequency>| {
        Some(f.map_or_else(|| "不作要求".to_string(), |f| f.label_zh().to_string()))
    };
    MeetingKind::ALL
        .iter()
        .filter(|k| b.frequency(**k) != a.frequency(**k))
        .map(|k| {
            change(
                k.code(),
                k.label_zh(),
                text(b.frequency(*k)),
                text(a.frequency(*k)),
            )
        })
        .collect()
}

/// Each lead time that changed, with its unit.
fn lead_changes(before: DeadlineSettings, after: DeadlineSettings) -> Vec<FieldChange> {
    LEAD_TIMES
        .iter()
        .filter(|(f, _, _)| before.lead(f) != after.lead(f))
        .map(|(f, label, unit)| {
            let text = |s: &DeadlineSettings| s.lead(f).map(|v| format!("{v} {unit}"));
            change(f, label, text(&before), text(&after))
        })
        .collect()
}

fn dues_changes(before: DuesRules, after: DuesRules) -> Vec<FieldChange> {
    if before.rounding == after.rounding {
        return Vec::new();
    }
    vec![change(
        "rounding",
        "党费取整方式",
        Some(before.rounding.label_zh().to_string()),
        Some(after.rounding.label_zh().to_string()),
    )]
}

/// Each board whose visibility changed.
fn visibility_changes(before: VisibilityPolicy, after: VisibilityPolicy) -> Vec<FieldChange> {
    Board::ALL
        .iter()
        .filter(|b| before.of(**b) != after.of(**b))
        .map(|b| {
            change(
                b.code(),
                b.label_zh(),
                Some(before.of(*b).label_zh().to_string()),
                Some(after.of(*b).label_zh().to_string()),
            )
        })
        .collect()
}

/// Each top-level field that changed, as stored.
fn field_changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let object = |j: Option<&str>| crate::members::history::object(j);
    let (b, a) = (object(before), object(after));
    let show = |v: Option<&Value>| match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    a.keys()
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| change(k, k, show(b.get(k)), show(a.get(k))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::points::PointRule;

    #[test]
    fn a_new_table_lists_the_rules_it_changed_and_its_day() {
        let before = RuleHistory::default();
        let mut after = RuleHistory::default();
        let mut table = RuleTable::default_county();
        table.rules.retain(|r| r.key != ActivityKey::ArticleRead);
        table
            .rules
            .push(PointRule::new(ActivityKey::ArticleRead, 2));
        let day = Date::parse("2026-12-06").unwrap();
        after.change(day, day, table).unwrap();
        let changes = rule_changes(before, after);
        assert_eq!(changes[0].after.as_deref(), Some("2026-12-06（第 2 版）"));
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].label, "阅读文章");
        assert_eq!(
            changes[1].before.as_deref(),
            Some("每篇 1 分，每日最多 6 分")
        );
        assert_eq!(changes[1].after.as_deref(), Some("每篇 2 分"));
    }
}
