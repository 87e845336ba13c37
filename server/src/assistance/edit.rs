//! Changing a team: its name and village, its people (teams rotate, 轮换) and the day it is
//! withdrawn from the village. Only the organizations that send teams change them; the team's
//! own members and auditors read them. Whoever joins, leaves or changes role is told, and the
//! whole team when its withdrawal day is set or cancelled.

use crate::error::{ServiceError, ServiceResult};
use app::assistance::TeamEdit;
use domain::{
    access::Action,
    assistance::{Stationed, TeamRole},
    Date, ErrorCode, YearMonth,
};

use super::{crew, event, readable, Crew, Team};
use crate::{access::Actor, inbox::InboxTx, storage::Db, trail::TrailTx, with_pool};

/// (member, role), leader first.
type Roster = Vec<(domain::MemberId, TeamRole)>;

const ROSTER: &str = "SELECT member_id, role FROM assistance_team_members WHERE team_id = $1 \
                      ORDER BY CASE WHEN role = 'leader' THEN 0 ELSE 1 END, member_id";

fn refused(code: ErrorCode) -> ServiceError {
    ServiceError::field("withdrawn_on", code)
}

/// The withdrawal day from the form: none (still there), or a day from the start on, known up
/// to ten years ahead (a term's end). Checked against what the team recorded under the lock.
fn ended_on(team: &Team, raw: &str, today: Date) -> ServiceResult<Option<Date>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let day = Date::parse(raw)
        .ok()
        .filter(|d| today.days_between(*d) <= 3660)
        .ok_or(refused(ErrorCode::InvalidDate))?;
    Stationed::new(team.stationed()?.from(), Some(day)).map_err(refused)?;
    Ok(Some(day))
}

/// A visit logged after the last day, or a summary for a month after its month.
fn records_after(day: Option<Date>, (visit, summary): &(Option<String>, Option<String>)) -> bool {
    day.is_some_and(|day| {
        visit.as_ref().is_some_and(|v| *v > day.to_string())
            || summary
                .as_ref()
                .is_some_and(|m| *m > YearMonth::of(day).to_string())
    })
}

/// The team's own fields as stored.
#[derive(sqlx::FromRow)]
struct Stored {
    name: String,
    village: String,
    ended_on: Option<String>,
}

/// A team as it was or is to be.
struct Shape<'a> {
    name: &'a str,
    village: &'a str,
    ended_on: Option<&'a str>,
    roster: &'a Roster,
}

impl Shape<'_> {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name, "village": self.village, "ended_on": self.ended_on, "crew": self.roster,
        })
    }
}

/// Who is told what: (member, title, body, link).
fn messages(
    id: i64,
    was: &Shape,
    now: &Shape,
    today: Date,
) -> Vec<(domain::MemberId, &'static str, String, String)> {
    let (name, village) = (now.name, now.village);
    let link = format!("/assistance/{id}");
    let there = now.ended_on.is_none_or(|d| d >= today.to_string().as_str());
    let withdrawal = match (was.ended_on, now.ended_on) {
        (before, Some(day)) if before != Some(day) => Some(format!(
            "{name}撤回日期定为 {day}：此后不再记录走访，最后一个月的工作小结仍请按时报送。"
        )),
        (Some(_), None) => Some(format!("{name}撤回日期已取消，继续驻村。")),
        _ => None,
    };
    let mut out = Vec::new();
    for (member, r) in now.roster {
        match was.roster.iter().find(|(b, _)| b == member) {
            None => out.push((
                *member,
                "驻村帮扶：你已编入工作队",
                format!(
                    "{name}，驻{village}，你任{}。{}",
                    r.label_zh(),
                    if there {
                        "请记录走访并按月报送工作小结。"
                    } else {
                        "该队已撤回。"
                    }
                ),
                link.clone(),
            )),
            Some((_, before)) if before != r => out.push((
                *member,
                "驻村帮扶：职务调整",
                format!("你在{name}改任{}。", r.label_zh()),
                link.clone(),
            )),
            Some(_) => {}
        }
        if let Some(body) = &withdrawal {
            out.push((*member, "驻村帮扶：撤回日期", body.clone(), link.clone()));
        }
    }
    for (member, _) in was
        .roster
        .iter()
        .filter(|(b, _)| !now.roster.iter().any(|(a, _)| a == b))
    {
        out.push((
            *member,
            "驻村帮扶：你已调离工作队",
            format!(
                "{}（驻{}）已调整队员，你不再是该队队员。",
                was.name, was.village
            ),
            "/assistance".into(),
        ));
    }
    out
}

