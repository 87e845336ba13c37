//! 主题党日 and 三会一课: each meeting with its sign-in (present of invited) and photos.

use app::archive::ArchiveRow;
use domain::orglife::{MeetingKind, MeetingStatus};

use super::{fetch, thumbs, Ask, Found};
use crate::{error::ServiceResult, storage::Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    starts_at: String,
    org_name: String,
    topic: String,
    kind: String,
    status: String,
    present: i64,
    invited: i64,
}

pub(super) async fn page(db: &Db, ask: &Ask, theme_day: bool) -> ServiceResult<Found> {
    // The kinds of the section, or the one asked for (the filter holds only the section's).
    let kinds: Vec<&str> = match (&ask.kind, theme_day) {
        (_, true) => vec![MeetingKind::ThemePartyDay.code()],
        (Some(k), false) => vec![k.as_str()],
        (None, false) => domain::archive::THREE_MEETINGS
            .iter()
            .map(|k| k.code())
            .collect(),
    };
    let kinds = kinds
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(",");
    // The kinds are the domain's own codes, never the reader's text.
    let filters = format!(
        "FROM meetings m JOIN organizations o ON o.id = m.org_id \
         WHERE o.path LIKE $1 AND m.kind IN ({kinds}) AND ($2 IS NULL OR m.status = $2) \
         AND ($3 IS NULL OR m.starts_at >= $3) AND ($4 IS NULL OR m.starts_at < $4)"
    );
    let (total, rows): (i64, Vec<Row>) = fetch(
        db,
        "m.id, m.starts_at, o.name AS org_name, m.topic, m.kind, m.status, \
         (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.status = 'present') AS present, \
         (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id) AS invited",
        &filters,
        "m.starts_at DESC, m.id DESC",
        &[Some(&ask.inside), ask.state.as_deref(), ask.from.as_deref(), ask.until.as_deref()],
        ask,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut photos = thumbs(db, "meeting_photos", "meeting_id", &ids).await?;
    Ok(Found {
        total,
        rows: rows
            .into_iter()
            .map(|r| ArchiveRow {
                id: r.id,
                day: r.starts_at.get(..10).unwrap_or_default().to_string(),
                org_name: r.org_name,
                title: r.topic,
                kind: MeetingKind::parse(&r.kind).map_or(r.kind.clone(), |k| k.label_zh().into()),
                state: MeetingStatus::parse(&r.status)
                    .map_or(r.status.clone(), |s| s.label_zh().into()),
                detail: if r.invited > 0 {
                    format!("到会 {}/{}", r.present, r.invited)
                } else {
                    String::new()
                },
                photos: photos.remove(&r.id).unwrap_or_default(),
                link: Some(format!("/org-life/{}", r.id)),
            })
            .collect(),
    })
}
