//! Two-level review of meeting records: the committee directly above approves or returns a
//! submitted record, the county approves or returns it finally; a returned record goes back to
//! the branch with the reasons. Final approval locks the record and books the attendance
//! points. Each step, with its comment, is an event in the record trail — the record's history
//! is read from there.

use crate::error::ServiceResult;
use app::orglife::{QueueItem, ReviewQueue};
use domain::{
    orglife::{Attendance, MeetingKind, MeetingStatus, REVIEW_DEADLINE_DAYS},
    points::Activity,
    Date, ErrorCode, Role,
};

use super::record::{load, MeetingRow};
use crate::{
    access::Actor, forms::text, inbox::InboxTx, points::PointsTx, storage::Db, trail::TrailTx,
    with_pool,
};

pub async fn review(
    db: &Db,
    actor: &Actor,
    id: i64,
    approve: bool,
    comment: &str,
) -> ServiceResult<()> {
    let row = load(db, id).await?;
    // Who may review here is settled before the record's state is told: otherwise anyone could
    // read a meeting's progress by asking (docs/security.md#the-access-matrix).
    actor.require(
        domain::access::Action::ReviewOrgLife,
        actor.reach_org(&row.org_path),
    )?;
    let Some(level) = row.review_level(actor) else {
        return Err(match row.status() {
            MeetingStatus::Submitted | MeetingStatus::Reviewed => ErrorCode::Forbidden,
            _ => ErrorCode::AlreadyDecided,
        }
        .into());
    };
    let comment = text("review_comment", comment, if approve { 0 } else { 2 }, 500)?;
    let before = row.status();
    let after = before.review(level, approve)?;
    let now = crate::clock::now_rfc3339();
    let what = format!("{} · {}", row.kind.label_zh(), row.topic);
    let link = format!("/org-life/{id}");
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Two reviewers at once: the second finds the status moved on.
        let moved = sqlx::query("UPDATE meetings SET status = $1, approved_at = $2 WHERE id = $3 AND status = $4")
            .bind(after.code())
            .bind((after == MeetingStatus::Approved).then_some(&now))
            .bind(id)
            .bind(before.code())
            .execute(&mut *tx)
            .await
            ?
            .rows_affected();
        if moved == 0 {
            return Err(ErrorCode::AlreadyDecided.into());
        }
        tx.append(super::event(actor, "meeting.review", id, Some(serde_json::json!({ "status": before.code() })), serde_json::json!({ "status": after.code(), "level": level, "comment": comment })))
        .await
        ?;
        match after {
            MeetingStatus::Returned => {
                tx.notify_admins_of(row.org_id, "会议记录被退回", &format!("{what}：{comment}"), &link).await?;
            }
            MeetingStatus::Reviewed => {
                // The county: the root of the branch's path.
                tx.notify_admins_of(row.org_path.root(), "会议记录待终审", &format!("{}：{what}", row.org_name), &link).await?;
            }
            _ => {
                tx.notify_admins_of(row.org_id, "会议记录已审定", &what, &link).await?;
                let attendance: Vec<(domain::MemberId, Attendance)> = sqlx::query_as(
                    "SELECT member_id, status FROM meeting_attendance WHERE meeting_id = $1 ORDER BY member_id",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await
                ?;
                // Points through the rules: attended +, absent without excuse − (leave neither).
                let day = Date::parse(row.starts_at.get(..10).unwrap_or_default())?;
                for (activity, members) in attendance_points(&row, &attendance)? {
                    let booked = tx.award_points_many(Some(actor.account_id), &members, &activity, day).await?;
                    if !matches!(activity, Activity::OrgLifeAbsentUnexcused { .. }) {
                        continue;
                    }
                    // Each absentee hears of it, with the deduction when one was booked.
                    for (member, entry) in members.iter().zip(&booked) {
                        let deducted = if entry.points < 0 {
                            format!("，扣 {} 分", -entry.points)
                        } else {
                            String::new()
                        };
                        let body = format!("你无故缺席了{what}（{day}）{deducted}。如有正当理由，请向支部说明。");
                        tx.notify_member(*member, "组织生活缺席", &body, &link).await?;
                    }
                }
            }
        }
        tx.commit().await?;
    });
    tracing::info!(
        account_id = %actor.account_id,
        meeting_id = id,
        status = after.code(),
        "meeting record reviewed"
    );
    Ok(())
}

