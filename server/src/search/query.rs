//! The search itself: the reader's subtree read once, matched in memory (tens of thousands of
//! names are a few milliseconds; docs/operations.md#search has the measurement).

use domain::{access::Action, ErrorCode, MemberId, OrgId, OrgKind, OrgPath};
use serde::Serialize;

use super::Keys;
use crate::{access::Actor, error::ServiceResult, members::mask, storage::Db, with_pool};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Member,
    Organization,
}

/// One result: a member (with their organization and masked mobile) or an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    pub name: String,
    /// The member's organization, or the organization's kind.
    pub detail: String,
    /// Members only, masked.
    pub mobile: Option<String>,
}

/// At most this many members and organizations each.
const LIMIT: usize = 20;
const MAX_QUERY_CHARS: usize = 30;

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: MemberId,
    name: String,
    mobile: String,
    org_name: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: OrgId,
    name: String,
    kind: OrgKind,
}

/// What the typed text asks for.
enum Wanted {
    Letters(String),
    Digits(String),
    Text(String),
}

fn wanted(q: &str) -> Option<Wanted> {
    let q = q.trim();
    if q.is_empty() || q.chars().count() > MAX_QUERY_CHARS {
        return None;
    }
    if q.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(Wanted::Letters(q.to_ascii_lowercase()))
    } else if q.len() >= 4
        && q.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i + 1 == q.len() && (c == 'x' || c == 'X')))
    {
        Some(Wanted::Digits(q.to_ascii_uppercase()))
    } else {
        Some(Wanted::Text(q.to_owned()))
    }
}

/// Administrators and the auditor, within what they may list.
pub async fn search(db: &Db, actor: &Actor, q: &str) -> ServiceResult<Vec<Hit>> {
    actor.require(Action::ListMembers, domain::access::Reach::ScopeRoot)?;
    search_in(db, &actor.scope_path, q).await
}

pub async fn search_in(db: &Db, scope: &OrgPath, q: &str) -> ServiceResult<Vec<Hit>> {
    let Some(wanted) = wanted(q) else {
        return Err(crate::error::ServiceError::field(
            "q",
            ErrorCode::InvalidText,
        ));
    };
    let prefix = scope.like_prefix();
    const MEMBER_SELECT: &str = "SELECT m.id, m.name, m.mobile, o.name AS org_name \
        FROM organizations o CROSS JOIN members m WHERE m.org_id = o.id AND o.path LIKE $1";
    let limit = i64::try_from(LIMIT).unwrap_or(20);
    // Numbers and text are matched by the database; pinyin needs the names, read alone (an id
    // and a name per member), then the few found are read in full.
    let members: Vec<MemberRow> = match &wanted {
        Wanted::Digits(d) => with_pool!(db, pool => {
            let exact_mobile = if d.len() == 11 { d.as_str() } else { "" };
            let mobile_tail = if d.len() == 4 { d.as_str() } else { "" };
            let id_tail = if d.len() == 4 || d.len() == 6 { d.as_str() } else { "" };
            sqlx::query_as(&format!(
                "{MEMBER_SELECT} AND (m.mobile = $2 OR ($3 <> '' AND m.mobile LIKE '%' || $3) \
                 OR ($4 <> '' AND m.id_number LIKE '%' || $4)) ORDER BY m.id LIMIT $5"
            ))
            .bind(&prefix)
            .bind(exact_mobile)
            .bind(mobile_tail)
            .bind(id_tail)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }),
        Wanted::Text(t) => with_pool!(db, pool => {
            sqlx::query_as(&format!("{MEMBER_SELECT} AND m.name LIKE '%' || $2 || '%' ORDER BY m.id LIMIT $3"))
                .bind(&prefix)
                .bind(t)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }),
        Wanted::Letters(l) => {
            let names: Vec<(MemberId, String)> = with_pool!(db, pool => {
                sqlx::query_as(
                    "SELECT m.id, m.name FROM organizations o CROSS JOIN members m \
                     WHERE m.org_id = o.id AND o.path LIKE $1 ORDER BY m.id",
                )
                .bind(&prefix)
                .fetch_all(pool)
                .await?
            });
            let found: Vec<String> = {
                let mut cache = super::keys::cache();
                names
                    .iter()
                    .filter(|(_, name)| super::keys::match_letters(&mut cache, name, l))
                    .take(LIMIT)
                    .map(|(id, _)| id.to_string())
                    .collect()
            };
            if found.is_empty() {
                Vec::new()
            } else {
                with_pool!(db, pool => {
                    sqlx::query_as(&format!("{MEMBER_SELECT} AND m.id IN ({}) ORDER BY m.id", found.join(",")))
                        .bind(&prefix)
                        .fetch_all(pool)
                        .await?
                })
            }
        }
    };
    let orgs: Vec<OrgRow> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name, kind FROM organizations WHERE path LIKE $1 AND dissolved_at IS NULL ORDER BY path")
            .bind(&prefix)
            .fetch_all(pool)
            .await?
    });
    let mut hits: Vec<Hit> = members
        .iter()
        .map(|m| Hit {
            kind: HitKind::Member,
            id: m.id.get(),
            name: m.name.clone(),
            detail: m.org_name.clone(),
            mobile: Some(mask::mobile(&m.mobile)),
        })
        .collect();
    let org_matches = |o: &OrgRow| match &wanted {
        Wanted::Letters(l) => Keys::of(&o.name).initials.contains(l.as_str()),
        Wanted::Digits(_) => false,
        Wanted::Text(t) => o.name.contains(t.as_str()),
    };
    hits.extend(
        orgs.iter()
            .filter(|o| org_matches(o))
            .take(LIMIT)
            .map(|o| Hit {
                kind: HitKind::Organization,
                id: o.id.get(),
                name: o.name.clone(),
                detail: o.kind.label_zh().to_owned(),
                mobile: None,
            }),
    );
    Ok(hits)
}
