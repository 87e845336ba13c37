//! Village assistance (驻村帮扶): the county or a committee stations a team in a
//! village; its members log visits with photos (`visit`) and write a summary for every month;
//! the organization that sent it sees which of its teams report and which don't. Every change
//! is an event in the record trail.

use crate::error::{ServiceError, ServiceResult};
pub mod edit;
pub mod visit;

use app::assistance::{AssistanceView, TeamDetail, TeamDraft, TeamEdit, TeamMemberView, TeamRow};
use domain::{
    access::Action,
    assistance::{
        open_months, report_state, reporting_month, summary_month_open, ReportState, Stationed,
        TeamRole, VISIT_LOG_DAYS,
    },
    Date, ErrorCode, Mobile, YearMonth,
};

use crate::{
    access::Actor,
    forms::text,
    inbox::InboxTx,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// Who follows teams in their reach: the organizations that send them, and auditors.
const OVERSEERS: [Action; 2] = [Action::ManageAssistance, Action::ViewTrail];

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Team {
    pub id: i64,
    pub org_name: String,
    pub org_path: domain::OrgPath,
    pub name: String,
    pub village: String,
    pub started_on: String,
    pub ended_on: Option<String>,
}

impl Team {
    /// When the team is in its village.
    pub fn stationed(&self) -> ServiceResult<Stationed> {
        stationed(&self.started_on, self.ended_on.as_deref())
    }

    /// The organization that sent the team (and those above it) follows it; auditors read it.
    pub fn overseen_by(&self, actor: &Actor) -> bool {
        actor.may_any(&OVERSEERS, actor.reach_org(&self.org_path))
    }
}

pub(crate) fn stationed(started_on: &str, ended_on: Option<&str>) -> ServiceResult<Stationed> {
    let day = |s: &str| Date::parse(s).map_err(|_| ErrorCode::Internal);
    Ok(Stationed::new(
        day(started_on)?,
        ended_on.map(day).transpose()?,
    )?)
}

/// A step in a team's work, as a trail event: `assistance.<verb>` on the team.
pub(crate) fn event(
    actor: &Actor,
    action: &'static str,
    team_id: i64,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Change<'static> {
    Change::by(
        actor.account_id,
        action,
        "assistance_teams",
        team_id,
        before,
        after,
    )
}

pub(crate) async fn load(db: &Db, id: i64) -> ServiceResult<Team> {
    with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, o.name AS org_name, o.path AS org_path, t.name, t.village, t.started_on, \
             t.ended_on FROM assistance_teams t JOIN organizations o ON o.id = t.org_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        ?
        .ok_or(ErrorCode::NotFound.into())
    })
}

/// The actor is a member of the team: logs its visits and writes its summaries.
pub(crate) async fn on_team(db: &Db, actor: &Actor, team_id: i64) -> ServiceResult<bool> {
    let Some(member_id) = actor.member_id else {
        return Ok(false);
    };
    let n: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM assistance_team_members WHERE team_id = $1 AND member_id = $2",
        )
        .bind(team_id)
        .bind(member_id)
        .fetch_one(pool)
        .await
        ?
    });
    Ok(n > 0)
}

