//! A team's visit log: the day, what was done, photos. The text and the photos arrive in one
//! multipart request (`http::api::assistance_visits`) and are kept together or not at all.

use crate::error::{ServiceError, ServiceResult};
use crate::files::register::register_upload;
use domain::{assistance::visit_day, Date, ErrorCode};

use super::{event, on_team_or_refused, readable, Team};
use crate::{
    access::Actor,
    forms::text,
    orglife::photo::{self, Processed},
    storage::Db,
    trail::TrailTx,
    with_pool,
};

/// Only a team's members log its visits: a check before anything is read or decoded.
pub async fn require_member(db: &Db, actor: &Actor, team_id: i64) -> ServiceResult<Team> {
    on_team_or_refused(db, actor, team_id).await
}

/// The visit's day and text, checked (before its photos are decoded, and again when kept).
pub fn check(
    team: &Team,
    visited_on: &str,
    content: &str,
    today: Date,
) -> ServiceResult<(Date, String)> {
    let there = team.stationed()?;
    let day = Date::parse(visited_on)
        .map_err(|_| ErrorCode::InvalidVisitDate)
        .and_then(|d| visit_day(d, &there, today))
        .map_err(|code| ServiceError::field("visited_on", code))?;
    Ok((day, text("visit_content", content, 5, 2000)?))
}

/// A visit as the form sends it, its photos already checked and re-encoded.
pub struct NewVisit<'a> {
    pub visited_on: &'a str,
    pub content: &'a str,
    pub photos: Vec<Processed>,
}

/// The visit's id.
pub async fn add(
    db: &Db,
    files: &crate::files::SharedFileStore,
    actor: &Actor,
    team_id: i64,
    visit: NewVisit<'_>,
    today: Date,
) -> ServiceResult<i64> {
    let NewVisit {
        visited_on,
        content,
        photos,
    } = visit;
    let team = require_member(db, actor, team_id).await?;
    let (day, content) = check(&team, visited_on, content, today)?;
    let mut stored = Vec::with_capacity(photos.len());
    for p in photos {
        stored.push(photo::store(files, "assistance", p).await?);
    }
    let now = crate::clock::now_rfc3339();
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        // A withdrawal saved meanwhile (it takes the same lock) still counts.
        tx.lock().await?;
        let ended: Option<String> = sqlx::query_scalar("SELECT ended_on FROM assistance_teams WHERE id = $1")
            .bind(team_id)
            .fetch_one(&mut *tx)
            .await
            ?;
        if ended.is_some_and(|last| day.to_string() > last) {
            return Err(ServiceError::field("visited_on", ErrorCode::InvalidVisitDate));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assistance_visits (team_id, visited_on, content, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(team_id)
        .bind(day.to_string())
        .bind(&content)
        .bind(actor.account_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        ?;
        for s in &stored {
            for (k, size) in [(&s.key, s.sizes.0), (&s.thumb, s.sizes.1)] {
                register_upload!(tx, k.as_str(), "image/jpeg", size, "assistance", actor.account_id, &now);
            }
            // The same photo twice in one visit is kept once.
            sqlx::query(
                "INSERT INTO assistance_visit_photos (visit_id, file_key, thumb_key, width, height, taken_at, place) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (visit_id, file_key) DO NOTHING",
            )
            .bind(id)
            .bind(s.key.as_str())
            .bind(s.thumb.as_str())
            .bind(i64::from(s.width))
            .bind(i64::from(s.height))
            .bind(&s.taken_at)
            .bind(&s.place)
            .execute(&mut *tx)
            .await
            ?;
        }
        let after = serde_json::json!({
            "visit": id, "visited_on": day.to_string(), "content": content,
            "photos": stored.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
        });
        tx.append(event(actor, "assistance.visit", team_id, None, after))
            .await
            ?;
        tx.commit().await?;
        id
    });
    tracing::info!(
        account_id = %actor.account_id,
        team_id,
        visit_id = id,
        photos = stored.len(),
        "assistance visit logged"
    );
    Ok(id)
}

/// A visit's photo is seen by whoever may read its team.
pub async fn may_see_photo(db: &Db, actor: &Actor, key: &str) -> ServiceResult<bool> {
    let teams: Vec<i64> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT v.team_id FROM assistance_visit_photos p JOIN assistance_visits v ON v.id = p.visit_id \
             WHERE p.file_key = $1 OR p.thumb_key = $1",
        )
        .bind(key)
        .fetch_all(pool)
        .await
        ?
    });
    for team in teams {
        match readable(db, actor, team).await {
            Ok(_) => return Ok(true),
            Err(e) if e.code() == ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}
