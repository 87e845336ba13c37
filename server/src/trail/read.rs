//! Reading the record trail: county-wide, so only roles whose scope is the county root (the
//! county's administrators and auditors) may; personal data in the records is masked.

use domain::{access::Action, ErrorCode};
use serde_json::Value;

use super::{verify, VerifyReport};
use crate::{access::Actor, error::ServiceResult, members::mask, storage::Db, with_pool};

/// One event as the trail API shows it: who by name, the records masked.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub hash: String,
}

/// Which events: newest first below `before`, optionally of one entity or one record, and
/// narrowed by the trail page's filters.
#[derive(Default)]
pub struct EventQuery {
    pub before: i64,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Events concerning this subtree (its path): its organizations, the members now in it, and
    /// its meetings.
    pub org_path: Option<String>,
    pub member_id: Option<i64>,
    /// A kind of step (`meeting`) or one step (`meeting.plan`).
    pub action: Option<String>,
    /// Stored times (UTC, RFC 3339): from inclusive, until exclusive.
    pub from_at: Option<String>,
    pub until_at: Option<String>,
    pub limit: i64,
}

/// Whether `actor` may read the trail: the county's administrators and auditors.
pub async fn require_trail(db: &Db, actor: &Actor) -> ServiceResult<()> {
    let root = crate::orgs::root_path(db).await?;
    Ok(actor.require(Action::ViewTrail, actor.reach_org(&root))?)
}

pub async fn events(db: &Db, actor: &Actor, q: EventQuery) -> ServiceResult<Vec<EventRow>> {
    require_trail(db, actor).await?;
    let subtree = q.org_path.map(|p| format!("{p}%"));
    let rows: Vec<EventRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.seq, e.at, a.display_name AS actor, e.action, e.entity, e.entity_id, \
             e.before_json, e.after_json, e.hash FROM audit_events e \
             LEFT JOIN accounts a ON a.id = e.actor_account_id \
             WHERE e.seq < $1 AND ($2 IS NULL OR e.entity = $2) AND ($3 IS NULL OR e.entity_id = $3) \
             AND ($4 IS NULL \
                  OR e.org_id IN (SELECT o.id FROM organizations o WHERE o.path LIKE $4) \
                  OR e.member_id IN (SELECT m.id FROM members m \
                       JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $4) \
                  OR (e.entity = 'meetings' AND e.entity_id IN (SELECT CAST(g.id AS TEXT) \
                       FROM meetings g JOIN organizations o ON o.id = g.org_id WHERE o.path LIKE $4))) \
             AND ($5 IS NULL OR e.member_id = $5) \
             AND ($6 IS NULL OR e.action = $6 OR SUBSTR(e.action, 1, LENGTH($6) + 1) = $6 || '.') \
             AND ($7 IS NULL OR e.at >= $7) AND ($8 IS NULL OR e.at < $8) \
             ORDER BY e.seq DESC LIMIT $9",
        )
        .bind(q.before)
        .bind(q.entity)
        .bind(q.entity_id)
        .bind(subtree)
        .bind(q.member_id)
        .bind(q.action)
        .bind(q.from_at)
        .bind(q.until_at)
        .bind(q.limit)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|r| EventRow {
            before_json: redact(r.before_json),
            after_json: redact(r.after_json),
            ..r
        })
        .collect())
}

/// The whole chain checked against every record row.
pub async fn check(db: &Db, actor: &Actor) -> ServiceResult<VerifyReport> {
    require_trail(db, actor).await?;
    // A verification reads the whole trail and every current row: one at a time, whoever asks,
    // so repeated calls queue instead of multiplying the work. Not cached by the head hash: the
    // head does not change when a row is altered behind the trail's back, which is what this
    // check is for (docs/security.md#verifying-the-trail).
    let _turn = VERIFYING.acquire().await.map_err(|_| ErrorCode::Internal)?;
    Ok(verify(db).await?)
}

static VERIFYING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// A record as JSON with mobile and ID numbers masked and the password hash hidden.
fn redact(json: Option<String>) -> Option<String> {
    let mut v: Value = serde_json::from_str(&json?).ok()?;
    if let Some(o) = v.as_object_mut() {
        if let Some(Value::String(m)) = o.get_mut("mobile") {
            *m = mask::mobile(m);
        }
        if let Some(Value::String(id)) = o.get_mut("id_number") {
            *id = mask::id_number(id);
        }
        if o.contains_key("password_hash") {
            o.insert("password_hash".into(), Value::String("***".into()));
        }
    }
    Some(v.to_string())
}