/// The team, if the actor is on it: `NotFound` to whoever may not read it (an id says nothing),
/// `Forbidden` to those who oversee it without being on it.
pub(crate) async fn on_team_or_refused(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Team> {
    match readable(db, actor, id).await? {
        (team, true) => Ok(team),
        _ => Err(ErrorCode::Forbidden.into()),
    }
}

/// The team, if the actor may read it (on it, or overseeing it); `NotFound` otherwise.
pub(crate) async fn readable(db: &Db, actor: &Actor, id: i64) -> ServiceResult<(Team, bool)> {
    let team = load(db, id).await?;
    let member = on_team(db, actor, id).await?;
    if member || team.overseen_by(actor) {
        Ok((team, member))
    } else {
        Err(ErrorCode::NotFound.into())
    }
}

#[derive(sqlx::FromRow)]
struct OverviewRow {
    id: i64,
    name: String,
    village: String,
    org_name: String,
    started_on: String,
    ended_on: Option<String>,
    leader: Option<String>,
    members: i64,
    visits: i64,
    last_visit: Option<String>,
    summaries: i64,
}

pub async fn overview(
    db: &Db,
    actor: &Actor,
    month: Option<String>,
    today: Date,
) -> ServiceResult<AssistanceView> {
    let month = match month {
        Some(m) => YearMonth::parse(&m).map_err(|code| ServiceError::field("month", code))?,
        None => reporting_month(today),
    };
    let scope = actor.reach_org(&actor.scope_path);
    let oversees = actor.may_any(&OVERSEERS, scope);
    // `LIKE ''` matches nothing: a member sees only the teams they are on.
    let inside = if oversees {
        actor.scope_path.like_prefix()
    } else {
        String::new()
    };
    let rows: Vec<OverviewRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, t.name, t.village, o.name AS org_name, t.started_on, t.ended_on, \
             (SELECT mm.name FROM assistance_team_members tm JOIN members mm ON mm.id = tm.member_id \
              WHERE tm.team_id = t.id AND tm.role = 'leader' LIMIT 1) AS leader, \
             (SELECT COUNT(*) FROM assistance_team_members tm WHERE tm.team_id = t.id) AS members, \
             (SELECT COUNT(*) FROM assistance_visits v WHERE v.team_id = t.id AND v.visited_on LIKE $1) AS visits, \
             (SELECT MAX(v.visited_on) FROM assistance_visits v WHERE v.team_id = t.id) AS last_visit, \
             (SELECT COUNT(*) FROM assistance_summaries s WHERE s.team_id = t.id AND s.month = $2) AS summaries \
             FROM assistance_teams t JOIN organizations o ON o.id = t.org_id \
             WHERE o.path LIKE $3 OR t.id IN \
               (SELECT team_id FROM assistance_team_members WHERE member_id = $4) \
             ORDER BY t.name, t.id",
        )
        .bind(format!("{month}%"))
        .bind(month.to_string())
        .bind(&inside)
        .bind(actor.member_id.map_or(-1, domain::MemberId::get))
        .fetch_all(pool)
        .await
        ?
    });
    let mut teams: Vec<TeamRow> = rows
        .into_iter()
        .map(
            |OverviewRow {
                 id,
                 name,
                 village,
                 org_name,
                 started_on,
                 ended_on,
                 leader,
                 members,
                 visits,
                 last_visit,
                 summaries,
             }| {
                let there = stationed(&started_on, ended_on.as_deref())?;
                let state = report_state(month, &there, summaries > 0, today);
                Ok(TeamRow {
                    id,
                    name,
                    village,
                    org_name,
                    leader: leader.unwrap_or_default(),
                    members,
                    visits_in_month: visits,
                    last_visit,
                    state,
                    state_label: state.label_zh().into(),
                })
            },
        )
        .collect::<ServiceResult<_>>()?;
    // Late first, then the ones still to come, the reported, those not there that month last.
    let rank = |s: ReportState| match s {
        ReportState::Late => 0,
        ReportState::Open => 1,
        ReportState::Reported => 2,
        ReportState::NotStarted | ReportState::Withdrawn => 3,
    };
    teams.sort_by_key(|t| rank(t.state));
    let send_from = match crate::orgs::find(db, actor.scope_org_id).await? {
        Some(org) if actor.may(Action::ManageAssistance, scope) && !org.kind.is_branch_level() => {
            Some((org.id.get(), org.name))
        }
        _ => None,
    };
    Ok(AssistanceView {
        month: month.to_string(),
        teams,
        oversees,
        send_from,
    })
}

