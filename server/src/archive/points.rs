//! 积分管理: each entry of the points ledger, with the member, the activity and the points.

use app::archive::ArchiveRow;
use domain::points::ActivityKey;

use super::{fetch, Ask, Found};
use crate::{error::ServiceResult, storage::Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    day: String,
    org_name: String,
    name: String,
    activity_key: String,
    points: i64,
}

pub(super) async fn page(db: &Db, ask: &Ask) -> ServiceResult<Found> {
    let filters = "FROM points_ledger l JOIN members m ON m.id = l.member_id \
         JOIN organizations o ON o.id = m.org_id \
         WHERE o.path LIKE $1 AND ($2 IS NULL OR l.activity_key = $2) \
         AND ($3 IS NULL OR l.day >= $3) AND ($4 IS NULL OR l.day < $4)";
    let (total, rows): (i64, Vec<Row>) = fetch(
        db,
        "l.id, l.day, o.name AS org_name, m.name, l.activity_key, l.points",
        filters,
        "l.day DESC, l.id DESC",
        &[
            Some(&ask.inside),
            ask.kind.as_deref(),
            ask.from.as_deref(),
            ask.until.as_deref(),
        ],
        ask,
    )
    .await?;
    Ok(Found {
        total,
        rows: rows
            .into_iter()
            .map(|r| ArchiveRow {
                id: r.id,
                day: r.day,
                org_name: r.org_name,
                title: r.name,
                kind: ActivityKey::parse(&r.activity_key)
                    .map_or(r.activity_key.clone(), |k| k.label_zh().into()),
                state: "已记入".into(),
                detail: format!("{:+} 分", r.points),
                photos: Vec::new(),
                link: None,
            })
            .collect(),
    })
}
