//! Each branch of a subtree as the command platform shows it: where it is, how many members it
//! has, the required meetings it has not had approved and its tasks, and so its flag
//! (docs/rules.md#the-command-platform).

use std::collections::HashMap;

use domain::{
    alerts::Reason, command::FlagState, deadlines::Meeting, Date, OrgId, OrgKind, OrgPath,
};

use crate::{error::ServiceResult, storage::Db, with_pool};

#[derive(Clone, Debug)]
pub struct Branch {
    pub id: OrgId,
    pub name: String,
    pub path: OrgPath,
    pub kind: OrgKind,
    /// A flowing branch's city (on the Pearl River Delta inset).
    pub city: Option<String>,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    pub members: i64,
    /// The required meetings of the unit of each kind that ended last without an approved
    /// record.
    pub missed: Vec<Reason>,
    /// Tasks sent to the branch not yet accepted, and those of them past the deadline without a
    /// report.
    pub open_tasks: i64,
    pub overdue_tasks: i64,
    pub flag: FlagState,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: OrgId,
    name: String,
    path: OrgPath,
    kind: OrgKind,
    city: Option<String>,
    lat_e6: Option<i64>,
    lng_e6: Option<i64>,
    created_at: String,
    members: i64,
    open_tasks: i64,
    overdue_tasks: i64,
}

/// The branches of the subtree at `path`, in the tree's order.
pub(super) async fn in_subtree(db: &Db, path: &OrgPath, today: Date) -> ServiceResult<Vec<Branch>> {
    let inside = path.like_prefix();
    // Tasks addressed to the branch itself; a member's own tasks are the member's.
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, o.path, o.kind, o.city, o.lat_e6, o.lng_e6, o.created_at, \
             COALESCE(c.members, 0) AS members, \
             (SELECT COUNT(*) FROM task_assignments a WHERE a.org_id = o.id AND a.member_id IS NULL \
              AND a.state <> 'accepted') AS open_tasks, \
             (SELECT COUNT(*) FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
              WHERE a.org_id = o.id AND a.member_id IS NULL AND a.state IN ('open', 'returned') \
              AND t.deadline < $2) AS overdue_tasks \
             FROM organizations o LEFT JOIN org_member_counts c ON c.org_id = o.id \
             WHERE o.path LIKE $1 AND o.kind IN ('branch', 'flowing_branch') AND o.dissolved_at IS NULL \
             ORDER BY o.path",
        )
        .bind(&inside)
        .bind(today.to_string())
        .fetch_all(pool)
        .await?
    });
    // Approved meetings from the first day of last year: the last ended unit of a yearly kind
    // began then.
    let start = Date::new(today.year() - 1, 1, 1)?;
    let approved = crate::orglife::compliance::approved_by_branch(db, &inside, start).await?;
    let meetings: Vec<Meeting> = approved
        .iter()
        .flat_map(|(org, held)| {
            held.iter().map(|&(kind, day)| Meeting {
                org: *org,
                kind,
                day,
                recorded: true,
            })
        })
        .collect();
    let since = rows
        .iter()
        .map(|r| {
            let day = crate::clock::china_minute_of(&r.created_at);
            Ok((r.id, Date::parse(day.get(..10).unwrap_or_default())?))
        })
        .collect::<Result<Vec<_>, domain::ErrorCode>>()?;
    let history = crate::settings::orglife_rules(db).await?;
    let mut missed: HashMap<OrgId, Vec<Reason>> =
        domain::alerts::missed_meetings(&history, &since, &meetings, today)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let missed = missed.remove(&r.id).unwrap_or_default();
            let overdue = u32::try_from(r.overdue_tasks).unwrap_or(u32::MAX);
            Branch {
                flag: FlagState::of(!missed.is_empty(), overdue),
                id: r.id,
                name: r.name,
                path: r.path,
                kind: r.kind,
                city: r.city,
                lat_e6: r.lat_e6,
                lng_e6: r.lng_e6,
                members: r.members,
                missed,
                open_tasks: r.open_tasks,
                overdue_tasks: r.overdue_tasks,
            }
        })
        .collect())
}
