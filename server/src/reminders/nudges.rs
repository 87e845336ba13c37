//! 排名变动提醒: in the morning, each member whose place in their branch changed yesterday
//! hears of it — only where the county lets members see their own rank and allows nudges.

use crate::error::ServiceResult;
use std::collections::HashMap;

use domain::{
    ranking::{movement, rank, Board, Relation},
    Date,
};

use super::Outgoing;
use crate::{settings, storage::Db, with_pool};

struct Standing {
    member_id: domain::MemberId,
    account_id: Option<domain::AccountId>,
    /// Points this year at the end of yesterday, and at the end of the day before.
    end_yesterday: i64,
    end_day_before: i64,
}

pub(super) async fn ranking_nudges(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let policy = settings::visibility(db).await?;
    if !(policy.can_see(Board::RankingNudges, Relation::IsSelf)
        && policy.can_see(Board::MemberRanking, Relation::IsSelf))
    {
        return Ok(Vec::new());
    }
    let yesterday = today.add_days(-1)?;
    // Rankings are per year: on 1 January the boards start afresh (yesterday's move belongs to
    // last year), and on 2 January there is no earlier standing of this year to compare.
    if today.year() != yesterday.year() || yesterday.add_days(-1)?.year() != yesterday.year() {
        return Ok(Vec::new());
    }
    let year = yesterday.year();
    // The yearly totals include every day so far; yesterday's end is that minus anything booked
    // after it in the same year (today's points), and the day before's end minus yesterday's too.
    #[derive(sqlx::FromRow)]
    struct Row {
        id: domain::MemberId,
        org_id: domain::OrgId,
        account_id: Option<domain::AccountId>,
        total: i64,
        later: i64,
        on_day: i64,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.org_id, a.id AS account_id, COALESCE(t.points, 0) AS total, \
                    COALESCE(l.later, 0) AS later, COALESCE(l.on_day, 0) AS on_day \
             FROM members m \
             LEFT JOIN accounts a ON a.member_id = m.id \
             LEFT JOIN member_points_year t ON t.member_id = m.id AND t.year = $1 \
             LEFT JOIN (SELECT member_id, \
                          CAST(SUM(CASE WHEN day > $2 THEN points ELSE 0 END) AS BIGINT) AS later, \
                          CAST(SUM(CASE WHEN day = $2 THEN points ELSE 0 END) AS BIGINT) AS on_day \
                        FROM points_ledger WHERE day >= $2 AND day <= $3 GROUP BY member_id) l \
               ON l.member_id = m.id \
             WHERE m.standing = 'active' \
             ORDER BY m.org_id, m.id",
        )
        .bind(i64::from(year))
        .bind(yesterday.to_string())
        .bind(format!("{year}-12-31"))
        .fetch_all(pool)
        .await
        ?
    });
    let mut branches: HashMap<domain::OrgId, Vec<Standing>> = HashMap::new();
    for Row {
        id: member_id,
        org_id,
        account_id,
        total,
        later,
        on_day,
    } in rows
    {
        let members = branches.entry(org_id).or_default();
        // A member with two accounts is ranked once; the first account hears of it.
        if members.last().is_some_and(|s| s.member_id == member_id) {
            continue;
        }
        members.push(Standing {
            member_id,
            account_id,
            end_yesterday: total - later,
            end_day_before: total - later - on_day,
        });
    }
    let names = branch_names(db).await?;
    let mut out = Vec::new();
    for (org_id, members) in branches {
        let scores = |f: fn(&Standing) -> i64| -> Vec<(domain::MemberId, i64)> {
            members.iter().map(|s| (s.member_id, f(s))).collect()
        };
        let before: HashMap<domain::MemberId, u32> = rank(&scores(|s| s.end_day_before))
            .into_iter()
            .map(|r| (r.item, r.rank))
            .collect();
        let accounts: HashMap<domain::MemberId, domain::AccountId> = members
            .iter()
            .filter_map(|s| Some((s.member_id, s.account_id?)))
            .collect();
        let branch = names.get(&org_id).map_or("本支部", String::as_str);
        for now in rank(&scores(|s| s.end_yesterday)) {
            let Some(&account_id) = accounts.get(&now.item) else {
                continue;
            };
            let moved = movement(before.get(&now.item).copied(), now.rank);
            if let Some((title, body)) = moved.nudge_zh(branch, now.rank, members.len()) {
                out.push(Outgoing {
                    account_id,
                    title,
                    body,
                    link: "/rankings".into(),
                    dedupe_key: Some(format!("rank:{today}")),
                });
            }
        }
    }
    out.sort_by_key(|m| m.account_id);
    Ok(out)
}

async fn branch_names(db: &Db) -> ServiceResult<HashMap<domain::OrgId, String>> {
    let rows: Vec<(domain::OrgId, String)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name FROM organizations")
            .fetch_all(pool)
            .await
            ?
    });
    Ok(rows.into_iter().collect())
}
