//! Booking points as they are earned: `domain::points::award` decides the number (caps
//! included, so the browser's preview and the booked number agree), this writes it.

use crate::error::ServiceResult;
use domain::{
    points::{award, Activity, ActivityKey, LedgerEntry},
    Date, ErrorCode,
};

use crate::{
    storage::Db,
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
        actor_account_id: domain::AccountId,
        member_id: domain::MemberId,
        activity: &Activity,
        today: Date,
    ) -> impl std::future::Future<Output = ServiceResult<LedgerEntry>> + Send;

    /// The same activity for many members at once, e.g. the month-end dues deductions: one
    /// query for the members' earlier entries (of that activity; of the whole year for study,
    /// whose daily cap spans its kinds), one insert and one trail event per entry, the yearly
    /// totals once per member and organization. `members` may name a member more than once;
    /// `actor` is `None` for the system (a scheduled job). Returns each award's entry, in
    /// order (zero points when a cap took it).
    fn award_points_many(
        &mut self,
        actor: Option<domain::AccountId>,
        members: &[domain::MemberId],
        activity: &Activity,
        today: Date,
    ) -> impl std::future::Future<Output = ServiceResult<Vec<LedgerEntry>>> + Send;
}

/// One earlier ledger entry, read to apply the caps.
#[derive(sqlx::FromRow)]
struct LedgerRow {
    member_id: domain::MemberId,
    day: Date,
    activity_key: ActivityKey,
    points: i64,
}

