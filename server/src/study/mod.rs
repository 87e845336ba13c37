//! Study (学习) for members: what is published to my organization, where I am in it, and
//! finishing it — the points are decided by `domain::points::award` (caps included) in the same
//! transaction that marks the item finished, so a bypassed browser changes nothing.

use crate::error::ServiceResult;
pub mod authoring;
mod repo;

use app::study::{
    QuizQuestionView, StudyCard, StudyColumn, StudyItemView, StudyListView, StudyProgressView,
};
use domain::{
    access::Action,
    study::{activity_for, clamp_percent, parse_quiz, score_quiz, StudyKind},
    Date, ErrorCode,
};

use crate::{access::Actor, points::PointsTx, storage::Db, trail::TrailTx, with_pool};
use repo::ItemRow;

/// Where the actor reads from: their branch (members), else the organization they administer.
/// The path an account reads study material and notices for: a member's branch (where a
/// secretary's account is scoped too), or the scope root of a staff account.
pub(crate) async fn home_path(db: &Db, actor: &Actor) -> ServiceResult<domain::OrgPath> {
    let Some(member_id) = actor.member_id else {
        return Ok(actor.scope_path.clone());
    };
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT o.path FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.id = $1",
        )
        .bind(member_id)
        .fetch_one(pool)
        .await
        ?
    }))
}

/// Items a reader sees: published by now (`$2`) to their home organization (`$3`) or above, and
/// not withdrawn; `i` is `study_items`.
const VISIBLE_AT_HOME: &str =
    "i.withdrawn_at IS NULL AND i.publish_at <= $2 AND $3 LIKE i.audience_path || '%'";

/// How many items a member has yet to finish (0 without a member file); `home` is their
/// `home_path`.
pub async fn unfinished(db: &Db, actor: &Actor, home: &domain::OrgPath) -> ServiceResult<i64> {
    let Some(member_id) = actor.member_id else {
        return Ok(0);
    };
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM study_items i \
             LEFT JOIN study_progress p ON p.item_id = i.id AND p.member_id = $1 \
             WHERE {VISIBLE_AT_HOME} AND p.completed_at IS NULL"
        ))
        .bind(member_id)
        .bind(crate::clock::now_china_minute())
        .bind(home.as_str())
        .fetch_one(pool)
        .await
        ?
    }))
}

/// A study item as the reader's list shows it, with the reader's progress.
#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    kind: String,
    column_name: String,
    title: String,
    publish_at: String,
    percent: Option<i64>,
    completed_at: Option<String>,
    points: Option<i64>,
}

pub async fn list(db: &Db, actor: &Actor, today: Date) -> ServiceResult<StudyListView> {
    let home = home_path(db, actor).await?;
    let now = crate::clock::now_china_minute();
    let rows: Vec<CardRow> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT i.id, i.kind, i.column_name, i.title, i.publish_at, p.percent, p.completed_at, p.points \
             FROM study_items i LEFT JOIN study_progress p ON p.item_id = i.id AND p.member_id = $1 \
             WHERE {VISIBLE_AT_HOME} ORDER BY i.publish_at DESC, i.id DESC LIMIT 200"
        ))
        .bind(actor.member_id.map_or(0, domain::MemberId::get))
        .bind(&now)
        .bind(home.as_str())
        .fetch_all(pool)
        .await
        ?
    });
    let mut columns: Vec<StudyColumn> = Vec::new();
    for r in rows {
        let column = r.column_name;
        let card = StudyCard {
            id: r.id,
            kind: StudyKind::parse(&r.kind)?,
            title: r.title,
            publish_at: r.publish_at,
            percent: clamp_percent(r.percent.unwrap_or(0)),
            completed: r.completed_at.is_some(),
            points: r.points.unwrap_or(0),
        };
        match columns.iter_mut().find(|c| c.name == column) {
            Some(c) => c.items.push(card),
            None => columns.push(StudyColumn {
                name: column,
                items: vec![card],
            }),
        }
    }
    let rules = crate::settings::point_rules(db).await?.at(today);
    let points_today = if actor.member_id.is_some() {
        crate::points::ledger_of_account(db, actor.account_id, today)
            .await?
            .iter()
            .filter(|e| e.date == today && e.activity_key.is_study())
            .map(|e| i64::from(e.points))
            .sum()
    } else {
        0
    };
    Ok(StudyListView {
        columns,
        points_today,
        daily_cap: rules.daily_study_cap.map(i64::from),
        can_author: actor.may(Action::AuthorStudy, domain::access::Reach::ScopeRoot),
    })
}

/// Members see what is published to an organization above or at their own; authors also see
/// what they may manage (scheduled or withdrawn). Anything else is "not found", not "forbidden",
/// so ids reveal nothing.
async fn readable(db: &Db, actor: &Actor, id: i64) -> ServiceResult<(ItemRow, Option<String>)> {
    let row = repo::find(db, id).await?.ok_or(ErrorCode::NotFound)?;
    let home = home_path(db, actor).await?;
    let now = crate::clock::now_china_minute();
    let live = row.withdrawn_at.is_none() && row.publish_at <= now;
    let for_me = row.audience_path.contains(&home);
    if live && for_me {
        return Ok((row, None));
    }
    if actor.may(Action::AuthorStudy, actor.reach_org(&row.audience_path)) {
        let note = if row.withdrawn_at.is_some() {
            "已撤回：党员看不到这条内容。"
        } else if !live {
            "待发布：到发布时间后党员才能看到。"
        } else {
            "此内容不面向您所在的组织，您作为发布者可以查看。"
        };
        return Ok((row, Some(note.to_string())));
    }
    Err(ErrorCode::NotFound.into())
}

