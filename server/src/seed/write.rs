//! Bulk insert of the demo dataset in one transaction, the same SQL on both engines.

use sqlx::QueryBuilder;

use super::Dataset;
use crate::storage::Db;

/// Rows per INSERT: under SQLite's and PostgreSQL's bound-parameter limits at 17 columns.
const BATCH: usize = 1_000;
const CREATED_AT: &str = "2026-11-01T00:00:00Z";

pub async fn write_all(db: &Db, data: &Dataset, password_hash: &str) -> Result<(), sqlx::Error> {
    write_rows(db, data, password_hash).await?;
    // The seed chose the ids itself; PostgreSQL's identity sequences must continue after them
    // (SQLite's rowid does so on its own).
    if let Db::Postgres(pool) = db {
        for table in ["organizations", "members", "accounts"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

async fn write_rows(db: &Db, data: &Dataset, password_hash: &str) -> Result<(), sqlx::Error> {
    let rule_version = i64::from(domain::points::RuleTable::default_county().version);
    crate::with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for chunk in data.orgs.chunks(BATCH) {
            let mut q = QueryBuilder::new(
                "INSERT INTO organizations (id, parent_id, kind, name, path, depth, is_village, city, \
                 lat_e6, lng_e6, term_start, term_end, created_at) ",
            );
            q.push_values(chunk, |mut b, o| {
                b.push_bind(o.id)
                    .push_bind(o.parent_id)
                    .push_bind(o.kind)
                    .push_bind(&o.name)
                    .push_bind(&o.path)
                    .push_bind(o.depth)
                    .push_bind(i64::from(o.is_village))
                    .push_bind(o.city)
                    .push_bind(o.lat_e6)
                    .push_bind(o.lng_e6)
                    .push_bind(&o.term_start)
                    .push_bind(&o.term_end)
                    .push_bind(CREATED_AT);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in data.members.chunks(BATCH) {
            let mut q = QueryBuilder::new(
                "INSERT INTO members (id, org_id, name, sex, ethnicity, birth_date, id_number, mobile, \
                 education, joined_on, full_on, status, job, dues_category, dues_base_fen, \
                 flowing_destination, created_at) ",
            );
            q.push_values(chunk, |mut b, m| {
                b.push_bind(m.id)
                    .push_bind(m.org_id)
                    .push_bind(&m.name)
                    .push_bind(m.sex)
                    .push_bind(m.ethnicity)
                    .push_bind(&m.birth_date)
                    .push_bind(&m.id_number)
                    .push_bind(&m.mobile)
                    .push_bind(m.education)
                    .push_bind(&m.joined_on)
                    .push_bind(&m.full_on)
                    .push_bind(m.status)
                    .push_bind(m.job)
                    .push_bind(m.dues_category)
                    .push_bind(m.dues_base_fen)
                    .push_bind(&m.flowing_destination)
                    .push_bind(CREATED_AT);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in data.accounts.chunks(BATCH) {
            let mut q = QueryBuilder::new(
                "INSERT INTO accounts (id, member_id, mobile, display_name, password_hash, role, \
                 scope_org_id, must_change_password, created_at) ",
            );
            q.push_values(chunk, |mut b, a| {
                b.push_bind(a.id)
                    .push_bind(a.member_id)
                    .push_bind(&a.mobile)
                    .push_bind(&a.display_name)
                    .push_bind(password_hash)
                    .push_bind(a.role)
                    .push_bind(a.scope_org_id)
                    .push_bind(i64::from(a.must_change_password))
                    .push_bind(CREATED_AT);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in data.leadership.chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO leadership (org_id, member_id, position, since) ");
            q.push_values(chunk, |mut b, l| {
                b.push_bind(l.org_id)
                    .push_bind(l.member_id)
                    .push_bind(l.position)
                    .push_bind(&l.since);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in data.points.chunks(BATCH) {
            let mut q = QueryBuilder::new(
                "INSERT INTO points_ledger (member_id, day, activity_key, points, rule_version, created_at) ",
            );
            q.push_values(chunk, |mut b, p| {
                b.push_bind(p.member_id)
                    .push_bind(p.entry.date.to_string())
                    .push_bind(p.entry.activity_key.code())
                    .push_bind(i64::from(p.entry.points))
                    .push_bind(rule_version)
                    .push_bind(CREATED_AT);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await
    })
}
