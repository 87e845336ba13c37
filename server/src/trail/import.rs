//! Sealing bulk imports: rows written without per-row events (the demo county, an import of a
//! member roster) are covered by one event per 1,000 ids carrying a digest of their JSON.

use std::collections::HashSet;

use futures_util::TryStreamExt;

use super::{
    append::insert_event,
    range_digest,
    records::{
        to_json, AccountRecord, LeadershipRecord, LedgerRecord, MemberRecord, NoticeRecord,
        OrgRecord, SuggestionRecord,
    },
    row_hash, Event, RangeSeal, Record,
};
use crate::{storage::Db, with_pool};

const SEAL_ROWS: usize = 1_000;

/// Appends events covering every tracked row not yet in the trail; returns how many events.
/// Run it right after the bulk write, before the application changes those rows.
pub async fn seal_import(db: &Db, action: &str) -> Result<usize, sqlx::Error> {
    let mut pending = Vec::new();
    collect::<OrgRecord>(db, &mut pending).await?;
    collect::<MemberRecord>(db, &mut pending).await?;
    collect::<AccountRecord>(db, &mut pending).await?;
    collect::<LeadershipRecord>(db, &mut pending).await?;
    collect::<LedgerRecord>(db, &mut pending).await?;
    collect::<SuggestionRecord>(db, &mut pending).await?;
    collect::<NoticeRecord>(db, &mut pending).await?;
    let n = pending.len();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let (mut seq, mut prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *tx)
                .await?;
        let at = crate::clock::now_rfc3339();
        for p in pending {
            seq += 1;
            let mut e = Event {
                seq,
                at: at.clone(),
                actor_account_id: None,
                action: action.to_string(),
                entity: p.entity.to_string(),
                entity_id: p.entity_id,
                before_json: None,
                after_json: Some(p.after),
                prev_hash: prev,
                hash: String::new(),
            };
            e.hash = e.compute_hash();
            insert_event(&mut *tx, &e).await?;
            prev = e.hash;
        }
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    });
    Ok(n)
}

struct Pending {
    entity: &'static str,
    entity_id: Option<String>,
    after: String,
}

/// Keys that already have events, and the highest id any seal covers.
async fn coverage(db: &Db, entity: &str) -> Result<(HashSet<String>, i64), sqlx::Error> {
    let rows: Vec<(Option<String>, Option<String>)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT entity_id, after_json FROM audit_events WHERE entity = $1")
            .bind(entity)
            .fetch_all(pool)
            .await?
    });
    let mut keys = HashSet::new();
    let mut max_to = 0;
    for (id, after) in rows {
        match id {
            Some(id) => {
                keys.insert(id);
            }
            None => {
                if let Some(seal) = after.and_then(|a| serde_json::from_str::<RangeSeal>(&a).ok()) {
                    max_to = max_to.max(seal.to);
                }
            }
        }
    }
    Ok((keys, max_to))
}

async fn collect<R: Record>(db: &Db, out: &mut Vec<Pending>) -> Result<(), sqlx::Error> {
    let (covered, max_to) = coverage(db, R::TABLE).await?;
    let mut chunk: Vec<(i64, [u8; 32])> = Vec::new();
    let flush = |chunk: &mut Vec<(i64, [u8; 32])>, out: &mut Vec<Pending>| {
        let (Some(&(from, _)), Some(&(to, _))) = (chunk.first(), chunk.last()) else {
            return;
        };
        let count = chunk.len();
        let seal = RangeSeal {
            from,
            to,
            count,
            sha256: range_digest(chunk),
        };
        out.push(Pending {
            entity: R::TABLE,
            entity_id: None,
            after: super::records::to_json(&seal),
        });
        chunk.clear();
    };
    with_pool!(db, pool => {
        let mut rows = sqlx::query_as::<_, R>(R::SELECT_ALL).fetch(pool);
        while let Some(r) = rows.try_next().await? {
            let key = r.key();
            if covered.contains(&key) {
                continue;
            }
            match r.id() {
                Some(id) if id <= max_to => {}
                Some(id) => {
                    chunk.push((id, row_hash(&to_json(&r))));
                    if chunk.len() == SEAL_ROWS {
                        flush(&mut chunk, out);
                    }
                }
                None => out.push(Pending {
                    entity: R::TABLE,
                    entity_id: Some(key),
                    after: to_json(&r),
                }),
            }
        }
    });
    flush(&mut chunk, out);
    Ok(())
}
