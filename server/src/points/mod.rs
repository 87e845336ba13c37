//! Booking points as they are earned: `domain::points::award` decides the number (caps
//! included, so the browser's preview and the booked number agree), this writes it.

use domain::{
    points::{award, Activity, ActivityKey, LedgerEntry, RuleTable},
    Date, ErrorCode,
};

use crate::{
    storage::{internal, Db},
    trail::{
        records::{to_json, LedgerRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// Awards inside the caller's transaction (after `TrailTx::lock`), so the action that earned
/// the points and the points commit together.
pub trait PointsTx {
    fn award_points(
        &mut self,
        actor_account_id: i64,
        member_id: i64,
        activity: &Activity,
        today: Date,
    ) -> impl std::future::Future<Output = Result<LedgerEntry, ErrorCode>> + Send;
}

macro_rules! impl_points_tx {
    ($db:ty) => {
        impl PointsTx for sqlx::Transaction<'static, $db> {
            async fn award_points(
                &mut self,
                actor_account_id: i64,
                member_id: i64,
                activity: &Activity,
                today: Date,
            ) -> Result<LedgerEntry, ErrorCode> {
                let rules = RuleTable::default_county();
                let year_start = Date::new(today.year(), 1, 1)?;
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT day, activity_key, points FROM points_ledger \
                     WHERE member_id = $1 AND day >= $2 ORDER BY id",
                )
                .bind(member_id)
                .bind(year_start.to_string())
                .fetch_all(&mut **self)
                .await
                .map_err(internal)?;
                let ledger = rows
                    .into_iter()
                    .map(|(day, key, points)| {
                        Ok(LedgerEntry {
                            date: Date::parse(&day)?,
                            activity_key: ActivityKey::parse(&key)?,
                            points: i32::try_from(points).map_err(|_| ErrorCode::InvalidPoints)?,
                        })
                    })
                    .collect::<Result<Vec<_>, ErrorCode>>()?;
                let entry = award(&rules, &ledger, activity, today)?;
                if entry.points == 0 {
                    return Ok(entry);
                }
                let mut record = LedgerRecord {
                    id: 0,
                    member_id,
                    day: today.to_string(),
                    activity_key: entry.activity_key.code().to_string(),
                    points: i64::from(entry.points),
                    rule_version: i64::from(rules.version),
                    created_at: crate::clock::now_rfc3339(),
                };
                record.id = sqlx::query_scalar(
                    "INSERT INTO points_ledger (member_id, day, activity_key, points, rule_version, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(record.member_id)
                .bind(&record.day)
                .bind(&record.activity_key)
                .bind(record.points)
                .bind(record.rule_version)
                .bind(&record.created_at)
                .fetch_one(&mut **self)
                .await
                .map_err(internal)?;
                // The yearly totals the boards read: the member's, and their organization's.
                for totals in [
                    "INSERT INTO member_points_year (member_id, year, points) VALUES ($1, $2, $3) \
                     ON CONFLICT (member_id, year) DO UPDATE \
                     SET points = member_points_year.points + excluded.points",
                    "INSERT INTO org_points_year (org_id, year, points) \
                     SELECT org_id, $2, $3 FROM members WHERE id = $1 \
                     ON CONFLICT (org_id, year) DO UPDATE \
                     SET points = org_points_year.points + excluded.points",
                ] {
                    sqlx::query(totals)
                        .bind(member_id)
                        .bind(i64::from(today.year()))
                        .bind(record.points)
                        .execute(&mut **self)
                        .await
                        .map_err(internal)?;
                }
                self.append(Change {
                    actor: Some(actor_account_id),
                    action: "points.award",
                    entity: "points_ledger",
                    entity_id: Some(record.id.to_string()),
                    before: None,
                    after: Some(to_json(&record)),
                })
                .await
                .map_err(internal)?;
                Ok(entry)
            }
        }
    };
}

impl_points_tx!(sqlx::Sqlite);
impl_points_tx!(sqlx::Postgres);

/// An account's own ledger from `from` on, oldest first (empty without a member file).
pub async fn ledger_of_account(
    db: &Db,
    account_id: i64,
    from: Date,
) -> Result<Vec<LedgerEntry>, ErrorCode> {
    let rows: Vec<(String, String, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT l.day, l.activity_key, l.points FROM points_ledger l \
             JOIN accounts a ON a.member_id = l.member_id \
             WHERE a.id = $1 AND l.day >= $2 ORDER BY l.day, l.id",
        )
        .bind(account_id)
        .bind(from.to_string())
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    rows.into_iter()
        .map(|(day, key, points)| {
            Ok(LedgerEntry {
                date: Date::parse(&day)?,
                activity_key: ActivityKey::parse(&key)?,
                points: i32::try_from(points).map_err(|_| ErrorCode::InvalidPoints)?,
            })
        })
        .collect()
}