/// Who earns and who loses points for a meeting: those present, those absent without excuse.
fn attendance_points(
    row: &MeetingRow,
    attendance: &[(domain::MemberId, Attendance)],
) -> ServiceResult<[(Activity, Vec<domain::MemberId>); 2]> {
    let meeting: MeetingKind = row.kind()?;
    let who = |status: Attendance| {
        attendance
            .iter()
            .filter(|(_, s)| *s == status)
            .map(|(m, _)| *m)
            .collect()
    };
    Ok([
        (
            Activity::OrgLifeAttended { meeting },
            who(Attendance::Present),
        ),
        (
            Activity::OrgLifeAbsentUnexcused { meeting },
            who(Attendance::Absent),
        ),
    ])
}

/// `/review`: records waiting for this reviewer, overdue (and then longest waiting) first.
pub async fn queue(
    db: &Db,
    actor: &Actor,
    kind: Option<MeetingKind>,
    branch: Option<i64>,
    min_days: i64,
) -> ServiceResult<ReviewQueue> {
    actor.require(
        domain::access::Action::ReviewOrgLife,
        domain::access::Reach::Below,
    )?;
    // First reviews of the branches whose nearest non-branch ancestor is the reviewer's own
    // organization (no committee in between); the county also gives every final review.
    let county = i64::from(actor.role == Role::CountyAdmin);
    #[derive(sqlx::FromRow)]
    struct QueueRow {
        id: i64,
        org_id: domain::OrgId,
        org_name: String,
        kind: MeetingKind,
        topic: String,
        starts_at: String,
        ends_at: String,
        place: String,
        status: MeetingStatus,
        submitted_at: String,
    }
    let rows: Vec<QueueRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.org_id, o.name AS org_name, m.kind, m.topic, m.starts_at, m.ends_at, m.place, m.status, \
             m.submitted_at FROM meetings m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND ((m.status = 'submitted' AND NOT EXISTS ( \
                 SELECT 1 FROM organizations mid WHERE o.path LIKE mid.path || '%' \
                 AND mid.path LIKE $1 AND mid.path <> $2 AND mid.kind NOT LIKE '%branch')) \
             OR (m.status = 'reviewed' AND $3 = 1)) ORDER BY m.submitted_at, m.id",
        )
        .bind(actor.scope_path.like_prefix())
        .bind(actor.scope_path.as_str())
        .bind(county)
        .fetch_all(pool)
        .await
        ?
    });
    let today = crate::clock::today_china();
    // Every branch here is in the reviewer's subtree, where they may watch its stream.
    let mut ids: Vec<domain::OrgId> = rows.iter().map(|r| r.org_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let streams = crate::video::read::of_orgs(db, &ids).await?;
    let mut items = Vec::new();
    let mut branches: Vec<(i64, String)> = Vec::new();
    for r in rows {
        if !branches.iter().any(|(b, _)| *b == r.org_id.get()) {
            branches.push((r.org_id.get(), r.org_name.clone()));
        }
        let submitted = crate::clock::china_minute_of(&r.submitted_at);
        let waiting_days = Date::parse(submitted.get(..10).unwrap_or_default())
            .map_or(0, |d| d.days_between(today));
        let wanted = kind.is_none_or(|k| k == r.kind)
            && branch.is_none_or(|b| b == r.org_id.get())
            && waiting_days >= min_days;
        if wanted {
            items.push(QueueItem {
                status_label: r.status.label_zh().to_string(),
                waiting_days,
                overdue: waiting_days > REVIEW_DEADLINE_DAYS,
                stream: streams.get(&r.org_id).cloned(),
                meeting: super::view(super::ListRow {
                    id: r.id,
                    org_name: r.org_name,
                    kind: r.kind,
                    topic: r.topic,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                    place: r.place,
                    status: r.status,
                }),
            });
        }
    }
    // Oldest first already; overdue ones lead.
    items.sort_by_key(|i| !i.overdue);
    Ok(ReviewQueue { items, branches })
}
