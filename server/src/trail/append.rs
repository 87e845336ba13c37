use super::{Event, EVENT_COLUMNS};

/// One write, as the trail records it.
pub struct Change<'a> {
    /// The account acting; `None` for the system (imports, scheduled jobs).
    pub actor: Option<domain::AccountId>,
    /// What happened, as `resource.verb` (e.g. `member.update`).
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change<'static> {
    /// A step an account took on `entity` `id`: the state before (when something changed) and
    /// after, as JSON.
    pub fn by(
        account_id: domain::AccountId,
        action: &'static str,
        entity: &'static str,
        id: i64,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Self {
        Change {
            actor: Some(account_id),
            action,
            entity,
            entity_id: Some(id.to_string()),
            before: before.map(|b| b.to_string()),
            after: Some(after.to_string()),
        }
    }
}

/// Appends to the trail inside the caller's transaction, so the event and the write commit
/// together or not at all.
pub trait TrailTx {
    /// Takes the trail's head row before reading what will be changed: writers queue here, so
    /// the "before" state an event records is the current one.
    fn lock(&mut self) -> impl std::future::Future<Output = Result<(), sqlx::Error>> + Send;

    fn append(
        &mut self,
        change: Change<'_>,
    ) -> impl std::future::Future<Output = Result<i64, sqlx::Error>> + Send;

    /// Appends many events with one read and one write of the head (a month-end job's batch);
    /// returns the last one's sequence number.
    fn append_all(
        &mut self,
        changes: Vec<Change<'_>>,
    ) -> impl std::future::Future<Output = Result<i64, sqlx::Error>> + Send;
}

macro_rules! impl_trail_tx {
    ($db:ty) => {
        impl TrailTx for sqlx::Transaction<'static, $db> {
            async fn lock(&mut self) -> Result<(), sqlx::Error> {
                sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
                    .execute(&mut **self)
                    .await
                    .map(|_| ())
            }

            async fn append(&mut self, change: Change<'_>) -> Result<i64, sqlx::Error> {
                self.append_all(vec![change]).await
            }

            async fn append_all(&mut self, changes: Vec<Change<'_>>) -> Result<i64, sqlx::Error> {
                if changes.is_empty() {
                    return Ok(0);
                }
                // Taking the head row first serializes appenders on both engines.
                let (mut seq, mut prev_hash): (i64, String) = sqlx::query_as(
                    "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash",
                )
                .fetch_one(&mut **self)
                .await?;
                let at = crate::clock::now_rfc3339();
                for change in changes {
                    seq += 1;
                    let mut event = Event {
                        seq,
                        at: at.clone(),
                        actor_account_id: change.actor.map(domain::AccountId::get),
                        action: change.action.to_string(),
                        entity: change.entity.to_string(),
                        entity_id: change.entity_id,
                        before_json: change.before,
                        after_json: change.after,
                        prev_hash,
                        hash: String::new(),
                    };
                    event.hash = event.compute_hash();
                    insert_event(&mut **self, &event).await?;
                    prev_hash = event.hash;
                }
                sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                    .bind(seq)
                    .bind(&prev_hash)
                    .execute(&mut **self)
                    .await?;
                Ok(seq)
            }
        }
    };
}

impl_trail_tx!(sqlx::Sqlite);
impl_trail_tx!(sqlx::Postgres);

pub(super) async fn insert_event<'e, E, DB>(executor: E, e: &Event) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let (org_id, member_id) = e.concerns();
    sqlx::query(&format!(
        "INSERT INTO audit_events ({EVENT_COLUMNS}, org_id, member_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(e.seq)
    .bind(e.at.clone())
    .bind(e.actor_account_id)
    .bind(e.action.clone())
    .bind(e.entity.clone())
    .bind(e.entity_id.clone())
    .bind(e.before_json.clone())
    .bind(e.after_json.clone())
    .bind(e.prev_hash.clone())
    .bind(e.hash.clone())
    .bind(org_id)
    .bind(member_id)
    .execute(executor)
    .await
    .map(|_| ())
}
