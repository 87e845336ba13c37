//! Organizational life (组织生活): a branch plans its meetings (三会一课, 主题党日) and its
//! members hear of each and see it coming, on `/org-life` and the home screen; the meeting is
//! recorded (`record`), reviewed twice (`review`) and counted (`compliance`). Every step is an
//! event in the record trail.

use crate::error::{ServiceError, ServiceResult};
pub mod compliance;
pub mod photo;
pub mod record;
pub mod review;
pub mod steps;

use app::orglife::{MeetingCommand, MeetingDraft, MeetingView, OrgLifeView};
use domain::{
    access::{Action, Reach},
    orglife::{minute_number, MeetingKind, MeetingStatus},
    ErrorCode, OrgPath,
};

use crate::{
    access::Actor,
    forms::text,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// A meeting as lists show it.
#[derive(sqlx::FromRow)]
pub(crate) struct ListRow {
    pub id: i64,
    pub org_name: String,
    pub kind: MeetingKind,
    pub topic: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub status: MeetingStatus,
}

const SELECT: &str =
    "SELECT m.id, o.name AS org_name, m.kind, m.topic, m.starts_at, m.ends_at, m.place, m.status \
    FROM meetings m JOIN organizations o ON o.id = m.org_id";

/// A step in a meeting's record, as a trail event: `meeting.<verb>` on the meeting, with the
/// state before (when something changed) and after.
pub(crate) fn event(
    actor: &Actor,
    action: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Change<'static> {
    Change::by(actor.account_id, action, "meetings", id, before, after)
}

pub(crate) fn view_of(r: &record::MeetingRow) -> MeetingView {
    view(ListRow {
        id: r.id,
        org_name: r.org_name.clone(),
        kind: r.kind,
        topic: r.topic.clone(),
        starts_at: r.starts_at.clone(),
        ends_at: r.ends_at.clone(),
        place: r.place.clone(),
        status: r.status,
    })
}

pub(crate) fn view(row: ListRow) -> MeetingView {
    let ListRow {
        id,
        org_name,
        kind,
        topic,
        starts_at,
        ends_at,
        place,
        status,
    } = row;
    let show = |t: &str| t.replacen('T', " ", 1);
    // Same day: only the end's time of day.
    let ends = if ends_at.get(..10) == starts_at.get(..10) {
        ends_at.get(11..).unwrap_or(&ends_at).to_string()
    } else {
        show(&ends_at)
    };
    MeetingView {
        id,
        org_name,
        kind_label: kind.label_zh().to_string(),
        topic,
        starts_at: show(&starts_at),
        ends_at: ends,
        place,
        status_label: status.label_zh().to_string(),
    }
}

/// `2026-12-05T09:00` (a `datetime-local` value, China time), checked.
fn minute(v: &str) -> Result<String, ErrorCode> {
    let v = v.trim();
    minute_number(v)
        .map(|_| v.to_string())
        .ok_or(ErrorCode::InvalidMeetingTime)
}

/// Meetings of the organizations at `paths` (exact) or inside `subtree`, upcoming or past.
async fn list(
    db: &Db,
    own: &OrgPath,
    subtree: Option<&OrgPath>,
    upcoming: bool,
    limit: i64,
) -> ServiceResult<Vec<MeetingView>> {
    let now = crate::clock::now_china_minute();
    let (cmp, order) = if upcoming {
        (">=", "ASC")
    } else {
        ("<", "DESC")
    };
    let sql = format!(
        "{SELECT} WHERE m.ends_at {cmp} $1 \
         AND (o.path = $2 OR o.path LIKE $3) ORDER BY m.starts_at {order}, m.id LIMIT $4"
    );
    // `LIKE ''` matches nothing: members see their own branch only.
    let inside = subtree.map(|p| p.like_prefix()).unwrap_or_default();
    let rows: Vec<ListRow> = with_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(&now)
            .bind(own.as_str())
            .bind(&inside)
            .bind(limit)
            .fetch_all(pool)
            .await
            ?
    });
    Ok(rows.into_iter().map(view).collect())
}

fn admin_scope(actor: &Actor) -> Option<&OrgPath> {
    actor
        .may(Action::ManageOrgLife, Reach::ScopeRoot)
        .then_some(&actor.scope_path)
}

pub async fn overview(db: &Db, actor: &Actor) -> ServiceResult<OrgLifeView> {
    let home = crate::study::home_path(db, actor).await?;
    let scope = admin_scope(actor);
    // A branch plans its own meetings: the branch a secretary administers.
    let plan_for = match crate::orgs::find(db, actor.scope_org_id).await? {
        Some(org) if scope.is_some() && org.kind.is_branch_level() => {
            vec![(org.id.get(), org.name)]
        }
        _ => Vec::new(),
    };
    Ok(OrgLifeView {
        upcoming: list(db, &home, scope, true, 50).await?,
        recent: list(db, &home, scope, false, 10).await?,
        plan_for,
        reviewer: actor.may(Action::ReviewOrgLife, Reach::Below),
    })
}

