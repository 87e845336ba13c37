//! 驻村帮扶: each village visit of a team the subtree sends, with its photos.

use app::archive::ArchiveRow;

use super::{fetch, thumbs, Ask, Found};
use crate::{error::ServiceResult, storage::Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    team_id: i64,
    visited_on: String,
    org_name: String,
    team: String,
    village: String,
    content: String,
}

pub(super) async fn page(db: &Db, ask: &Ask) -> ServiceResult<Found> {
    let filters = "FROM assistance_visits v JOIN assistance_teams t ON t.id = v.team_id \
         JOIN organizations o ON o.id = t.org_id \
         WHERE o.path LIKE $1 AND ($2 IS NULL OR v.visited_on >= $2) AND ($3 IS NULL OR v.visited_on < $3)";
    let (total, rows): (i64, Vec<Row>) = fetch(
        db,
        "v.id, t.id AS team_id, v.visited_on, o.name AS org_name, t.name AS team, t.village, v.content",
        filters,
        "v.visited_on DESC, v.id DESC",
        &[Some(&ask.inside), ask.from.as_deref(), ask.until.as_deref()],
        ask,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut photos = thumbs(db, "assistance_visit_photos", "visit_id", &ids).await?;
    Ok(Found {
        total,
        rows: rows
            .into_iter()
            .map(|r| ArchiveRow {
                id: r.id,
                day: r.visited_on,
                org_name: r.org_name,
                title: format!("{} · {}", r.team, r.village),
                kind: "走访".into(),
                state: "已记录".into(),
                detail: r.content.chars().take(120).collect(),
                photos: photos.remove(&r.id).unwrap_or_default(),
                link: Some(format!("/assistance/{}", r.team_id)),
            })
            .collect(),
    })
}
