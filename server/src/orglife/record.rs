//! A meeting's record (全程记实): attendance by sign-in code, leave and absence, host, recorder,
//! minutes and decisions, photos, and the branch's submission for review. Only the branch's own
//! officers write it, and only while it is planned or returned; every change is a trail event.

use crate::error::{Context, ServiceError, ServiceResult};
use crate::files::register::register_upload;
use crate::orgs::reviewer_of_o;
use app::orglife::{AttendeeView, MeetingDetail, PhotoView};
use domain::{
    access::{Action, Reach},
    orglife::{minute_number, sign_in_open, Attendance, MeetingKind, MeetingStatus, ReviewLevel},
    ErrorCode, MemberStatus, Role,
};

use crate::{access::Actor, forms::text, inbox::InboxTx, storage::Db, trail::TrailTx, with_pool};

/// Inside a locked transaction: the record must still be in one of `$statuses` (another request
/// may have submitted or approved it since it was read).
macro_rules! still_in {
    ($tx:expr, $id:expr, $statuses:expr) => {{
        let status: MeetingStatus = sqlx::query_scalar("SELECT status FROM meetings WHERE id = $1")
            .bind($id)
            .fetch_one(&mut *$tx)
            .await?;
        if !$statuses.contains(&status) {
            return Err(ErrorCode::MeetingLocked.into());
        }
        status
    }};
}
/// What the branch may still change: [`MeetingStatus::editable`], as a list for the
/// in-transaction recheck.
const EDITABLE: [MeetingStatus; 2] = [MeetingStatus::Planned, MeetingStatus::Returned];
/// Who reads every branch's records in their reach: officers, reviewers, auditors.
pub(crate) const READERS: [Action; 3] = [
    Action::ManageOrgLife,
    Action::ReviewOrgLife,
    Action::ViewTrail,
];

#[derive(sqlx::FromRow, Clone, Debug)]
pub(crate) struct MeetingRow {
    pub id: i64,
    pub org_id: domain::OrgId,
    pub org_name: String,
    pub org_path: domain::OrgPath,
    pub kind: MeetingKind,
    pub topic: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub status: MeetingStatus,
    pub host: String,
    pub recorder: String,
    pub minutes: String,
    pub decisions: String,
    pub sign_code: String,
    /// The committee (or the county) that reviews this branch first: its nearest ancestor that
    /// is not itself a branch (a 党总支's branches go to the committee above the 党总支).
    pub reviewer_org: domain::OrgId,
}

impl MeetingRow {
    pub fn status(&self) -> MeetingStatus {
        self.status
    }

    pub fn kind(&self) -> ServiceResult<MeetingKind> {
        Ok(self.kind)
    }

    /// The branch's own officers (never the committee above, which reviews it).
    pub fn officer(&self, actor: &Actor) -> bool {
        actor.scope_org_id == self.org_id && actor.may(Action::ManageOrgLife, Reach::ScopeRoot)
    }

    /// The review this actor may give now: the committee directly above first (the county
    /// when the branch sits directly under it, which then decides finally), the county last.
    pub fn review_level(&self, actor: &Actor) -> Option<ReviewLevel> {
        if !actor.may(Action::ReviewOrgLife, actor.reach_org(&self.org_path)) {
            return None;
        }
        let level = if actor.role == Role::CountyAdmin {
            ReviewLevel::County
        } else {
            ReviewLevel::Committee
        };
        // The first review belongs to the organization directly above; the county also gives
        // the final one.
        let mine = match self.status {
            MeetingStatus::Submitted => actor.scope_org_id == self.reviewer_org,
            _ => true,
        };
        (mine && self.status.awaits(level)).then_some(level)
    }

    fn editable_by(&self, actor: &Actor) -> ServiceResult<()> {
        if !self.officer(actor) {
            return Err(ErrorCode::Forbidden.into());
        }
        if !self.status().editable() {
            return Err(ErrorCode::MeetingLocked.into());
        }
        Ok(())
    }
}