pub async fn item(db: &Db, actor: &Actor, id: i64, today: Date) -> ServiceResult<StudyItemView> {
    let (row, status_note) = readable(db, actor, id).await?;
    let kind = StudyKind::parse(&row.kind)?;
    let progress = match actor.member_id {
        Some(member_id) => Some(repo::progress(db, member_id, id).await?.unwrap_or_default()),
        None => None,
    };
    let completed = progress.as_ref().is_some_and(|p| p.completed_at.is_some());
    let quiz = match (&row.quiz_src, kind) {
        (Some(src), StudyKind::Quiz) => {
            let quiz = parse_quiz(src).map_err(|e| {
                tracing::error!(
                    item = id,
                    question = e.question,
                    "stored quiz does not parse"
                );
                ErrorCode::Internal
            })?;
            // Answers go to the browser only after the member has handed the quiz in.
            let reveal = completed || progress.is_none();
            Some(
                quiz.questions
                    .into_iter()
                    .map(|q| QuizQuestionView {
                        multiple: q.is_multiple(),
                        correct: reveal.then_some(q.correct),
                        text: q.text,
                        options: q.options,
                    })
                    .collect(),
            )
        }
        _ => None,
    };
    let ledger = if actor.member_id.is_some() {
        crate::points::ledger_of_account(db, actor.account_id, Date::new(today.year(), 1, 1)?)
            .await?
    } else {
        Vec::new()
    };
    Ok(StudyItemView {
        id,
        kind,
        column_name: row.column_name,
        title: row.title,
        body_html: app::study::markdown::render(&row.body_md),
        video_url: row.video_url,
        quiz,
        publish_at: row.publish_at,
        audience_name: row.audience_name,
        status_note,
        progress: progress.map(|p| StudyProgressView {
            position: p.position,
            percent: clamp_percent(p.percent),
            completed: p.completed_at.is_some(),
            score_percent: p.score_percent.map(clamp_percent),
            points: p.points,
        }),
        rules: crate::settings::point_rules(db).await?.at(today),
        today,
        ledger,
    })
}

pub async fn save_progress(
    db: &Db,
    actor: &Actor,
    id: i64,
    position: i64,
    percent: i64,
) -> ServiceResult<()> {
    let member_id = actor.member_id.ok_or(ErrorCode::Forbidden)?;
    readable(db, actor, id).await?;
    let position = position.clamp(0, 24 * 3600);
    let percent = i64::from(clamp_percent(percent));
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        // Progress only moves forward once finished; before that it follows the reader.
        sqlx::query(
            "INSERT INTO study_progress (member_id, item_id, position, percent, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (member_id, item_id) DO UPDATE SET position = excluded.position, \
             percent = CASE WHEN study_progress.completed_at IS NULL THEN excluded.percent \
             ELSE study_progress.percent END, updated_at = excluded.updated_at",
        )
        .bind(member_id)
        .bind(id)
        .bind(position)
        .bind(percent)
        .bind(&now)
        .execute(pool)
        .await
        ?;
    });
    Ok(())
}

/// Finishes an item: `answers` for a quiz (scored by `domain`), `None` for an article or video.
/// Finishing again changes nothing: an item earns points once.
pub async fn finish(
    db: &Db,
    actor: &Actor,
    id: i64,
    answers: Option<Vec<Vec<u8>>>,
    today: Date,
) -> ServiceResult<()> {
    let member_id = actor.member_id.ok_or(ErrorCode::Forbidden)?;
    let (row, note) = readable(db, actor, id).await?;
    // Authors may look at what is unpublished or meant for others; nobody earns points from it.
    if note.is_some() {
        return Err(ErrorCode::NotFound.into());
    }
    let kind = StudyKind::parse(&row.kind)?;
    let score = match (kind, answers) {
        (StudyKind::Quiz, Some(answers)) => {
            let quiz = parse_quiz(row.quiz_src.as_deref().unwrap_or_default())
                .map_err(|_| ErrorCode::Internal)?;
            Some(score_quiz(&quiz, &answers)?.score_percent)
        }
        (StudyKind::Quiz, None) | (_, Some(_)) => return Err(ErrorCode::BadRequest.into()),
        (_, None) => None,
    };
    let activity = activity_for(kind, score);
    let now = crate::clock::now_rfc3339();
    let points = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let done: Option<Option<String>> = sqlx::query_scalar(
            "SELECT completed_at FROM study_progress WHERE member_id = $1 AND item_id = $2",
        )
        .bind(member_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        ?;
        if matches!(done, Some(Some(_))) {
            return Ok(());
        }
        // Withdrawn or rescheduled since it was read: decided again under the lock.
        let (withdrawn_at, publish_at): (Option<String>, String) =
            sqlx::query_as("SELECT withdrawn_at, publish_at FROM study_items WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                ?;
        if withdrawn_at.is_some() || publish_at > crate::clock::now_china_minute() {
            return Err(ErrorCode::NotFound.into());
        }
        let entry = tx.award_points(actor.account_id, member_id, &activity, today).await?;
        sqlx::query(
            "INSERT INTO study_progress (member_id, item_id, position, percent, completed_at, \
             score_percent, points, updated_at) VALUES ($1, $2, 0, 100, $3, $4, $5, $3) \
             ON CONFLICT (member_id, item_id) DO UPDATE SET percent = 100, \
             completed_at = excluded.completed_at, score_percent = excluded.score_percent, \
             points = excluded.points, updated_at = excluded.updated_at",
        )
        .bind(member_id)
        .bind(id)
        .bind(&now)
        .bind(score.map(i64::from))
        .bind(i64::from(entry.points))
        .execute(&mut *tx)
        .await
        ?;
        tx.commit().await?;
        entry.points
    });
    tracing::info!(
        account_id = %actor.account_id,
        item = id,
        points,
        "study finished"
    );
    Ok(())
}
