//! The record trail (全程记实): an append-only, hash-chained log of every write.
//!
//! Each event stores who, when, what, and the record's JSON before and after. Its hash covers
//! the previous event's hash and all its fields, so changing or removing any event breaks the
//! chain from there on; the after-states let [`verify`] find record rows changed behind the
//! application's back. Bulk imports (the demo county, a member import) are sealed by id range
//! with a digest instead of one event per row.

mod append;
pub mod find;
mod import;
pub mod read;
pub mod records;
mod verify;

pub use append::{Change, TrailTx};
pub use import::seal_import;
pub use records::Record;
pub use verify::{verify, VerifyReport};

use sha2::{Digest, Sha256};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored event, exactly as its columns hold it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Event {
    pub seq: i64,
    pub at: String,
    pub actor_account_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// The hash this event must carry: every field, each length-prefixed so no two different
    /// events can serialize alike.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let mut field = |s: Option<&str>| match s {
            None => h.update(b"-\n"),
            Some(s) => {
                h.update(format!("{}:", s.len()).as_bytes());
                h.update(s.as_bytes());
                h.update(b"\n");
            }
        };
        field(Some(&self.prev_hash));
        field(Some(&self.seq.to_string()));
        field(Some(&self.at));
        field(self.actor_account_id.map(|a| a.to_string()).as_deref());
        field(Some(&self.action));
        field(Some(&self.entity));
        field(self.entity_id.as_deref());
        field(self.before_json.as_deref());
        field(self.after_json.as_deref());
        hex(&h.finalize())
    }

    /// The organization and the member this event concerns, as the trail's filters find it:
    /// an organization's or a member's own events by their key, any other record by the
    /// `org_id` and `member_id` it holds after the step (before it, for a removal).
    pub fn concerns(&self) -> (Option<i64>, Option<i64>) {
        let key = || {
            self.entity_id
                .as_deref()
                .filter(|k| (1..=18).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|k| k.parse().ok())
        };
        let records: Vec<serde_json::Value> = [&self.after_json, &self.before_json]
            .into_iter()
            .filter_map(|j| j.as_deref().and_then(|j| serde_json::from_str(j).ok()))
            .collect();
        let field = |name: &str| records.iter().find_map(|r| r.get(name)?.as_i64());
        let org = if ORG_KEYED.contains(&self.entity.as_str()) {
            key()
        } else {
            field("org_id")
        };
        let member = if MEMBER_KEYED.contains(&self.entity.as_str()) {
            key()
        } else {
            field("member_id")
        };
        (org, member)
    }
}

/// Records keyed by their organization's id, and by their member's: the key says whom they
/// concern (the backfill in migration 0023 reads the same lists).
const ORG_KEYED: [&str; 2] = ["organizations", "dues_branch_settings"];
const MEMBER_KEYED: [&str; 2] = ["members", "dues_arrears_notes"];

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) const EVENT_COLUMNS: &str = "seq, at, actor_account_id, action, entity, entity_id, \
                                        before_json, after_json, prev_hash, hash";

/// The digest sealing a range of imported rows: SHA-256 over the SHA-256 of each row's JSON,
/// in id order.
pub(crate) fn range_digest(row_hashes: &mut [(i64, [u8; 32])]) -> String {
    row_hashes.sort_unstable_by_key(|(id, _)| *id);
    let mut h = Sha256::new();
    for (_, rh) in row_hashes.iter() {
        h.update(rh);
    }
    hex(&h.finalize())
}

pub(crate) fn row_hash(json: &str) -> [u8; 32] {
    Sha256::digest(json.as_bytes()).into()
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct RangeSeal {
    pub from: i64,
    pub to: i64,
    pub count: usize,
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            seq: 1,
            at: "2026-11-28T00:00:00Z".into(),
            actor_account_id: Some(7),
            action: "member.update".into(),
            entity: "members".into(),
            entity_id: Some("5".into()),
            before_json: Some("{\"a\":1}".into()),
            after_json: Some("{\"a\":2}".into()),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = event().compute_hash();
        let mut e = event();
        e.after_json = Some("{\"a\":3}".into());
        assert_ne!(e.compute_hash(), base);
        let mut e = event();
        e.actor_account_id = None;
        assert_ne!(e.compute_hash(), base);
        let mut e = event();
        e.seq = 2;
        assert_ne!(e.compute_hash(), base);
        // Moving text between fields is not a collision.
        let mut e = event();
        e.before_json = Some("{\"a\":1}\n8:{\"a\":2}".into());
        e.after_json = None;
        assert_ne!(e.compute_hash(), base);
        assert_eq!(event().compute_hash(), base);
    }
}
