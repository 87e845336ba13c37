//! 重点警示 (docs/rules.md#key-warnings): the county's branches whose members did no study for
//! the county's number of days or that missed a required meeting in the period that ended last.
//! `domain::alerts` decides; here the branches, their last study and their meetings are read.
//! The boards show them (and put the branch on the black list); the daily reminders tell each
//! branch's committee once per reason.

use std::collections::HashMap;

use domain::{
    alerts::{Reason, Watched},
    points::ActivityKey,
    Date, OrgId, OrgPath,
};

use crate::orgs::reviewer_of_o;
use crate::{error::ServiceResult, storage::Db, with_pool};

/// One branch on the list.
#[derive(Clone, Debug)]
pub struct KeyWarning {
    pub org_id: OrgId,
    pub name: String,
    pub path: OrgPath,
    /// The organization that reviews the branch (its nearest ancestor that is not a branch).
    pub reviewer: Option<OrgId>,
    pub reasons: Vec<Reason>,
}

impl KeyWarning {
    /// The reasons in one line, as boards and messages show them.
    pub fn reasons_zh(&self) -> String {
        self.reasons
            .iter()
            .map(Reason::describe_zh)
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// Every branch of the county on the list today, in tree order.
pub async fn county(db: &Db, today: Date) -> ServiceResult<Vec<KeyWarning>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: OrgId,
        name: String,
        path: OrgPath,
        reviewer: Option<OrgId>,
        created_at: String,
        last_study: Option<String>,
    }
    let days = crate::settings::deadlines(db).await?.alert_no_study_days;
    // Branches with members: the last time any of them studied — study progress is written
    // whenever a member reads or watches; points for study within the county's days count too.
    let window = today.add_days(-i64::from(days))?.to_string();
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            concat!("SELECT o.id, o.name, o.path, o.created_at, ", reviewer_of_o!(), " AS reviewer, \
             (SELECT MAX(p.updated_at) FROM study_progress p JOIN members m ON m.id = p.member_id \
              WHERE m.org_id = o.id) AS last_study \
             FROM organizations o JOIN org_member_counts c ON c.org_id = o.id \
             WHERE o.kind IN ('branch', 'flowing_branch') AND o.dissolved_at IS NULL AND c.members > 0 \
             ORDER BY o.path"),
        )
        .fetch_all(pool)
        .await?
    });
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let booked: Vec<(OrgId, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.org_id, MAX(l.day) FROM points_ledger l JOIN members m ON m.id = l.member_id \
             WHERE l.day >= $1 AND l.activity_key IN ($2, $3, $4) GROUP BY m.org_id",
        )
        .bind(&window)
        .bind(ActivityKey::ArticleRead.code())
        .bind(ActivityKey::VideoWatched.code())
        .bind(ActivityKey::QuizCompleted.code())
        .fetch_all(pool)
        .await?
    });
    let booked: HashMap<OrgId, String> = booked.into_iter().collect();
    // From the first day of last year: the last ended period of a yearly kind began then.
    let since = Date::new(today.year() - 1, 1, 1)?;
    let meetings = crate::orglife::compliance::meetings_since(db, since).await?;
    // Stored times are UTC; the day they fell on is China's.
    let day_of = |t: &str| {
        Date::parse(
            crate::clock::china_minute_of(t)
                .get(..10)
                .unwrap_or_default(),
        )
    };
    let branches: Vec<Watched> = rows
        .iter()
        .map(|r| {
            let progress = r.last_study.as_deref().map(day_of).transpose()?;
            let points = booked.get(&r.id).map(|d| day_of(d)).transpose()?;
            Ok(Watched {
                id: r.id,
                since: day_of(&r.created_at)?,
                last_study: progress.max(points),
            })
        })
        .collect::<Result<_, domain::ErrorCode>>()?;
    let history = crate::settings::orglife_rules(db).await?;
    let found = domain::alerts::key_warnings(&history, &branches, &meetings, today, days)?;
    let mut rows: HashMap<OrgId, Row> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(found
        .into_iter()
        .filter_map(|a| {
            let r = rows.remove(&a.branch)?;
            Some(KeyWarning {
                org_id: r.id,
                name: r.name,
                path: r.path,
                reviewer: r.reviewer,
                reasons: a.reasons,
            })
        })
        .collect())
}
