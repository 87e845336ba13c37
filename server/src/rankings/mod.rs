//! Ranking boards: members of a branch, branches of a subtree. Numbers come from
//! `member_points_year` (kept with the ledger) and are ranked by `domain::ranking::rank`, the
//! same code the browser uses.

use crate::error::ServiceResult;
pub mod boards;
mod cache;
pub mod composite;
mod flags;
mod lists;
mod totals;
pub mod xlsx;

pub use cache::BoardCache;
pub use totals::TotalsTx;

use std::collections::HashMap;

use app::rankings::{BranchStanding, MemberStanding};
use domain::{points::average_of_total, ranking::rank};

use crate::{storage::Db, with_pool};

/// Every member of one branch, best first.
pub async fn branch_members(
    db: &Db,
    org_id: domain::OrgId,
    year: i32,
) -> ServiceResult<Vec<MemberStanding>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: domain::MemberId,
        name: String,
        points: i64,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, COALESCE(t.points, 0) AS points FROM members m \
             LEFT JOIN member_points_year t ON t.member_id = m.id AND t.year = $2 \
             WHERE m.org_id = $1 AND m.standing = 'active'",
        )
        .bind(org_id)
        .bind(i64::from(year))
        .fetch_all(pool)
        .await
        ?
    });
    let names: HashMap<domain::MemberId, String> =
        rows.iter().map(|r| (r.id, r.name.clone())).collect();
    let scores: Vec<(domain::MemberId, i64)> = rows.iter().map(|r| (r.id, r.points)).collect();
    Ok(rank(&scores)
        .into_iter()
        .map(|r| MemberStanding {
            rank: r.rank,
            name: names.get(&r.item).cloned().unwrap_or_default(),
            member_id: r.item,
            points: r.score,
            branch: None,
            list: None,
            why: None,
        })
        .collect())
}

/// Every active member under `path` (a committee's or the county's scope), best first, with
/// their branch and black-list triggers.
pub async fn scope_members(
    db: &Db,
    path: &domain::OrgPath,
    year: i32,
) -> ServiceResult<Vec<(MemberStanding, domain::ranking::MemberFlags)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: domain::MemberId,
        name: String,
        branch: String,
        points: i64,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, o.name AS branch, COALESCE(t.points, 0) AS points FROM members m \
             JOIN organizations o ON o.id = m.org_id \
             LEFT JOIN member_points_year t ON t.member_id = m.id AND t.year = $2 \
             WHERE o.path LIKE $1 AND m.standing = 'active'",
        )
        .bind(path.like_prefix())
        .bind(i64::from(year))
        .fetch_all(pool)
        .await?
    });
    let flags = flags::flags_under(db, flags::Under::Path(path), year).await?;
    let by_id: HashMap<domain::MemberId, &Row> = rows.iter().map(|r| (r.id, r)).collect();
    let scores: Vec<(domain::MemberId, i64)> = rows.iter().map(|r| (r.id, r.points)).collect();
    Ok(rank(&scores)
        .into_iter()
        .filter_map(|r| {
            let row = by_id.get(&r.item)?;
            Some((
                MemberStanding {
                    rank: r.rank,
                    name: row.name.clone(),
                    member_id: r.item,
                    points: r.score,
                    branch: Some(row.branch.clone()),
                    list: None,
                    why: None,
                },
                flags.get(&r.item).copied().unwrap_or_default(),
            ))
        })
        .collect())
}

/// Every organization with members under `path` (a committee's branches, or the county's),
/// best average first.
pub async fn branches_under(
    db: &Db,
    path: &domain::OrgPath,
    year: i32,
) -> ServiceResult<Vec<BranchStanding>> {
    // Organizations without members have nothing to rank (committees, the county itself).
    #[derive(sqlx::FromRow)]
    struct Row {
        id: domain::OrgId,
        name: String,
        members: i64,
        points: i64,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, c.members, COALESCE(p.points, 0) AS points \
             FROM organizations o JOIN org_member_counts c ON c.org_id = o.id \
             LEFT JOIN org_points_year p ON p.org_id = o.id AND p.year = $2 \
             WHERE o.path LIKE $1 AND c.members > 0",
        )
        .bind(path.like_prefix())
        .bind(i64::from(year))
        .fetch_all(pool)
        .await
        ?
    });
    let info: HashMap<domain::OrgId, (String, i64)> = rows
        .iter()
        .map(|r| (r.id, (r.name.clone(), r.members)))
        .collect();
    let scores: Vec<(domain::OrgId, i64)> = rows
        .iter()
        .map(|r| {
            let average = average_of_total(i128::from(r.points), i128::from(r.members));
            (r.id, average)
        })
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
                list: None,
                why: None,
            }
        })
        .collect())
}

/// Recomputes the derived totals (members' and organizations' points per year, organizations'
/// member counts) from the ledger and the member files, after a bulk import.
pub async fn rebuild_totals(db: &Db) -> Result<(), sqlx::Error> {
    let sql_int = match db {
        Db::Sqlite(_) => "INTEGER",
        Db::Postgres(_) => "BIGINT",
    };
    let statements = [
        "DELETE FROM org_points_year".to_string(),
        "DELETE FROM org_member_counts".to_string(),
        "DELETE FROM member_points_year".to_string(),
        format!(
            "INSERT INTO member_points_year (member_id, year, points) \
             SELECT member_id, CAST(SUBSTR(day, 1, 4) AS {sql_int}), SUM(points) FROM points_ledger \
             GROUP BY member_id, CAST(SUBSTR(day, 1, 4) AS {sql_int})"
        ),
        "INSERT INTO org_member_counts (org_id, members) \
         SELECT org_id, COUNT(*) FROM members WHERE standing = 'active' GROUP BY org_id"
            .to_string(),
        "INSERT INTO org_points_year (org_id, year, points) \
         SELECT m.org_id, t.year, SUM(t.points) FROM member_points_year t \
         JOIN members m ON m.id = t.member_id WHERE m.standing = 'active' GROUP BY m.org_id, t.year"
            .to_string(),
    ];
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for sql in &statements {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}
