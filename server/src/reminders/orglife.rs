//! Organizational-life reminders: in the last week of a month, quarter or year, a branch that has
//! not yet held (or at least planned) a required meeting of that period is reminded — one message
//! to its secretary listing what is missing; in the first week after, the committee above is
//! warned of its branches that missed one — one message per committee listing them.

use crate::error::ServiceResult;
use std::collections::{HashMap, HashSet};

use domain::{
    orglife::{period_of, Frequency, MeetingKind, RulesHistory, REMIND_DAYS_BEFORE},
    Date,
};

use super::{admins_of, Outgoing};
use crate::{storage::Db, with_pool};

/// The unit of `kind` owed that ended in the last [`REMIND_DAYS_BEFORE`] days, if any (and the
/// kind is still required: compliance no longer counts the others).
fn just_ended(
    history: &RulesHistory,
    kind: MeetingKind,
    today: Date,
) -> ServiceResult<Option<(Date, Date)>> {
    if history.frequency_at(kind, today).1.is_none() {
        return Ok(None);
    }
    for frequency in Frequency::ALL {
        let (start, _) = period_of(*frequency, today)?;
        let unit = period_of(*frequency, start.add_days(-1)?)?;
        if (1..=REMIND_DAYS_BEFORE).contains(&unit.1.days_between(today))
            && history.owed(kind, *frequency, unit)
        {
            return Ok(Some(unit));
        }
    }
    Ok(None)
}

pub(super) async fn orglife_reminders(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let history = crate::settings::orglife_rules(db).await?;
    let branches: Vec<(i64, Option<i64>, String)> = with_pool!(db, pool => {
        // With the committee that reviews each (its nearest ancestor that is not a branch).
        sqlx::query_as(
            "SELECT o.id, (SELECT r.id FROM organizations r WHERE o.path LIKE r.path || '%' \
             AND r.kind NOT LIKE '%branch' ORDER BY r.depth DESC LIMIT 1), o.name \
             FROM organizations o WHERE o.kind IN ('branch', 'flowing_branch') ORDER BY o.path",
        )
            .fetch_all(pool)
            .await
            ?
    });
    // Meetings that count for a period: held (recorded) or, for the current one, planned.
    let since = today.add_days(-400)?.to_string();
    let meetings: Vec<(i64, String, String, String)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT org_id, kind, starts_at, status FROM meetings WHERE starts_at >= $1")
            .bind(&since)
            .fetch_all(pool)
            .await
            ?
    });
    let mut had: HashSet<(i64, MeetingKind, (Date, Date), bool)> = HashSet::new();
    for (org, kind, at, status) in meetings {
        let (Ok(kind), Ok(day)) = (
            MeetingKind::parse(&kind),
            Date::parse(at.get(..10).unwrap_or_default()),
        ) else {
            continue;
        };
        // Under every unit the day falls in: the rules may have changed since.
        for freq in Frequency::ALL {
            had.insert((org, kind, period_of(*freq, day)?, status != "planned"));
        }
    }
    let mut admins: HashMap<i64, Vec<i64>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }

    let mut out = Vec::new();
    // Committee → (the day the missed periods ended, "branch（kind）" entries).
    let mut behind_by_committee: HashMap<i64, (Date, Vec<String>)> = HashMap::new();
    for (org, parent, name) in &branches {
        let mut missing_now = Vec::new();
        for &kind in MeetingKind::ALL {
            if let Some(unit) = history.unit_owed(kind, today)? {
                let planned_or_held = had.contains(&(*org, kind, unit, false))
                    || had.contains(&(*org, kind, unit, true));
                if (0..REMIND_DAYS_BEFORE).contains(&today.days_between(unit.1)) && !planned_or_held
                {
                    missing_now.push((kind, unit.0));
                }
            }
            // The unit that just ended, in its first week: only recorded meetings count.
            let Some(prev) = just_ended(&history, kind, today)? else {
                continue;
            };
            if !had.contains(&(*org, kind, prev, true)) {
                if let Some(p) = parent {
                    behind_by_committee
                        .entry(*p)
                        .or_insert_with(|| (prev.1, Vec::new()))
                        .1
                        .push(format!("{name}（{}）", kind.label_zh()));
                }
            }
        }
        if !missing_now.is_empty() {
            let kinds: Vec<&str> = missing_now.iter().map(|(k, _)| k.label_zh()).collect();
            let key: Vec<String> = missing_now
                .iter()
                .map(|(k, s)| format!("{}@{s}", k.code()))
                .collect();
            for &account_id in admins.get(org).into_iter().flatten() {
                out.push(Outgoing {
                    account_id,
                    title: "组织生活提醒".into(),
                    body: format!("本期尚未开展：{}。请及时安排并记录。", kinds.join("、")),
                    link: "/org-life".into(),
                    dedupe_key: Some(format!("orglife:{org}:{}:near", key.join(","))),
                });
            }
        }
    }
    for (committee, (ended, behind)) in behind_by_committee {
        for &account_id in admins.get(&committee).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: "组织生活预警".into(),
                body: format!(
                    "上一期有 {} 项未按要求开展：{}",
                    behind.len(),
                    behind
                        .iter()
                        .take(20)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                link: "/compliance".into(),
                dedupe_key: Some(format!("orglife:{committee}:{ended}:overdue")),
            });
        }
    }
    Ok(out)
}