pub(crate) async fn load(db: &Db, id: i64) -> ServiceResult<MeetingRow> {
    with_pool!(db, pool => {
        sqlx::query_as(
            concat!("SELECT m.id, m.org_id, o.name AS org_name, o.path AS org_path, m.kind, \
             m.topic, m.starts_at, m.ends_at, m.place, m.status, m.host, m.recorder, m.minutes, \
             m.decisions, m.sign_code, ", reviewer_of_o!(), " AS reviewer_org \
             FROM meetings m JOIN organizations o ON o.id = m.org_id WHERE m.id = $1"),
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        ?
        .ok_or(ErrorCode::NotFound.into())
    })
}

/// Members of the branch, officers and reviewers above it, and auditors read a record.
async fn may_view(db: &Db, actor: &Actor, row: &MeetingRow) -> ServiceResult<bool> {
    if actor.may_any(&READERS, actor.reach_org(&row.org_path)) {
        return Ok(true);
    }
    Ok(actor.member_id.is_some() && crate::study::home_path(db, actor).await? == row.org_path)
}

pub(crate) async fn viewable(db: &Db, actor: &Actor, id: i64) -> ServiceResult<MeetingRow> {
    let row = load(db, id).await?;
    if may_view(db, actor, &row).await? {
        Ok(row)
    } else {
        // Not found rather than forbidden: a meeting's existence is the branch's business.
        Err(ErrorCode::NotFound.into())
    }
}

/// An expected attendee and what was recorded for them.
#[derive(sqlx::FromRow)]
struct RosterRow {
    id: domain::MemberId,
    name: String,
    member_status: MemberStatus,
    flowing_destination: Option<String>,
    attendance: Option<Attendance>,
    reason: Option<String>,
}

/// Expected attendees: the branch's members while the record is open; once submitted, exactly
/// those recorded (a member transferred since stays in the record, a newcomer is not added).
async fn roster(db: &Db, row: &MeetingRow) -> ServiceResult<Vec<RosterRow>> {
    let open = i64::from(row.status().editable());
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, m.status AS member_status, m.flowing_destination, \
             a.status AS attendance, a.reason \
             FROM members m LEFT JOIN meeting_attendance a ON a.member_id = m.id AND a.meeting_id = $1 \
             WHERE (m.org_id = $2 AND $3 = 1 AND m.standing = 'active') OR a.meeting_id IS NOT NULL ORDER BY m.id",
        )
        .bind(row.id)
        .bind(row.org_id)
        .bind(open)
        .fetch_all(pool)
        .await?
    }))
}

