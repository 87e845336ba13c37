//! The trail page's organization and member filters, typed as a name or a number: a name
//! several carry is refused with each of them and its number, so the reader can pick one.

use domain::ErrorCode;

use crate::{
    error::{ServiceError, ServiceResult},
    storage::Db,
    with_pool,
};

/// What a filter found: its key for the query and how the page names it.
pub struct Found<K> {
    pub key: K,
    pub label: String,
}

/// How many namesakes the refusal lists.
const LISTED: i64 = 6;

fn number(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches(['#', '＃']);
    (!t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// One candidate: its number, name and where it sits (the parent organization, or the
/// member's branch).
type Candidate = (i64, String, Option<String>, String);

fn pick<K>(
    field: &'static str,
    unknown: ErrorCode,
    text: &str,
    mut rows: Vec<Candidate>,
    key: impl Fn(&Candidate) -> K,
) -> ServiceResult<Found<K>> {
    match rows.len() {
        0 => Err(ServiceError::field(field, unknown)),
        1 => {
            let row = rows.remove(0);
            Ok(Found {
                key: key(&row),
                label: format!("{}（编号 {}）", row.1, row.0),
            })
        }
        _ => Err(ServiceError::Detail {
            code: ErrorCode::TrailNameAmbiguous,
            detail: format!(
                "“{}”有：{}",
                text.trim(),
                rows.iter()
                    .map(|(id, _, place, _)| match place {
                        Some(p) => format!("编号 {id}（{p}）"),
                        None => format!("编号 {id}"),
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }),
    }
}

/// An organization, live or dissolved, by number or full name; its key is its subtree's path.
pub async fn org(db: &Db, text: &str) -> ServiceResult<Found<String>> {
    let id = number(text);
    let rows: Vec<Candidate> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, p.name, o.path FROM organizations o \
             LEFT JOIN organizations p ON p.id = o.parent_id \
             WHERE ($1 IS NOT NULL AND o.id = $1) OR ($1 IS NULL AND o.name = $2) \
             ORDER BY o.id LIMIT $3",
        )
        .bind(id)
        .bind(text.trim())
        .bind(LISTED)
        .fetch_all(pool)
        .await?
    });
    pick("trail_org", ErrorCode::TrailOrgUnknown, text, rows, |r| {
        r.3.clone()
    })
}

/// A member by number or name.
pub async fn member(db: &Db, text: &str) -> ServiceResult<Found<i64>> {
    let id = number(text);
    let rows: Vec<Candidate> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, o.name, '' FROM members m \
             JOIN organizations o ON o.id = m.org_id \
             WHERE ($1 IS NOT NULL AND m.id = $1) OR ($1 IS NULL AND m.name = $2) \
             ORDER BY m.id LIMIT $3",
        )
        .bind(id)
        .bind(text.trim())
        .bind(LISTED)
        .fetch_all(pool)
        .await?
    });
    pick(
        "trail_member",
        ErrorCode::TrailMemberUnknown,
        text,
        rows,
        |r| r.0,
    )
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn a_number_is_digits_only() {
        assert_eq!(number(" 42 "), Some(42));
        assert_eq!(number("#7"), Some(7));
        assert_eq!(number("张三"), None);
        assert_eq!(number("12a"), None);
        assert_eq!(number(""), None);
    }
}
