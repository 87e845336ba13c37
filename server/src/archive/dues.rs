//! 党费缴纳: each member's bill of a month, paid or not, with its amount.

use app::archive::ArchiveRow;

use super::{fetch, Ask, Found};
use crate::{error::ServiceResult, storage::Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    month: String,
    org_name: String,
    name: String,
    kind: String,
    amount_fen: i64,
    paid_at: Option<String>,
}

pub(super) async fn page(db: &Db, ask: &Ask) -> ServiceResult<Found> {
    // A bill belongs to a month: the dates select the months they touch.
    let from = ask
        .from
        .as_ref()
        .map(|d| d.get(..7).unwrap_or_default().to_string());
    let until = ask
        .to
        .as_ref()
        .map(|d| d.get(..7).unwrap_or_default().to_string());
    let filters = "FROM dues_bills b JOIN organizations o ON o.id = b.org_id \
         JOIN members m ON m.id = b.member_id \
         WHERE o.path LIKE $1 AND ($2 IS NULL OR b.kind = $2) \
         AND ($3 IS NULL OR ($3 = 'paid' AND b.paid_at IS NOT NULL) OR ($3 = 'unpaid' AND b.paid_at IS NULL)) \
         AND ($4 IS NULL OR b.month >= $4) AND ($5 IS NULL OR b.month <= $5)";
    let (total, rows): (i64, Vec<Row>) = fetch(
        db,
        "b.id, b.month, o.name AS org_name, m.name, b.kind, b.amount_fen, b.paid_at",
        filters,
        "b.month DESC, b.id DESC",
        &[
            Some(&ask.inside),
            ask.kind.as_deref(),
            ask.state.as_deref(),
            from.as_deref(),
            until.as_deref(),
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
                day: r.month,
                org_name: r.org_name,
                title: r.name,
                kind: if r.kind == "monthly" {
                    "按月党费"
                } else {
                    "自愿多交"
                }
                .into(),
                state: match &r.paid_at {
                    Some(at) => format!("已交（{}）", at.get(..10).unwrap_or_default()),
                    None => "未交".into(),
                },
                detail: format!(
                    "{} 元",
                    domain::Fen::new(r.amount_fen)
                        .map_or_else(|_| r.amount_fen.to_string(), |f| f.to_yuan_string())
                ),
                photos: Vec::new(),
                link: None,
            })
            .collect(),
    })
}