/// `site` is the address members' phones open (`https://dj.example.cn`): the sign-in link and
/// its QR code carry it, so any camera or WeChat's scanner lands on the sign-in page.
pub async fn detail(db: &Db, actor: &Actor, id: i64, site: &str) -> ServiceResult<MeetingDetail> {
    let row = viewable(db, actor, id).await?;
    let status = row.status();
    let officer = row.officer(actor);
    let roster = roster(db, &row).await?;
    let count = |s: Attendance| roster.iter().filter(|r| r.attendance == Some(s)).count();
    let (present, leave, absent) = (
        count(Attendance::Present),
        count(Attendance::Leave),
        count(Attendance::Absent),
    );
    let tally = format!(
        "应到 {} 人，签到 {present} 人，请假 {leave} 人，缺席 {absent} 人{}",
        roster.len(),
        if roster.len() > present + leave + absent {
            format!("，未签到 {} 人", roster.len() - present - leave - absent)
        } else {
            String::new()
        }
    );
    let quorum = (row.kind()? == MeetingKind::BranchAssembly).then(|| {
        let full = |r: &&RosterRow| r.member_status == MemberStatus::Full;
        let voting = u32::try_from(roster.iter().filter(full).count()).unwrap_or(u32::MAX);
        let came = roster
            .iter()
            .filter(full)
            .filter(|r| r.attendance == Some(Attendance::Present))
            .count();
        let came = u32::try_from(came).unwrap_or(u32::MAX);
        let met = domain::orglife::quorum_met(voting, came);
        format!(
            "有表决权的正式党员 {voting} 人，到会 {came} 人：{}",
            if met {
                "超过半数，符合规定"
            } else {
                "未超过半数，不能作出决定"
            }
        )
    });
    let may_ask_leave = status == MeetingStatus::Planned
        && actor
            .member_id
            .is_some_and(|me| roster.iter().any(|r| r.id == me && r.attendance.is_none()));
    let mine = actor.member_id.and_then(|me| {
        roster.iter().find(|r| r.id == me).map(|r| {
            r.attendance
                .map_or("未签到", Attendance::label_zh)
                .to_string()
        })
    });
    // Others' attendance and leave reasons are for the branch's officers, reviewers and
    // auditors; a member sees the tally and their own line.
    let sees_all = officer || actor.may_any(&READERS, actor.reach_org(&row.org_path));
    let attendance = roster
        .into_iter()
        .filter(|r| sees_all || Some(r.id) == actor.member_id)
        .map(|r| {
            let note = if r.flowing_destination.is_some() {
                "流动党员"
            } else if r.member_status == MemberStatus::Probationary {
                "预备党员"
            } else {
                ""
            };
            AttendeeView {
                member_id: r.id,
                name: r.name,
                note: note.into(),
                status_label: r.attendance.map_or("未签到", Attendance::label_zh).into(),
                status: r.attendance,
                reason: r.reason.unwrap_or_default(),
            }
        })
        .collect();
    // The code is shown until the record goes up for review.
    let sign_code =
        (officer && status.editable() && !row.sign_code.is_empty()).then(|| row.sign_code.clone());
    let sign_in_url = sign_code
        .as_deref()
        .map(|code| format!("{site}/org-life/sign-in?code={code}"));
    let sign_qr_svg = sign_in_url.as_deref().map(qr_svg).transpose()?;
    Ok(MeetingDetail {
        meeting: super::view_of(&row),
        status,
        status_label: status.label_zh().into(),
        can_edit: officer && status.editable(),
        sign_code,
        sign_in_url,
        sign_qr_svg,
        attendance,
        tally,
        quorum,
        photos: photos(db, &row).await?,
        history: super::steps::history(db, row.id).await?,
        review_as: row.review_level(actor).map(|l| {
            if l == ReviewLevel::County && status == MeetingStatus::Reviewed {
                "县委终审"
            } else {
                l.label_zh()
            }
            .to_string()
        }),
        mine,
        may_ask_leave,
        stream: crate::video::read::beside(db, actor, row.org_id, &row.org_path).await?,
        minutes_html: app::study::markdown::render(&row.minutes),
        decisions_html: app::study::markdown::render(&row.decisions),
        host: row.host,
        recorder: row.recorder,
        minutes: row.minutes,
        decisions: row.decisions,
    })
}

/// The QR code of the sign-in address, shown on the host's screen for members to scan.
fn qr_svg(url: &str) -> ServiceResult<String> {
    let qr = qrcode::QrCode::new(url).context("drawing the sign-in QR code")?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    // Inside an HTML page the XML declaration is noise: keep the <svg> element only.
    Ok(svg
        .find("<svg")
        .map_or(svg.clone(), |start| svg[start..].to_string()))
}

async fn photos(db: &Db, row: &MeetingRow) -> ServiceResult<Vec<PhotoView>> {
    #[derive(sqlx::FromRow)]
    struct PhotoRow {
        id: i64,
        file_key: String,
        thumb_key: String,
        width: i64,
        height: i64,
        taken_at: Option<String>,
        place: Option<String>,
        uploaded_at: String,
        predates: i64,
    }
    let rows: Vec<PhotoRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, file_key, thumb_key, width, height, taken_at, place, uploaded_at, predates \
             FROM meeting_photos WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(row.id)
        .fetch_all(pool)
        .await
        ?
    });
    Ok(rows
        .into_iter()
        .map(|p| PhotoView {
            id: p.id,
            url: format!("/files/{}", p.file_key),
            thumb_url: format!("/files/{}", p.thumb_key),
            width: p.width,
            height: p.height,
            taken_at: p.taken_at.map(|t| t.replacen('T', " ", 1)),
            place: p.place,
            uploaded_at: crate::clock::china_minute_of(&p.uploaded_at),
            predates: p.predates != 0,
        })
        .collect())
}

/// Wrong codes a member may enter for one meeting open for sign-in before it takes no code from
/// them (docs/security.md#sign-in-codes): guessing one of a million codes stays hopeless.
pub const SIGN_IN_ATTEMPTS: i64 = 5;

