//! Composite scores (docs/rules.md#branch-and-committee-scores): each branch's members' average
//! points, organizational life held against what the rules require, its tasks done on time and
//! its dues collected, weighted as the county sets; a committee's score is the mean of its
//! branches'. Computed for the year so far (a past year: the whole year).

use std::collections::HashMap;

use domain::{
    orglife::{compliance_ratio, MeetingKind},
    points::{average_of_total, committee_score, composite, Composite},
    task::{completion, on_time, AssignmentState},
    Date, OrgId, OrgKind, OrgPath, Permille,
};

use crate::{error::ServiceResult, storage::Db, with_pool};

/// One branch's composite score with its parts.
#[derive(Clone, Debug)]
pub struct BranchComposite {
    pub org_id: OrgId,
    pub name: String,
    pub path: OrgPath,
    pub members: i64,
    pub parts: Composite,
    /// Tasks done on time, of those due: what the task part is the share of.
    pub tasks: (u64, u64),
}

/// One committee's score: the mean of its branches'.
#[derive(Clone, Debug)]
pub struct CommitteeComposite {
    pub org_id: OrgId,
    pub name: String,
    pub branches: i64,
    pub score: Permille,
}

/// The days a year's scores cover: from 1 January to today, or to 31 December for a past year.
fn period(year: i32, today: Date) -> ServiceResult<(Date, Date)> {
    let start = Date::new(year, 1, 1)?;
    let end = Date::new(year, 12, 31)?.min(today).max(start);
    Ok((start, end))
}

/// Every branch under `path`, with its composite score for `year`.
pub async fn branches(
    db: &Db,
    path: &OrgPath,
    year: i32,
    today: Date,
) -> ServiceResult<Vec<BranchComposite>> {
    let (start, end) = period(year, today)?;
    let inside = path.like_prefix();
    #[derive(sqlx::FromRow)]
    struct Branch {
        id: OrgId,
        name: String,
        path: OrgPath,
        members: i64,
        points: i64,
    }
    let rows: Vec<Branch> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, o.path, COALESCE(c.members, 0) AS members, COALESCE(p.points, 0) AS points \
             FROM organizations o LEFT JOIN org_member_counts c ON c.org_id = o.id \
             LEFT JOIN org_points_year p ON p.org_id = o.id AND p.year = $2 \
             WHERE o.path LIKE $1 AND o.kind IN ('branch', 'flowing_branch') AND o.dissolved_at IS NULL \
             ORDER BY o.path",
        )
        .bind(&inside)
        .bind(i64::from(year))
        .fetch_all(pool)
        .await?
    });
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Organizational life: finally approved meetings in the period.
    let held: Vec<(OrgId, MeetingKind, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.org_id, m.kind, m.starts_at FROM meetings m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.status = 'approved' AND m.starts_at >= $2 AND m.starts_at < $3",
        )
        .bind(&inside)
        .bind(start.to_string())
        .bind(end.add_days(1)?.to_string())
        .fetch_all(pool)
        .await?
    });
    let mut meetings: HashMap<OrgId, Vec<(MeetingKind, Date)>> = HashMap::new();
    for (org, kind, starts_at) in held {
        let day = Date::parse(starts_at.get(..10).unwrap_or_default())?;
        meetings.entry(org).or_default().push((kind, day));
    }
    let history = crate::settings::orglife_rules(db).await?;
    // Tasks sent to the branch itself with a deadline this year: due once the deadline has
    // passed or it was accepted; on time when the accepted report came by the deadline. A
    // report waiting for review counts neither way until it is decided.
    let tasks: Vec<(OrgId, String, AssignmentState, Option<String>)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.org_id, t.deadline, a.state, a.reported_on FROM task_assignments a \
             JOIN tasks t ON t.id = a.task_id JOIN organizations o ON o.id = a.org_id \
             WHERE a.member_id IS NULL AND o.path LIKE $1 AND t.deadline >= $2 AND t.deadline <= $3",
        )
        .bind(&inside)
        .bind(start.to_string())
        .bind(format!("{year}-12-31"))
        .fetch_all(pool)
        .await?
    });
    let mut task_counts: HashMap<OrgId, (u64, u64)> = HashMap::new();
    for (org, deadline, state, reported_on) in tasks {
        let deadline = Date::parse(&deadline)?;
        let accepted = state == AssignmentState::Accepted;
        if !(accepted || (deadline < today && state != AssignmentState::Reported)) {
            continue;
        }
        let done = accepted
            && reported_on
                .as_deref()
                .and_then(|d| Date::parse(d).ok())
                .is_some_and(|d| on_time(d, deadline));
        let c = task_counts.entry(org).or_default();
        c.1 += 1;
        if done {
            c.0 += 1;
        }
    }
    // Dues: collected of expected in the year's bills (a voluntary order left unpaid was never
    // owed), as the ledger counts them — this year's up to last month: the month's own bill is
    // not late before the month is out.
    let last_month = if year == today.year() {
        domain::YearMonth::of(today).add_months(-1)?.to_string()
    } else {
        format!("{year}-12")
    };
    let dues: Vec<(OrgId, i64, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT b.org_id, \
             CAST(SUM(CASE WHEN b.kind = 'monthly' OR b.paid_at IS NOT NULL THEN b.amount_fen ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN b.paid_at IS NULL THEN 0 ELSE b.amount_fen END) AS BIGINT) \
             FROM dues_bills b JOIN organizations o ON o.id = b.org_id \
             WHERE o.path LIKE $1 AND b.month >= $2 AND b.month <= $3 GROUP BY b.org_id",
        )
        .bind(&inside)
        .bind(format!("{year}-01"))
        .bind(last_month)
        .fetch_all(pool)
        .await?
    });
    let dues: HashMap<OrgId, (i64, i64)> = dues.into_iter().map(|(o, e, c)| (o, (e, c))).collect();
    let weights = crate::settings::score_weights(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for b in rows {
        let kinds =
            history.compliance(&meetings.remove(&b.id).unwrap_or_default(), (start, end))?;
        let (done, due) = task_counts.get(&b.id).copied().unwrap_or_default();
        let (expected, collected) = dues.get(&b.id).copied().unwrap_or_default();
        let dues_part = Permille::ratio(
            u64::try_from(collected.max(0)).unwrap_or(0),
            u64::try_from(expected.max(0)).unwrap_or(0),
        )?;
        let parts = composite(
            &weights,
            average_of_total(i128::from(b.points), i128::from(b.members)),
            compliance_ratio(&kinds),
            completion(done, due),
            dues_part,
        )?;
        out.push(BranchComposite {
            org_id: b.id,
            name: b.name,
            path: b.path,
            members: b.members,
            parts,
            tasks: (done, due),
        });
    }
    Ok(out)
}

/// The committees directly below the county root, each scored by its branches.
pub async fn committees(
    db: &Db,
    root: &OrgPath,
    branches: &[BranchComposite],
) -> ServiceResult<Vec<CommitteeComposite>> {
    let rows: Vec<(OrgId, String, OrgPath, OrgKind)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name, path, kind FROM organizations WHERE path LIKE $1 AND dissolved_at IS NULL ORDER BY path",
        )
        .bind(root.like_prefix())
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, kind)| kind.is_committee())
        .map(|(org_id, name, path, _)| {
            let scores: Vec<Permille> = branches
                .iter()
                .filter(|b| path.contains(&b.path))
                .map(|b| b.parts.score)
                .collect();
            CommitteeComposite {
                org_id,
                name,
                branches: i64::try_from(scores.len()).unwrap_or(i64::MAX),
                score: committee_score(&scores),
            }
        })
        .collect())
}
