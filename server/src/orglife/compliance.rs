//! `/compliance`: per branch, the meetings the rules require this year so far against those held
//! (finally approved records), branches behind first; members absent twice or more without
//! excuse are named (the black list's trigger). Committees see their branches, the county all.

use crate::error::ServiceResult;
use std::collections::HashMap;

use app::orglife::{BranchCompliance, ComplianceView, KindCompliance, RequiredFrequency};
use domain::{
    access::Reach,
    orglife::{compliance_ratio, requirement_code, requirement_label, MeetingKind, OrgLifeRules},
    Date, ErrorCode,
};

use crate::{access::Actor, storage::Db, with_pool};

pub async fn overview(
    db: &Db,
    actor: &Actor,
    detail: Option<i64>,
) -> ServiceResult<ComplianceView> {
    let readers = &super::record::READERS;
    if !(actor.may_any(readers, Reach::ScopeRoot) || actor.may_any(readers, Reach::Below)) {
        return Err(ErrorCode::Forbidden.into());
    }
    let today = crate::clock::today_china();
    let start = Date::new(today.year(), 1, 1)?;
    let inside = actor.scope_path.like_prefix();
    let branches: Vec<(domain::OrgId, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name FROM organizations WHERE path LIKE $1 AND kind IN ('branch', 'flowing_branch') \
             AND dissolved_at IS NULL ORDER BY path",
        )
        .bind(&inside)
        .fetch_all(pool)
        .await
        ?
    });
    let at_least = absence_line(db).await?;
    let absentees = absentees(db, &inside, &start.to_string(), at_least).await?;
    let mut by_branch = approved_by_branch(db, &inside, start).await?;
    let history = crate::settings::orglife_rules(db).await?;
    let mut rows = Vec::with_capacity(branches.len());
    for (org_id, name) in branches {
        let meetings = by_branch.remove(&org_id).unwrap_or_default();
        let kinds = history.compliance(&meetings, (start, today))?;
        rows.push(BranchCompliance {
            org_id,
            name,
            behind: kinds.iter().any(|k| k.behind),
            ratio: compliance_ratio(&kinds).to_percent_string(),
            kinds: kinds
                .iter()
                .map(|k| KindCompliance {
                    kind_label: k.kind.label_zh().into(),
                    frequency_label: k.frequency.label_zh().into(),
                    required: k.required,
                    held: k.held,
                    missed: k.missed_units,
                })
                .collect(),
            absentees: absentees.get(&org_id).cloned().unwrap_or_default(),
        });
    }
    // Behind first, flagged members next, then the tree's order.
    rows.sort_by_key(|r| (!r.behind, r.absentees.is_empty()));
    let detail = detail.and_then(|id| rows.iter().find(|r| r.org_id.get() == id).cloned());
    let (since, rules) = history.at(today);
    Ok(ComplianceView {
        period: format!("{start} 至 {today}"),
        branches: rows,
        detail,
        required: required(&rules),
        rules_since: since.map(|d| d.to_string()),
        can_configure: crate::settings::may_configure(actor),
        absence_line: at_least,
    })
}

/// The approved meetings of each branch in the subtree `inside` (a `LIKE` prefix) since
/// `start`: what compliance counts as held.
pub(crate) async fn approved_by_branch(
    db: &Db,
    inside: &str,
    start: Date,
) -> ServiceResult<HashMap<domain::OrgId, Vec<(MeetingKind, Date)>>> {
    #[derive(sqlx::FromRow)]
    struct Held {
        org_id: domain::OrgId,
        kind: MeetingKind,
        starts_at: String,
    }
    let held: Vec<Held> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.org_id, m.kind, m.starts_at FROM meetings m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.status = 'approved' AND m.starts_at >= $2",
        )
        .bind(inside)
        .bind(start.to_string())
        .fetch_all(pool)
        .await?
    });
    let mut by_branch: HashMap<domain::OrgId, Vec<(MeetingKind, Date)>> = HashMap::new();
    for m in held {
        let day = Date::parse(m.starts_at.get(..10).unwrap_or_default())?;
        by_branch.entry(m.org_id).or_default().push((m.kind, day));
    }
    Ok(by_branch)
}

