//! Ranking boards: members of a branch, branches of a subtree. Numbers come from
//! `member_points_year` (kept with the ledger) and are ranked by `domain::ranking::rank`, the
//! same code the browser uses.

pub mod boards;

use std::collections::HashMap;

use app::rankings::{BranchStanding, MemberStanding};
use domain::{points::average_of_total, ranking::rank, ErrorCode};

use crate::{
    storage::{internal, Db},
    with_pool,
};

/// Every member of one branch, best first.
pub async fn branch_members(
    db: &Db,
    org_id: i64,
    year: i32,
) -> Result<Vec<MemberStanding>, ErrorCode> {
    let rows: Vec<(i64, String, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, COALESCE(t.points, 0) FROM members m \
             LEFT JOIN member_points_year t ON t.member_id = m.id AND t.year = $2 \
             WHERE m.org_id = $1",
        )
        .bind(org_id)
        .bind(i64::from(year))
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    let names: HashMap<i64, String> = rows.iter().map(|(id, n, _)| (*id, n.clone())).collect();
    let scores: Vec<(i64, i64)> = rows.iter().map(|(id, _, p)| (*id, *p)).collect();
    Ok(rank(&scores)
        .into_iter()
        .map(|r| MemberStanding {
            rank: r.rank,
            name: names.get(&r.item).cloned().unwrap_or_default(),
            member_id: r.item,
            points: r.score,
        })
        .collect())
}

/// Every organization with members under `path` (a committee's branches, or the county's),
/// best average first.
pub async fn branches_under(
    db: &Db,
    path: &str,
    year: i32,
) -> Result<Vec<BranchStanding>, ErrorCode> {
    let rows: Vec<(i64, String, i64, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, COUNT(m.id), CAST(COALESCE(SUM(t.points), 0) AS BIGINT) \
             FROM organizations o CROSS JOIN members m \
             LEFT JOIN member_points_year t ON t.member_id = m.id AND t.year = $2 \
             WHERE m.org_id = o.id AND o.path LIKE $1 GROUP BY o.id, o.name",
        )
        .bind(format!("{path}%"))
        .bind(i64::from(year))
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    let info: HashMap<i64, (String, i64)> = rows
        .iter()
        .map(|(id, name, n, _)| (*id, (name.clone(), *n)))
        .collect();
    let scores: Vec<(i64, i64)> = rows
        .iter()
        .map(|(id, _, n, sum)| (*id, average_of_total(i128::from(*sum), i128::from(*n))))
        .collect();
    Ok(rank(&scores)
        .into_iter()
        .map(|r| {
            let (name, members) = info.get(&r.item).cloned().unwrap_or_default();
            BranchStanding {
                rank: r.rank,
                org_id: r.item,
                name,
                members,
                average_points: r.score,
            }
        })
        .collect())
}

/// Recomputes the yearly totals from the ledger (after a bulk import).
pub async fn rebuild_totals(db: &Db) -> Result<(), sqlx::Error> {
    let sql_int = match db {
        Db::Sqlite(_) => "INTEGER",
        Db::Postgres(_) => "BIGINT",
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM member_points_year").execute(&mut *tx).await?;
        sqlx::query(&format!(
            "INSERT INTO member_points_year (member_id, year, points) \
             SELECT member_id, CAST(SUBSTR(day, 1, 4) AS {sql_int}), SUM(points) FROM points_ledger \
             GROUP BY member_id, CAST(SUBSTR(day, 1, 4) AS {sql_int})"
        ))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}
