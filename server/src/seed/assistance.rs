//! Demo village-assistance teams: the town committee of the demo logins stationed two teams in
//! its villages at the start of the month four months ago; both log visits every month, one has
//! reported every month, the other has not for the last two — so the overview has a late team
//! to show on any day of the month.

use domain::{Date, YearMonth};

use crate::{storage::Db, with_pool};

pub async fn seed(db: &Db, today: Date, committee_mobile: &str) -> anyhow::Result<()> {
    let this = YearMonth::of(today);
    let start = this.add_months(-4)?;
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        #[derive(sqlx::FromRow)]
        struct Sender {
            account: i64,
            committee: i64,
            path: String,
        }
        let Sender { account, committee, path } = sqlx::query_as(
            "SELECT a.id AS account, o.id AS committee, o.path FROM accounts a JOIN organizations o ON o.id = a.scope_org_id \
             WHERE a.mobile = $1",
        )
        .bind(committee_mobile)
        .fetch_one(pool)
        .await?;
        let villages: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM organizations WHERE path LIKE $1 AND is_village = 1 \
             ORDER BY CASE WHEN name LIKE '%村%' THEN 0 ELSE 1 END, id LIMIT 2",
        )
        .bind(format!("{path}%"))
        .fetch_all(pool)
        .await?;
        // Cadres of the committee's own organs with accounts (not the demo logins): (member, account).
        let cadres: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT m.id, a.id FROM members m JOIN organizations o ON o.id = m.org_id \
             JOIN accounts a ON a.member_id = m.id \
             WHERE o.parent_id = $1 AND o.is_village = 0 AND a.mobile NOT LIKE '1380000000%' \
             ORDER BY m.id LIMIT 6",
        )
        .bind(committee)
        .fetch_all(pool)
        .await?;
        for (n, village) in villages.iter().enumerate() {
            let crew: Vec<(i64, i64)> = cadres.iter().skip(n * 3).take(3).copied().collect();
            let Some(&(_, leader_account)) = crew.first() else {
                continue;
            };
            let village = village.trim_end_matches("党支部").trim_end_matches("党总支");
            let team: i64 = sqlx::query_scalar(
                "INSERT INTO assistance_teams (org_id, name, village, started_on, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(committee)
            .bind(format!("驻{village}工作队"))
            .bind(village)
            .bind(start.first_day().to_string())
            .bind(account)
            .bind(&now)
            .fetch_one(pool)
            .await?;
            for (i, (member, _)) in crew.iter().enumerate() {
                sqlx::query("INSERT INTO assistance_team_members (team_id, member_id, role) VALUES ($1, $2, $3)")
                    .bind(team)
                    .bind(member)
                    .bind(if i == 0 { "leader" } else { "member" })
                    .execute(pool)
                    .await?;
            }
            for month in start.iter_to(this.add_months(-1)?) {
                sqlx::query(
                    "INSERT INTO assistance_visits (team_id, visited_on, content, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(team)
                .bind(month.first_day().add_days(9 + n as i64)?.to_string())
                .bind("走访脱贫户和留守老人，了解产业和就医情况，协调解决饮水管道维修。")
                .bind(leader_account)
                .bind(&now)
                .execute(pool)
                .await?;
                // The second team has not reported for the last two months.
                if n == 1 && month.months_between(this) <= 2 {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO assistance_summaries (team_id, month, content, written_by, written_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(team)
                .bind(month.to_string())
                .bind("本月走访农户 20 余户，办实事 3 件；下月继续推进产业项目和人居环境整治。")
                .bind(leader_account)
                .bind(&now)
                .execute(pool)
                .await?;
            }
        }
    });
    Ok(())
}