/// Whether anything changed (a save of the same values writes and tells nothing).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    edit: TeamEdit,
    today: Date,
) -> ServiceResult<bool> {
    let (team, _) = readable(db, actor, id).await?;
    actor.require(Action::ManageAssistance, actor.reach_org(&team.org_path))?;
    let current: Roster = with_pool!(db, pool => {
        sqlx::query_as(ROSTER).bind(id).fetch_all(pool).await?
    });
    let on_team: Vec<domain::MemberId> = current.iter().map(|(m, _)| *m).collect();
    let Crew {
        name,
        village,
        leader,
        members,
    } = crew(
        db,
        actor,
        (&edit.name, &edit.village),
        (&edit.leader_mobile, &edit.member_mobiles),
        &on_team,
    )
    .await?;
    let ended = ended_on(&team, &edit.ended_on, today)?;
    let ended_text = ended.map(|d| d.to_string());
    let after: Roster = std::iter::once((leader, TeamRole::Leader))
        .chain(members.iter().map(|m| (*m, TeamRole::Member)))
        .collect();
    let changed = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        // Visits and summaries take the same lock: none lands after a last day set meanwhile.
        tx.lock().await?;
        let old: Stored = sqlx::query_as(
            "SELECT name, village, ended_on FROM assistance_teams WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        ?;
        let Stored { name: old_name, village: old_village, ended_on: old_end } = old;
        let before: Roster = sqlx::query_as(ROSTER).bind(id).fetch_all(&mut *tx).await?;
        let recorded: (Option<String>, Option<String>) = sqlx::query_as(
            "SELECT (SELECT MAX(visited_on) FROM assistance_visits WHERE team_id = $1), \
             (SELECT MAX(month) FROM assistance_summaries WHERE team_id = $1)",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        ?;
        if records_after(ended, &recorded) {
            return Err(refused(ErrorCode::EndsBeforeRecords));
        }
        let was = Shape { name: &old_name, village: &old_village, ended_on: old_end.as_deref(), roster: &before };
        let now = Shape { name: &name, village: &village, ended_on: ended_text.as_deref(), roster: &after };
        let changed = was.json() != now.json();
        if changed {
            sqlx::query("UPDATE assistance_teams SET name = $1, village = $2, ended_on = $3 WHERE id = $4")
                .bind(&name)
                .bind(&village)
                .bind(&ended_text)
                .bind(id)
                .execute(&mut *tx)
                .await
                ?;
            sqlx::query("DELETE FROM assistance_team_members WHERE team_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                ?;
            for (member, role) in &after {
                sqlx::query("INSERT INTO assistance_team_members (team_id, member_id, role) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(member)
                    .bind(role)
                    .execute(&mut *tx)
                    .await
                    ?;
            }
            for (member, title, body, link) in messages(id, &was, &now, today) {
                tx.notify_member(member, title, &body, &link).await?;
            }
            tx.append(event(actor, "assistance.update", id, Some(was.json()), now.json()))
                .await
                ?;
        }
        tx.commit().await?;
        changed
    });
    tracing::info!(
        account_id = %actor.account_id,
        team_id = id,
        changed,
        "assistance team saved"
    );
    Ok(changed)
}