/// A member signs in with the code the host shows, on their own phone, during the meeting.
/// Every attempt is logged against the meetings of their branch open for sign-in.
pub async fn sign_in(db: &Db, actor: &Actor, code: &str) -> ServiceResult<i64> {
    let member_id = actor.member_id.ok_or(ErrorCode::NotPermittedForRole)?;
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(field("sign_in_code", ErrorCode::InvalidSignInCode));
    }
    #[derive(sqlx::FromRow)]
    struct Candidate {
        id: i64,
        starts_at: String,
        ends_at: String,
        sign_code: String,
    }
    let candidates: Vec<Candidate> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT mt.id, mt.starts_at, mt.ends_at, mt.sign_code FROM meetings mt \
             JOIN members m ON m.org_id = mt.org_id \
             WHERE m.id = $1 AND m.standing = 'active' AND mt.status = 'planned' AND mt.sign_code <> ''",
        )
        .bind(member_id)
        .fetch_all(pool)
        .await
        ?
    });
    let now = minute_number(&crate::clock::now_china_minute()).ok_or(ErrorCode::Internal)?;
    let open: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| {
            matches!(
                (minute_number(&c.starts_at), minute_number(&c.ends_at)),
                (Some(s), Some(e)) if sign_in_open(s, e, now)
            )
        })
        .collect();
    let open_ids: Vec<i64> = open.iter().map(|c| c.id).collect();
    let matched = open.iter().find(|c| c.sign_code == code).map(|c| c.id);
    // Logged before it is judged, so attempts in parallel count one another.
    let logged = match matched {
        Some(id) => vec![id],
        None => open_ids.clone(),
    };
    let at = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        for meeting in &logged {
            sqlx::query(
                "INSERT INTO sign_in_attempts (meeting_id, member_id, attempted_at, succeeded) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(meeting)
            .bind(member_id)
            .bind(&at)
            .bind(i64::from(matched.is_some()))
            .execute(pool)
            .await?;
        }
    });
    let mut most_wrong = 0;
    for meeting in &logged {
        let wrong: i64 = with_pool!(db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM sign_in_attempts \
                 WHERE meeting_id = $1 AND member_id = $2 AND succeeded = 0",
            )
            .bind(meeting)
            .bind(member_id)
            .fetch_one(pool)
            .await?
        });
        most_wrong = most_wrong.max(wrong);
    }
    let Some(meeting_id) = matched else {
        tracing::info!(member_id = member_id.get(), open = ?open_ids, wrong = most_wrong, "wrong sign-in code");
        return Err(if most_wrong > SIGN_IN_ATTEMPTS {
            field("sign_in_code", ErrorCode::SignInAttemptsExceeded)
        } else {
            field("sign_in_code", ErrorCode::InvalidSignInCode)
        });
    };
    // After the allowance of wrong codes, even the right one is refused: it may be the
    // millionth guess.
    if most_wrong >= SIGN_IN_ATTEMPTS {
        tracing::warn!(
            member_id = member_id.get(),
            meeting_id,
            "sign-in code after too many wrong ones"
        );
        return Err(field("sign_in_code", ErrorCode::SignInAttemptsExceeded));
    }
    set_attendance(db, actor, meeting_id, member_id, Attendance::Present, "").await?;
    Ok(meeting_id)
}

/// A member asks for leave (请假) with a reason, before or during the meeting.
pub async fn ask_leave(db: &Db, actor: &Actor, id: i64, reason: &str) -> ServiceResult<()> {
    let member_id = actor.member_id.ok_or(ErrorCode::NotPermittedForRole)?;
    let row = viewable(db, actor, id).await?;
    // Only those expected at the meeting may ask; whether it is still time is told to them
    // alone (docs/security.md#the-access-matrix).
    let roster = roster(db, &row).await?;
    let Some(entry) = roster.iter().find(|r| r.id == member_id) else {
        return Err(ErrorCode::Forbidden.into());
    };
    if row.status() != MeetingStatus::Planned {
        return Err(ErrorCode::MeetingLocked.into());
    }
    // Leave is asked for before the meeting is over; afterwards only the branch decides.
    if crate::clock::now_china_minute() > row.ends_at {
        return Err(ErrorCode::MeetingLocked.into());
    }
    let reason = text("leave_reason", reason, 2, 100)?;
    if entry.attendance.is_some() {
        return Err(ErrorCode::AlreadyDecided.into());
    }
    set_attendance(db, actor, id, member_id, Attendance::Leave, &reason).await
}