fn required(rules: &OrgLifeRules) -> Vec<RequiredFrequency> {
    let regulation = OrgLifeRules::default();
    MeetingKind::ALL
        .iter()
        .map(|&kind| RequiredFrequency {
            kind: kind.code().into(),
            kind_label: kind.label_zh().into(),
            frequency: requirement_code(rules.frequency(kind)).into(),
            frequency_label: requirement_label(rules.frequency(kind)).into(),
            regulation: requirement_label(regulation.frequency(kind)).into(),
        })
        .collect()
}

/// How many unexcused absences this year put a member on the branch's and committee's list: the
/// county's black-list line when it has one (docs/rules.md#the-four-lists), else two.
pub async fn absence_line(db: &Db) -> ServiceResult<u32> {
    let policy = crate::settings::list_policy(db).await?;
    Ok(policy
        .black_triggers
        .org_life_absent_unexcused_min
        .unwrap_or(DEFAULT_ABSENCE_LINE))
}

const DEFAULT_ABSENCE_LINE: u32 = 2;

/// Members absent without excuse from `at_least` approved meetings since `start`, by branch.
async fn absentees(
    db: &Db,
    inside: &str,
    start: &str,
    at_least: u32,
) -> ServiceResult<HashMap<domain::OrgId, Vec<(String, u32)>>> {
    #[derive(sqlx::FromRow)]
    struct Absent {
        org_id: domain::OrgId,
        name: String,
        times: i64,
    }
    let rows: Vec<Absent> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT mb.org_id, mb.name, COUNT(*) AS times FROM meeting_attendance a \
             JOIN meetings m ON m.id = a.meeting_id JOIN members mb ON mb.id = a.member_id \
             JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.status = 'approved' AND m.starts_at >= $2 AND a.status = 'absent' \
             AND mb.standing = 'active' \
             GROUP BY mb.org_id, mb.id, mb.name HAVING COUNT(*) >= $3 ORDER BY mb.org_id, mb.name",
        )
        .bind(inside)
        .bind(start)
        .bind(i64::from(at_least))
        .fetch_all(pool)
        .await
        ?
    });
    let mut out: HashMap<domain::OrgId, Vec<(String, u32)>> = HashMap::new();
    for r in rows {
        let times = u32::try_from(r.times).unwrap_or(u32::MAX);
        out.entry(r.org_id).or_default().push((r.name, times));
    }
    Ok(out)
}

/// Approved meetings this year a member missed without excuse (the black list's trigger).
pub async fn unexcused_absences(
    db: &Db,
    member_id: domain::MemberId,
    year: i32,
) -> ServiceResult<u32> {
    let n: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id \
             WHERE a.member_id = $1 AND a.status = 'absent' AND m.status = 'approved' AND m.starts_at >= $2",
        )
        .bind(member_id)
        .bind(format!("{year}-01-01"))
        .fetch_one(pool)
        .await
        ?
    });
    Ok(n as u32)
}

/// Every meeting from `since` on, as reminders and warnings read them: recorded once it is no
/// longer only planned (a planned one still counts as arranged for the current period).
pub async fn meetings_since(
    db: &Db,
    since: Date,
) -> ServiceResult<Vec<domain::deadlines::Meeting>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        org_id: domain::OrgId,
        kind: domain::orglife::MeetingKind,
        starts_at: String,
        status: domain::orglife::MeetingStatus,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as("SELECT org_id, kind, starts_at, status FROM meetings WHERE starts_at >= $1")
            .bind(since.to_string())
            .fetch_all(pool)
            .await?
    });
    rows.iter()
        .map(|m| {
            Ok(domain::deadlines::Meeting {
                org: m.org_id,
                kind: m.kind,
                day: Date::parse(m.starts_at.get(..10).unwrap_or_default())?,
                recorded: m.status != domain::orglife::MeetingStatus::Planned,
            })
        })
        .collect()
}