/// Members named by mobile numbers, each within the actor's reach or already on the team (and,
/// for a leader, with an account: the leader logs visits and is reminded).
async fn members_by_mobile(
    db: &Db,
    actor: &Actor,
    field: &'static str,
    mobiles: &[&str],
    need_account: bool,
    on_team: &[domain::MemberId],
) -> ServiceResult<Vec<domain::MemberId>> {
    let refused = |code| ServiceError::field(field, code);
    let unknown = || refused(ErrorCode::UnknownMemberMobile);
    let mut ids = Vec::new();
    for raw in mobiles {
        let mobile = Mobile::parse(raw).map_err(|_| unknown())?;
        #[derive(sqlx::FromRow)]
        struct Found {
            id: domain::MemberId,
            path: domain::OrgPath,
            accounts: i64,
        }
        let found: Option<Found> = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT m.id, o.path, (SELECT COUNT(*) FROM accounts a WHERE a.member_id = m.id) AS accounts \
                 FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.mobile = $1",
            )
            .bind(mobile.as_str())
            .fetch_optional(pool)
            .await
            ?
        });
        match found {
            Some(Found { id, path, accounts })
                if on_team.contains(&id)
                    || actor.reach_org(&path) != domain::access::Reach::Outside =>
            {
                if need_account && accounts == 0 {
                    return Err(refused(ErrorCode::MemberWithoutAccount));
                }
                ids.push(id)
            }
            _ => return Err(unknown()),
        }
    }
    Ok(ids)
}

/// A team's name, village and people, checked.
pub(crate) struct Crew {
    pub name: String,
    pub village: String,
    pub leader: domain::MemberId,
    /// Without the leader, each once, in id order.
    pub members: Vec<domain::MemberId>,
}

/// `on_team`: the members already on it, kept even if they have since left the actor's reach
/// (the county may have stationed them, or they transferred).
pub(crate) async fn crew(
    db: &Db,
    actor: &Actor,
    (name, village): (&str, &str),
    (leader_mobile, member_mobiles): (&str, &str),
    on_team: &[domain::MemberId],
) -> ServiceResult<Crew> {
    let name = text("team_name", name, 2, 60)?;
    let village = text("village", village, 2, 60)?;
    let leader = [leader_mobile.trim()];
    let leader = members_by_mobile(db, actor, "leader_mobile", &leader, true, on_team)
        .await?
        .first()
        .copied()
        .ok_or_else(|| ServiceError::field("leader_mobile", ErrorCode::UnknownMemberMobile))?;
    let listed: Vec<&str> = member_mobiles
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|m| !m.is_empty())
        .collect();
    let mut members =
        members_by_mobile(db, actor, "member_mobiles", &listed, false, on_team).await?;
    members.sort_unstable();
    members.dedup();
    members.retain(|m| *m != leader);
    Ok(Crew {
        name,
        village,
        leader,
        members,
    })
}

/// Stations a team: its organization must be the actor's or below it, and not a branch.
pub async fn station(db: &Db, actor: &Actor, draft: TeamDraft, today: Date) -> ServiceResult<i64> {
    let org_id = domain::OrgId::new(draft.org_id).map_err(|_| ErrorCode::NotFound)?;
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::ManageAssistance, actor.reach_org(&org.path))?;
    if org.kind.is_branch_level() {
        return Err(ErrorCode::InvalidOrgKind.into());
    }
    // Stationed up to a month ahead, or recorded afterwards.
    let started_on = Date::parse(&draft.started_on)
        .ok()
        .filter(|d| (-31..=3660).contains(&d.days_between(today)))
        .ok_or(ServiceError::field("starts_on", ErrorCode::InvalidDate))?;
    let Crew {
        name,
        village,
        leader,
        members,
    } = crew(
        db,
        actor,
        (&draft.name, &draft.village),
        (&draft.leader_mobile, &draft.member_mobiles),
        &[],
    )
    .await?;
    let now = crate::clock::now_rfc3339();
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assistance_teams (org_id, name, village, started_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org.id)
        .bind(&name)
        .bind(&village)
        .bind(started_on.to_string())
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        ?;
        for (member, role) in std::iter::once((leader, TeamRole::Leader)).chain(members.iter().map(|m| (*m, TeamRole::Member))) {
            sqlx::query("INSERT INTO assistance_team_members (team_id, member_id, role) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(member)
                .bind(role)
                .execute(&mut *tx)
                .await
                ?;
            tx.notify_member(
                member,
                "驻村帮扶：你已编入工作队",
                &format!("{name}，驻{village}，{started_on} 进驻。请记录走访并按月报送工作小结。"),
                &format!("/assistance/{id}"),
            )
            .await?;
        }
        let after = serde_json::json!({
            "org_id": org.id, "name": name, "village": village, "started_on": started_on.to_string(),
            "leader": leader, "members": members,
        });
        tx.append(event(actor, "assistance.station", id, None, after))
            .await
            ?;
        tx.commit().await?;
        id
    });
    tracing::info!(
        account_id = %actor.account_id,
        team_id = id,
        org_id = %org.id,
        "assistance team stationed"
    );
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct CrewRow {
    name: String,
    role: TeamRole,
    mobile: String,
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: i64,
    visited_on: String,
    content: String,
    recorded_by: String,
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    visit_id: i64,
    file_key: String,
    thumb_key: String,
    taken_at: Option<String>,
    place: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    month: String,
    content: String,
    written_by: String,
    written_at: String,
}