/// The branch marks a member present, on leave (with the reason) or absent.
pub async fn mark(
    db: &Db,
    actor: &Actor,
    id: i64,
    member_id: domain::MemberId,
    status: &str,
    reason: &str,
) -> ServiceResult<()> {
    let row = load(db, id).await?;
    row.editable_by(actor)?;
    let status =
        Attendance::parse(status).map_err(|_| field("attendance", ErrorCode::BadRequest))?;
    let reason = match status {
        Attendance::Leave => text("leave_reason", reason, 2, 100)?,
        _ => String::new(),
    };
    if !roster(db, &row).await?.iter().any(|r| r.id == member_id) {
        return Err(ErrorCode::NotFound.into());
    }
    set_attendance(db, actor, id, member_id, status, &reason).await
}

async fn set_attendance(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    member_id: domain::MemberId,
    status: Attendance,
    reason: &str,
) -> ServiceResult<()> {
    let now = crate::clock::now_rfc3339();
    // A member's own sign-in or leave carries no officer.
    let marked_by = (actor.member_id != Some(member_id)).then_some(actor.account_id);
    // A member's own sign-in or leave only while planned; the branch's marks while open.
    let allowed: &[MeetingStatus] = if marked_by.is_none() {
        &[MeetingStatus::Planned]
    } else {
        &EDITABLE
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        still_in!(tx, meeting_id, allowed);
        sqlx::query(
            "INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, at, marked_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (meeting_id, member_id) DO UPDATE \
             SET status = excluded.status, reason = excluded.reason, at = excluded.at, marked_by = excluded.marked_by",
        )
        .bind(meeting_id)
        .bind(member_id)
        .bind(status.code())
        .bind(reason)
        .bind(&now)
        .bind(marked_by)
        .execute(&mut *tx)
        .await
        ?;
        let after = serde_json::json!({ "member_id": member_id, "status": status.code(), "reason": reason });
        tx.append(super::event(actor, "meeting.attendance", meeting_id, None, after))
        .await
        ?;
        tx.commit().await?;
    });
    Ok(())
}

fn field(name: &'static str, code: ErrorCode) -> ServiceError {
    ServiceError::field(name, code)
}

/// Host, recorder, minutes (Markdown) and decisions.
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: i64,
    host: &str,
    recorder: &str,
    minutes: &str,
    decisions: &str,
) -> ServiceResult<()> {
    let row = load(db, id).await?;
    row.editable_by(actor)?;
    let host = text("host", host, 2, 20)?;
    let recorder = text("recorder", recorder, 2, 20)?;
    let minutes = text("minutes", minutes, 10, 20_000)?;
    let decisions = text("decisions", decisions, 0, 5_000)?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        still_in!(tx, id, EDITABLE);
        sqlx::query("UPDATE meetings SET host = $1, recorder = $2, minutes = $3, decisions = $4 WHERE id = $5")
            .bind(&host)
            .bind(&recorder)
            .bind(&minutes)
            .bind(&decisions)
            .bind(id)
            .execute(&mut *tx)
            .await
            ?;
        let record = |h: &str, r: &str, m: &str, d: &str| {
            serde_json::json!({ "host": h, "recorder": r, "minutes": m, "decisions": d })
        };
        tx.append(super::event(actor, "meeting.record", id, Some(record(&row.host, &row.recorder, &row.minutes, &row.decisions)), record(&host, &recorder, &minutes, &decisions)))
        .await
        ?;
        tx.commit().await?;
    });
    Ok(())
}