macro_rules! impl_points_tx {
    ($db:ty) => {
        impl PointsTx for sqlx::Transaction<'static, $db> {
            async fn award_points(
                &mut self,
                actor_account_id: domain::AccountId,
                member_id: domain::MemberId,
                activity: &Activity,
                today: Date,
            ) -> ServiceResult<LedgerEntry> {
                self.award_points_many(Some(actor_account_id), &[member_id], activity, today)
                    .await?
                    .pop()
                    .ok_or(ErrorCode::Internal.into())
            }

            async fn award_points_many(
                &mut self,
                actor: Option<domain::AccountId>,
                awards: &[domain::MemberId],
                activity: &Activity,
                today: Date,
            ) -> ServiceResult<Vec<LedgerEntry>> {
                use std::collections::HashMap;
                let key = activity.key();
                // The county's table in force on the day, read in this transaction.
                let stored: Option<String> =
                    sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
                        .bind(crate::settings::POINT_RULES_KEY)
                        .fetch_optional(&mut **self)
                        .await?;
                let rules = crate::settings::decode::<domain::points::RuleHistory>(
                    crate::settings::POINT_RULES_KEY,
                    stored,
                )
                .at(today);
                let year_start = Date::new(today.year(), 1, 1)?;
                let mut members: Vec<domain::MemberId> = awards.to_vec();
                members.sort_unstable();
                members.dedup();
                let mut ledgers: HashMap<domain::MemberId, Vec<LedgerEntry>> = HashMap::new();
                let mut orgs: HashMap<domain::MemberId, domain::OrgId> = HashMap::new();
                for chunk in members.chunks(500) {
                    let mut q = sqlx::QueryBuilder::new(
                        "SELECT member_id, day, activity_key, points FROM points_ledger WHERE day >= ",
                    );
                    q.push_bind(year_start.to_string());
                    if !key.is_study() {
                        q.push(" AND activity_key = ").push_bind(key.code());
                    }
                    q.push(" AND member_id IN (");
                    let mut list = q.separated(", ");
                    for m in chunk {
                        list.push_bind(*m);
                    }
                    q.push(") ORDER BY id");
                    let rows: Vec<LedgerRow> =
                        q.build_query_as().fetch_all(&mut **self).await?;
                    for row in rows {
                        ledgers.entry(row.member_id).or_default().push(LedgerEntry {
                            date: row.day,
                            activity_key: row.activity_key,
                            points: i32::try_from(row.points).map_err(|_| ErrorCode::InvalidPoints)?,
                        });
                    }
                    let mut q = sqlx::QueryBuilder::new("SELECT id, org_id FROM members WHERE id IN (");
                    let mut list = q.separated(", ");
                    for m in chunk {
                        list.push_bind(*m);
                    }
                    // Only members on the rolls add to their organization's board total.
                    q.push(") AND standing = 'active'");
                    let rows: Vec<(domain::MemberId, domain::OrgId)> =
                        q.build_query_as().fetch_all(&mut **self).await?;
                    orgs.extend(rows);
                }
                let now = crate::clock::now_rfc3339();
                let mut entries = Vec::with_capacity(awards.len());
                let mut events = Vec::new();
                let mut per_member: HashMap<domain::MemberId, i64> = HashMap::new();
                for member in awards {
                    let ledger = ledgers.entry(*member).or_default();
                    let entry = award(&rules, ledger, activity, today)?;
                    entries.push(entry);
                    if entry.points == 0 {
                        continue;
                    }
                    ledger.push(entry);
                    let mut record = LedgerRecord {
                        id: 0,
                        member_id: *member,
                        day: today.to_string(),
                        activity_key: key.code().to_string(),
                        points: i64::from(entry.points),
                        rule_version: i64::from(rules.version),
                        created_at: now.clone(),
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
                    ?;
                    *per_member.entry(*member).or_default() += record.points;
                    events.push(Change {
                        actor,
                        action: "points.award",
                        entity: "points_ledger",
                        entity_id: Some(record.id.to_string()),
                        before: None,
                        after: Some(to_json(&record)),
                    });
                }
                self.append_all(events).await?;
                let mut per_org: HashMap<domain::OrgId, i64> = HashMap::new();
                for (member, points) in &per_member {
                    if let Some(org) = orgs.get(member) {
                        *per_org.entry(*org).or_default() += points;
                    }
                }
                // The yearly totals the boards read: the members', and their organizations'.
                let year = i64::from(today.year());
                let member_totals: Vec<(i64, i64)> = per_member.iter().map(|(k, v)| (k.get(), *v)).collect();
                let org_totals: Vec<(i64, i64)> = per_org.iter().map(|(k, v)| (k.get(), *v)).collect();
                for (table, key_col, rows) in [
                    ("member_points_year", "member_id", member_totals),
                    ("org_points_year", "org_id", org_totals),
                ] {
                    for chunk in rows.chunks(500) {
                        let mut q = sqlx::QueryBuilder::new(format!(
                            "INSERT INTO {table} ({key_col}, year, points) "
                        ));
                        q.push_values(chunk, |mut row, (k, v)| {
                            row.push_bind(*k).push_bind(year).push_bind(*v);
                        });
                        q.push(format!(
                            " ON CONFLICT ({key_col}, year) DO UPDATE SET points = {table}.points + excluded.points"
                        ));
                        q.build().execute(&mut **self).await?;
                    }
                }
                Ok(entries)
            }
        }
    };
}

impl_points_tx!(sqlx::Sqlite);
impl_points_tx!(sqlx::Postgres);

/// An account's own ledger from `from` on, oldest first (empty without a member file).
pub async fn ledger_of_account(
    db: &Db,
    account_id: domain::AccountId,
    from: Date,
) -> ServiceResult<Vec<LedgerEntry>> {
    #[derive(sqlx::FromRow)]
    struct EntryRow {
        day: Date,
        activity_key: ActivityKey,
        points: i64,
    }
    let rows: Vec<EntryRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT l.day, l.activity_key, l.points FROM points_ledger l \
             JOIN accounts a ON a.member_id = l.member_id \
             WHERE a.id = $1 AND l.day >= $2 ORDER BY l.day, l.id",
        )
        .bind(account_id)
        .bind(from.to_string())
        .fetch_all(pool)
        .await
        ?
    });
    rows.into_iter()
        .map(|r| {
            Ok(LedgerEntry {
                date: r.day,
                activity_key: r.activity_key,
                points: i32::try_from(r.points).map_err(|_| ErrorCode::InvalidPoints)?,
            })
        })
        .collect()
}
