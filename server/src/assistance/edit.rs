//! Changing a team: its name and village, its people (teams rotate, 轮换) and the day it is
//! withdrawn from the village. Only the organizations that send teams change them; the team's
//! own members and auditors read them. Whoever joins, leaves or changes role is told, and the
//! whole team when its withdrawal day is set.

use app::{assistance::TeamEdit, error::AppError};
use domain::{access::Action, Date, ErrorCode, YearMonth};

use super::{crew, event, readable, Crew, Team};
use crate::{
    access::Actor,
    inbox::InboxTx,
    storage::{internal, Db},
    trail::TrailTx,
    with_pool,
};

/// (member, role), leader first.
type Roster = Vec<(i64, String)>;

/// The withdrawal day from the form: none (still there), or a day from the start on — known up
/// to ten years ahead (a term's end) — and not before what the team has already recorded.
async fn ended_on(db: &Db, team: &Team, raw: &str, today: Date) -> Result<Option<Date>, AppError> {
    let refused = |code| AppError::Field {
        label: "撤回日期".into(),
        code,
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let day = Date::parse(raw)
        .ok()
        .filter(|d| today.days_between(*d) <= 3660)
        .ok_or(refused(ErrorCode::InvalidDate))?;
    let from = team.stationed()?.from();
    domain::assistance::Stationed::new(from, Some(day)).map_err(refused)?;
    let (last_visit, last_summary): (Option<String>, Option<String>) = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT (SELECT MAX(visited_on) FROM assistance_visits WHERE team_id = $1), \
             (SELECT MAX(month) FROM assistance_summaries WHERE team_id = $1)",
        )
        .bind(team.id)
        .fetch_one(pool)
        .await
        .map_err(internal)?
    });
    let visited_later = last_visit.is_some_and(|v| v.as_str() > day.to_string().as_str());
    let reported_later = last_summary.is_some_and(|m| m > YearMonth::of(day).to_string());
    if visited_later || reported_later {
        return Err(refused(ErrorCode::EndsBeforeRecords));
    }
    Ok(Some(day))
}

async fn roster(db: &Db, team_id: i64) -> Result<Roster, ErrorCode> {
    with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT member_id, role FROM assistance_team_members WHERE team_id = $1 \
             ORDER BY CASE WHEN role = 'leader' THEN 0 ELSE 1 END, member_id",
        )
        .bind(team_id)
        .fetch_all(pool)
        .await
        .map_err(internal)
    })
}

/// Who is told what: (member, title, body, link).
fn messages(
    id: i64,
    (before, after): (&Roster, &Roster),
    (old_name, name, village): (&str, &str, &str),
    withdrawn: Option<Date>,
) -> Vec<(i64, &'static str, String, String)> {
    let link = format!("/assistance/{id}");
    let role = |r: &str| if r == "leader" { "队长" } else { "队员" };
    let mut out = Vec::new();
    for (member, r) in after {
        match before.iter().find(|(b, _)| b == member) {
            None => out.push((
                *member,
                "驻村帮扶：你已编入工作队",
                format!(
                    "{name}，驻{village}，你任{}。请记录走访并按月报送工作小结。",
                    role(r)
                ),
                link.clone(),
            )),
            Some((_, was)) if was != r => out.push((
                *member,
                "驻村帮扶：职务调整",
                format!("你在{name}改任{}。", role(r)),
                link.clone(),
            )),
            Some(_) => {}
        }
        if let Some(day) = withdrawn {
            out.push((
                *member,
                "驻村帮扶：工作队撤回",
                format!("{name}撤回日期定为 {day}：此后不再记录走访，最后一个月的工作小结仍请按时报送。"),
                link.clone(),
            ));
        }
    }
    for (member, _) in before
        .iter()
        .filter(|(b, _)| !after.iter().any(|(a, _)| a == b))
    {
        out.push((
            *member,
            "驻村帮扶：你已调离工作队",
            format!("{old_name}（驻{village}）已调整队员，你不再是该队队员。"),
            "/assistance".into(),
        ));
    }
    out
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    edit: TeamEdit,
    today: Date,
) -> Result<(), AppError> {
    let (team, _) = readable(db, actor, id).await?;
    actor.require(Action::ManageAssistance, actor.reach_org(&team.org_path))?;
    let current: Vec<i64> = roster(db, id).await?.into_iter().map(|(m, _)| m).collect();
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
        &current,
    )
    .await?;
    let ended = ended_on(db, &team, &edit.ended_on, today).await?;
    let after: Roster = std::iter::once((leader, "leader".to_string()))
        .chain(members.iter().map(|m| (*m, "member".to_string())))
        .collect();
    let json = |name: &str, village: &str, ended: Option<String>, crew: &Roster| serde_json::json!({ "name": name, "village": village, "ended_on": ended, "crew": crew });
    let ended_text = ended.map(|d| d.to_string());
    let changed = with_pool!(db, pool => {
        let mut tx = pool.begin().await.map_err(internal)?;
        tx.lock().await.map_err(internal)?;
        let (old_name, old_village, old_end): (String, String, Option<String>) = sqlx::query_as(
            "SELECT name, village, ended_on FROM assistance_teams WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let before: Roster = sqlx::query_as(
            "SELECT member_id, role FROM assistance_team_members WHERE team_id = $1 \
             ORDER BY CASE WHEN role = 'leader' THEN 0 ELSE 1 END, member_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .map_err(internal)?;
        let was = json(&old_name, &old_village, old_end.clone(), &before);
        let now = json(&name, &village, ended_text.clone(), &after);
        let changed = was != now;
        if changed {
            sqlx::query("UPDATE assistance_teams SET name = $1, village = $2, ended_on = $3 WHERE id = $4")
                .bind(&name)
                .bind(&village)
                .bind(&ended_text)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            sqlx::query("DELETE FROM assistance_team_members WHERE team_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            for (member, role) in &after {
                sqlx::query("INSERT INTO assistance_team_members (team_id, member_id, role) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(member)
                    .bind(role)
                    .execute(&mut *tx)
                    .await
                    .map_err(internal)?;
            }
            let withdrawn = ended.filter(|_| ended_text != old_end);
            for (member, title, body, link) in messages(id, (&before, &after), (&old_name, &name, &village), withdrawn) {
                tx.notify_member(member, title, &body, &link).await?;
            }
            tx.append(event(actor, "assistance.update", id, Some(was), now))
                .await
                .map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        changed
    });
    tracing::info!(
        account_id = actor.account_id,
        team_id = id,
        changed,
        "assistance team saved"
    );
    Ok(())
}