/// Photos already checked and re-encoded (`photo::process`) join the record, all or none.
pub async fn add_photos(
    db: &Db,
    files: &crate::files::SharedFileStore,
    actor: &Actor,
    id: i64,
    photos: Vec<super::photo::Processed>,
) -> ServiceResult<()> {
    let row = load(db, id).await?;
    row.editable_by(actor)?;
    let start = minute_number(&row.starts_at);
    let mut rows = Vec::with_capacity(photos.len());
    // Files first; the rows after, in one transaction that checks the record is still open.
    for photo in photos {
        let stored = super::photo::store(files, "orglife", photo).await?;
        let predates = match (stored.taken_at.as_deref().and_then(minute_number), start) {
            (Some(taken), Some(start)) => domain::orglife::photo_predates(taken, start),
            _ => false,
        };
        rows.push((stored, predates));
    }
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        still_in!(tx, id, EDITABLE);
        for (super::photo::Stored { key, thumb, sizes: (full_size, thumb_size), width, height, taken_at, place }, predates) in &rows {
            for (k, size) in [(key, full_size), (thumb, thumb_size)] {
                register_upload!(tx, k.as_str(), "image/jpeg", *size, "orglife", actor.account_id, &now);
            }
            // The same photo twice (a retried upload) is kept once.
            let added = sqlx::query(
                "INSERT INTO meeting_photos (meeting_id, file_key, thumb_key, width, height, taken_at, place, \
                 predates, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (meeting_id, file_key) DO NOTHING",
            )
            .bind(id)
            .bind(key.as_str())
            .bind(thumb.as_str())
            .bind(i64::from(*width))
            .bind(i64::from(*height))
            .bind(taken_at)
            .bind(place)
            .bind(i64::from(*predates))
            .bind(actor.account_id)
            .bind(&now)
            .execute(&mut *tx)
            .await
            ?
            .rows_affected();
            if added == 0 {
                continue;
            }
            let after = serde_json::json!({
                "file": key.as_str(), "taken_at": taken_at, "place": place, "predates": predates,
            });
            tx.append(super::event(actor, "meeting.photo", id, None, after))
            .await
            ?;
        }
        tx.commit().await?;
    });
    tracing::info!(
        account_id = %actor.account_id,
        meeting_id = id,
        photos = rows.len(),
        "meeting photos added"
    );
    Ok(())
}

/// Who may see a meeting photo (`GET /files/orglife/…`): whoever may read its record.
pub async fn may_see_photo(db: &Db, actor: &Actor, key: &str) -> ServiceResult<bool> {
    let ids: Vec<i64> = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT meeting_id FROM meeting_photos WHERE file_key = $1 OR thumb_key = $1")
            .bind(key)
            .fetch_all(pool)
            .await
            ?
    });
    for id in ids {
        if may_view(db, actor, &load(db, id).await?).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The branch submits the record for review: members not marked are recorded absent, the
/// committee above (or the county) is told.
pub async fn submit(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let row = load(db, id).await?;
    row.editable_by(actor)?;
    if row.host.is_empty() || row.minutes.is_empty() {
        return Err(field("minutes", ErrorCode::InvalidText));
    }
    // Not before sign-in opens: a record written in advance would mark everyone absent.
    let started = match (
        minute_number(&crate::clock::now_china_minute()),
        minute_number(&row.starts_at),
    ) {
        (Some(now), Some(start)) => now >= start - domain::orglife::SIGN_IN_EARLY_MINUTES,
        _ => false,
    };
    if !started {
        return Err(ErrorCode::MeetingNotStarted.into());
    }
    let now = crate::clock::now_rfc3339();
    let reviewers_of = row.reviewer_org;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let status = still_in!(tx, id, EDITABLE);
        sqlx::query(
            "INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, at, marked_by) \
             SELECT $1, m.id, 'absent', '', $2, $3 FROM members m WHERE m.org_id = $4 AND m.standing = 'active' \
             AND NOT EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = $1 AND a.member_id = m.id)",
        )
        .bind(id)
        .bind(&now)
        .bind(actor.account_id)
        .bind(row.org_id)
        .execute(&mut *tx)
        .await
        ?;
        sqlx::query("UPDATE meetings SET status = 'submitted', submitted_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await
            ?;
        tx.append(super::event(actor, "meeting.submit", id, Some(serde_json::json!({ "status": status })), serde_json::json!({ "status": "submitted" })))
        .await
        ?;
        tx.notify_admins_of(
            reviewers_of,
            "会议记录待审核",
            &format!("{}：{} · {}", row.org_name, row.kind.label_zh(), row.topic),
            &format!("/org-life/{id}"),
        )
        .await?;
        tx.commit().await?;
    });
    Ok(())
}