/// The crew, visits, their photos and the summaries of one team.
type TeamRecords = (Vec<CrewRow>, Vec<VisitRow>, Vec<PhotoRow>, Vec<SummaryRow>);

pub async fn detail(db: &Db, actor: &Actor, id: i64, today: Date) -> ServiceResult<TeamDetail> {
    let (team, member) = readable(db, actor, id).await?;
    let (members, visits, photos, summaries): TeamRecords = with_pool!(db, pool => {
        let members = sqlx::query_as(
            "SELECT mm.name, tm.role, mm.mobile FROM assistance_team_members tm JOIN members mm ON mm.id = tm.member_id \
             WHERE tm.team_id = $1 ORDER BY CASE WHEN tm.role = 'leader' THEN 0 ELSE 1 END, mm.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        ?;
        let visits = sqlx::query_as(
            "SELECT v.id, v.visited_on, v.content, a.display_name AS recorded_by FROM assistance_visits v \
             JOIN accounts a ON a.id = v.recorded_by WHERE v.team_id = $1 \
             ORDER BY v.visited_on DESC, v.id DESC LIMIT 100",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        ?;
        let photos = sqlx::query_as(
            "SELECT p.visit_id, p.file_key, p.thumb_key, p.taken_at, p.place FROM assistance_visit_photos p \
             JOIN assistance_visits v ON v.id = p.visit_id WHERE v.team_id = $1 ORDER BY p.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        ?;
        let summaries = sqlx::query_as(
            "SELECT s.month, s.content, a.display_name AS written_by, s.written_at FROM assistance_summaries s \
             JOIN accounts a ON a.id = s.written_by WHERE s.team_id = $1 ORDER BY s.month DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        ?;
        (members, visits, photos, summaries)
    });
    let reported: std::collections::HashSet<&str> =
        summaries.iter().map(|s| s.month.as_str()).collect();
    let this = YearMonth::of(today);
    let there = team.stationed()?;
    let is_reported = |m: YearMonth| reported.contains(m.to_string().as_str());
    let months = (0..12)
        .filter_map(|back| this.add_months(-back).ok())
        .filter(|m| there.covers(*m))
        .map(|m| {
            let state = report_state(m, &there, is_reported(m), today);
            (m.to_string(), state.label_zh().to_string())
        })
        .collect();
    // (value, label): `2026-11（本月）`, `2026-10（上月，已报送：再报送将替换）`.
    let open_months = open_months(&there, today)
        .into_iter()
        .map(|m| {
            let which = if m == this { "本月" } else { "上月" };
            let done = if is_reported(m) {
                "，已报送：再报送将替换"
            } else {
                ""
            };
            (m.to_string(), format!("{m}（{which}{done}）"))
        })
        .collect();
    let earliest = there.from().max(today.add_days(-VISIT_LOG_DAYS)?);
    let latest = there.until().map_or(today, |u| u.min(today));
    let visit_days = (earliest <= latest).then(|| (earliest.to_string(), latest.to_string()));
    let edit = actor
        .may(Action::ManageAssistance, actor.reach_org(&team.org_path))
        .then(|| TeamEdit {
            name: team.name.clone(),
            village: team.village.clone(),
            leader_mobile: members
                .iter()
                .find(|m| m.role == TeamRole::Leader)
                .map(|m| m.mobile.clone())
                .unwrap_or_default(),
            member_mobiles: members
                .iter()
                .filter(|m| m.role != TeamRole::Leader)
                .map(|m| m.mobile.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            ended_on: team.ended_on.clone().unwrap_or_default(),
        });
    Ok(TeamDetail {
        id,
        name: team.name,
        village: team.village,
        org_name: team.org_name,
        started_on: team.started_on,
        ended_on: team.ended_on,
        members: members
            .into_iter()
            .map(|m| TeamMemberView {
                name: m.name,
                role_label: m.role.label_zh().into(),
            })
            .collect(),
        visits: visits
            .into_iter()
            .map(|v| app::assistance::VisitView {
                id: v.id,
                visited_on: v.visited_on,
                content: v.content,
                recorded_by: v.recorded_by,
                photos: photos
                    .iter()
                    .filter(|p| p.visit_id == v.id)
                    .map(|p| app::assistance::VisitPhotoView {
                        url: format!("/files/{}", p.file_key),
                        thumb_url: format!("/files/{}", p.thumb_key),
                        taken_at: p.taken_at.as_ref().map(|t| t.replacen('T', " ", 1)),
                        place: p.place.clone(),
                    })
                    .collect(),
            })
            .collect(),
        summaries: summaries
            .into_iter()
            .map(|s| app::assistance::SummaryView {
                month: s.month,
                content: s.content,
                written_by: s.written_by,
                written_at: crate::clock::china_minute_of(&s.written_at),
            })
            .collect(),
        months,
        on_team: member,
        open_months,
        visit_days,
        edit,
    })
}

/// A team member writes the summary of this month or the last (writing it again replaces it;
/// the trail keeps the earlier text).
pub async fn write_summary(
    db: &Db,
    actor: &Actor,
    team_id: i64,
    month: &str,
    content: &str,
    today: Date,
) -> ServiceResult<()> {
    let team = on_team_or_refused(db, actor, team_id).await?;
    let month = YearMonth::parse(month).map_err(|code| ServiceError::field("month", code))?;
    if !summary_month_open(month, &team.stationed()?, today) {
        return Err(ErrorCode::SummaryMonthClosed.into());
    }
    let content = text("summary", content, 10, 2000)?;
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        // Before the read: two saves of one summary take turns (SQLite refuses a write after a
        // read in a transaction another write has overtaken).
        tx.lock().await?;
        // A withdrawal saved meanwhile still counts.
        let ended: Option<String> = sqlx::query_scalar("SELECT ended_on FROM assistance_teams WHERE id = $1")
            .bind(team.id)
            .fetch_one(&mut *tx)
            .await
            ?;
        let after_last = |last: &str| Date::parse(last).is_ok_and(|d| month > YearMonth::of(d));
        if ended.as_deref().is_some_and(after_last) {
            return Err(ErrorCode::SummaryMonthClosed.into());
        }
        let before: Option<String> = sqlx::query_scalar(
            "SELECT content FROM assistance_summaries WHERE team_id = $1 AND month = $2",
        )
        .bind(team.id)
        .bind(month.to_string())
        .fetch_optional(&mut *tx)
        .await
        ?;
        sqlx::query(
            "INSERT INTO assistance_summaries (team_id, month, content, written_by, written_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id, month) DO UPDATE SET \
             content = excluded.content, written_by = excluded.written_by, written_at = excluded.written_at",
        )
        .bind(team.id)
        .bind(month.to_string())
        .bind(&content)
        .bind(actor.account_id)
        .bind(&now)
        .execute(&mut *tx)
        .await
        ?;
        let after = serde_json::json!({ "month": month.to_string(), "content": content });
        let before = before.map(|c| serde_json::json!({ "month": month.to_string(), "content": c }));
        tx.append(event(actor, "assistance.summary", team.id, before, after))
            .await
            ?;
        tx.commit().await?;
    });
    tracing::info!(account_id = %actor.account_id, team_id = team.id, month = %month, "assistance summary written");
    Ok(())
}
