//! Village-assistance reminders: from the 25th, a team's leader is reminded while the month's
//! summary is not in; once last month's summary is overdue (after the 5th), the organization
//! that sent the team is warned — one message per organization listing its late teams.

use crate::error::ServiceResult;
use std::collections::{HashMap, HashSet};

use domain::{
    assistance::{leader_reminder_due, report_state, summary_due, ReportState},
    Date, YearMonth,
};

use super::{admins_of, Outgoing};
use crate::{storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: i64,
    org_id: domain::OrgId,
    name: String,
    started_on: String,
    ended_on: Option<String>,
    /// The team leader's account, when the leader has one.
    leader: Option<domain::AccountId>,
}

pub(super) async fn assistance_reminders(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let this = YearMonth::of(today);
    let last = this.add_months(-1)?;
    let from_day = crate::settings::deadlines(db)
        .await?
        .assistance_remind_from_day;
    // (team, organization, name, started_on, ended_on, the leader's account)
    let teams: Vec<TeamRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, t.org_id, t.name, t.started_on, t.ended_on, \
             (SELECT a.id FROM assistance_team_members tm JOIN accounts a ON a.member_id = tm.member_id \
              WHERE tm.team_id = t.id AND tm.role = 'leader' LIMIT 1) AS leader \
             FROM assistance_teams t WHERE t.started_on <= $1 ORDER BY t.id",
        )
        .bind(today.to_string())
        .fetch_all(pool)
        .await
        ?
    });
    let summarized: HashSet<(i64, String)> = with_pool!(db, pool => {
        sqlx::query_as::<_, (i64, String)>("SELECT team_id, month FROM assistance_summaries WHERE month >= $1")
            .bind(last.to_string())
            .fetch_all(pool)
            .await
            ?
    })
    .into_iter()
    .collect();
    let mut admins: HashMap<domain::OrgId, Vec<domain::AccountId>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    let mut out = Vec::new();
    let mut late_by_org: HashMap<domain::OrgId, Vec<String>> = HashMap::new();
    for TeamRow {
        id,
        org_id: org,
        name,
        started_on,
        ended_on,
        leader,
    } in teams
    {
        let done = |m: YearMonth| summarized.contains(&(id, m.to_string()));
        let there = crate::assistance::stationed(&started_on, ended_on.as_deref())?;
        if let Some(account_id) =
            leader.filter(|_| leader_reminder_due(&there, today, done(this), from_day))
        {
            out.push(Outgoing {
                account_id,
                title: "驻村帮扶提醒".into(),
                body: format!(
                    "{name}{this} 的工作小结尚未报送，请于 {} 前报送。",
                    summary_due(this)?
                ),
                link: format!("/assistance/{id}"),
                dedupe_key: Some(format!("assistance:{id}:{this}:near")),
            });
        }
        if report_state(last, &there, done(last), today) == ReportState::Late {
            late_by_org.entry(org).or_default().push(name);
        }
    }
    for (org, late) in late_by_org {
        for &account_id in admins.get(&org).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: "驻村帮扶预警".into(),
                body: format!(
                    "{last} 有 {} 支工作队逾期未报送月度小结：{}",
                    late.len(),
                    late.iter().take(20).cloned().collect::<Vec<_>>().join("、")
                ),
                link: format!("/assistance?month={last}"),
                dedupe_key: Some(format!("assistance:{org}:{last}:late")),
            });
        }
    }
    Ok(out)
}