/// One of the meeting pages' forms; the meeting's id.
pub async fn command(db: &Db, actor: &Actor, command: MeetingCommand) -> ServiceResult<i64> {
    use MeetingCommand::*;
    match command {
        SignIn { code } => record::sign_in(db, actor, &code).await,
        AskLeave { meeting_id, reason } => record::ask_leave(db, actor, meeting_id, &reason)
            .await
            .map(|_| meeting_id),
        Mark {
            meeting_id,
            member_id,
            status,
            reason,
        } => {
            let member_id = domain::MemberId::new(member_id).map_err(|_| ErrorCode::NotFound)?;
            record::mark(db, actor, meeting_id, member_id, &status, &reason)
                .await
                .map(|_| meeting_id)
        }
        Save {
            meeting_id,
            host,
            recorder,
            minutes,
            decisions,
        } => record::save(
            db, actor, meeting_id, &host, &recorder, &minutes, &decisions,
        )
        .await
        .map(|_| meeting_id),
        Submit { meeting_id } => record::submit(db, actor, meeting_id)
            .await
            .map(|_| meeting_id),
        Review {
            meeting_id,
            approve,
            comment,
        } => review::review(db, actor, meeting_id, approve, &comment)
            .await
            .map(|_| meeting_id),
    }
}

/// Upcoming meetings of the reader's own organization, for the home screen.
pub async fn coming_up(db: &Db, home: &OrgPath) -> ServiceResult<Vec<MeetingView>> {
    list(db, home, None, true, 3).await
}

pub async fn plan(db: &Db, actor: &Actor, draft: MeetingDraft) -> ServiceResult<i64> {
    plan_as_of(db, actor, draft, &crate::clock::now_china_minute()).await
}

/// `plan` as it was on `now` (China time to the minute): the demo seed plans its branches'
/// past meetings on the days they were planned, so their records can follow.
pub(crate) async fn plan_as_of(
    db: &Db,
    actor: &Actor,
    draft: MeetingDraft,
    now: &str,
) -> ServiceResult<i64> {
    let org_id = domain::OrgId::new(draft.org_id).map_err(|_| ErrorCode::NotFound)?;
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::ManageOrgLife, actor.reach_org(&org.path))?;
    if !org.kind.is_branch_level() {
        return Err(ErrorCode::InvalidOrgKind.into());
    }
    // A dissolved branch holds no more meetings; its past ones stay.
    if org.dissolved_at.is_some() {
        return Err(ErrorCode::OrgDissolved.into());
    }
    let field = ServiceError::field;
    let kind = MeetingKind::parse(&draft.kind).map_err(|c| field("meeting_kind", c))?;
    let topic = text("topic", &draft.topic, 2, 100)?;
    let place = text("place", &draft.place, 2, 100)?;
    let starts_at = minute(&draft.starts_at).map_err(|c| field("starts_at", c))?;
    let ends_at = minute(&draft.ends_at).map_err(|c| field("ends_at", c))?;
    // A meeting ends after it starts, the same day or the next (the sign-in code is valid
    // until the end: a code open for days could be guessed).
    let length = minute_number(&ends_at)
        .zip(minute_number(&starts_at))
        .map(|(e, s)| e - s);
    if !length.is_some_and(|l| l > 0 && l <= 24 * 60) {
        return Err(field("ends_at", ErrorCode::InvalidMeetingTime));
    }
    if starts_at.as_str() < now {
        return Err(field("starts_at", ErrorCode::InvalidMeetingTime));
    }
    let now = crate::clock::now_rfc3339();
    // Six digits: short enough to type from the host's screen, and only this branch's members
    // can use it, only during the meeting.
    let sign_code = format!(
        "{:06}",
        rand::Rng::gen_range(&mut rand::thread_rng(), 0..1_000_000)
    );
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Dissolved since it was read: checked again under the lock.
        let dissolved: Option<String> =
            sqlx::query_scalar("SELECT dissolved_at FROM organizations WHERE id = $1")
                .bind(org.id)
                .fetch_one(&mut *tx)
                .await?;
        if dissolved.is_some() {
            return Err(ErrorCode::OrgDissolved.into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (org_id, kind, topic, starts_at, ends_at, place, status, created_by, created_at, sign_code) \
             VALUES ($1, $2, $3, $4, $5, $6, 'planned', $7, $8, $9) RETURNING id",
        )
        .bind(org.id)
        .bind(kind.code())
        .bind(&topic)
        .bind(&starts_at)
        .bind(&ends_at)
        .bind(&place)
        .bind(actor.account_id)
        .bind(&now)
        .bind(&sign_code)
        .fetch_one(&mut *tx)
        .await
        ?;
        let after = serde_json::json!({
            "org_id": org.id, "kind": kind.code(), "topic": topic,
            "starts_at": starts_at, "ends_at": ends_at, "place": place, "status": "planned",
        });
        tx.append(event(actor, "meeting.plan", id, None, after))
        .await
        ?;
        // Every member of the branch (flowing members wherever they work), not the planner.
        sqlx::query(
            "INSERT INTO notifications (account_id, title, body, link, created_at) \
             SELECT a.id, $1, $2, $3, $4 FROM accounts a JOIN members m ON m.id = a.member_id \
             WHERE m.org_id = $5 AND m.standing = 'active' AND a.id <> $6",
        )
        .bind(format!("会议通知：{}", kind.label_zh()))
        .bind(format!("{topic}，{} 在{place}", starts_at.replacen('T', " ", 1)))
        .bind(format!("/org-life/{id}"))
        .bind(&now)
        .bind(org.id)
        .bind(actor.account_id)
        .execute(&mut *tx)
        .await
        ?;
        tx.commit().await?;
        id
    });
    tracing::info!(
        account_id = %actor.account_id,
        meeting_id = id,
        org_id = %org.id,
        "meeting planned"
    );
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::minute;

    #[test]
    fn meeting_times_are_local_minutes() {
        assert_eq!(minute("2026-12-05T09:00").unwrap(), "2026-12-05T09:00");
        for bad in [
            "2026-12-05 09:00",
            "2026-02-30T09:00",
            "2026-12-05T24:00",
            "明天上午",
            "",
        ] {
            assert!(minute(bad).is_err(), "{bad}");
        }
    }
}
