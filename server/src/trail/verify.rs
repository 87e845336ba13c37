//! `dangjian audit verify`: walks the chain from the first event, then compares every tracked
//! row with what the trail says it should be.

use std::{collections::HashMap, fmt};

use futures_util::TryStreamExt;

use super::{
    range_digest,
    records::{
        to_json, AccountRecord, LeadershipRecord, LedgerRecord, MemberRecord, NoticeRecord,
        OrgRecord, SuggestionRecord,
    },
    row_hash, Event, RangeSeal, Record, EVENT_COLUMNS, GENESIS_HASH,
};
use crate::{storage::Db, with_pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The first event whose hash or link does not hold; everything after it is unproven.
    BrokenLink {
        seq: i64,
        reason: &'static str,
    },
    /// The head does not name the last event: events were cut from the end.
    HeadMismatch {
        head_seq: i64,
        last_seq: i64,
    },
    RowChanged {
        table: &'static str,
        key: String,
    },
    RowNotInTrail {
        table: &'static str,
        key: String,
    },
    RowMissing {
        table: &'static str,
        key: String,
    },
    SealMismatch {
        table: &'static str,
        from: i64,
        to: i64,
    },
    /// The organization or member an event is filed under is not the one it concerns: the
    /// trail page's filters would hide or misplace it.
    IndexChanged {
        seq: i64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::BrokenLink { seq, reason } => {
                write!(f, "记录链在第 {seq} 条事件处断开（{reason}）")
            }
            Problem::HeadMismatch { head_seq, last_seq } => write!(
                f,
                "链头指向第 {head_seq} 条事件，但最后一条是第 {last_seq} 条：事件被删除或截断"
            ),
            Problem::RowChanged { table, key } => {
                write!(f, "{table} #{key} 与记录链中的最新状态不符：被绕过系统修改")
            }
            Problem::RowNotInTrail { table, key } => {
                write!(f, "{table} #{key} 不在记录链中：被绕过系统写入")
            }
            Problem::RowMissing { table, key } => {
                write!(f, "{table} #{key} 在记录链中存在，但数据库中已被删除")
            }
            Problem::SealMismatch { table, from, to } => write!(
                f,
                "{table} 第 {from}–{to} 号的导入封存摘要不符：其中的行被修改或删除"
            ),
            Problem::IndexChanged { seq } => write!(
                f,
                "第 {seq} 条事件所归的组织或党员与事件内容不符：筛选会漏掉或错放它"
            ),
        }
    }
}

#[derive(Debug)]
pub struct VerifyReport {
    pub events: i64,
    pub head_hash: String,
    pub rows_checked: u64,
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_intact() {
            writeln!(
                f,
                "记录链完整：{} 条事件，核对 {} 行记录。",
                self.events, self.rows_checked
            )?;
        } else {
            writeln!(f, "记录链校验失败，发现 {} 处问题：", self.problems.len())?;
            for p in self.problems.iter().take(50) {
                writeln!(f, "  - {p}")?;
            }
        }
        // Kept outside the database (printed, filed), the head hash also proves later that
        // nothing was cut from the end.
        write!(f, "链头哈希 head: {}", self.head_hash)
    }
}

/// An event with the organization and member it is filed under.
#[derive(sqlx::FromRow)]
struct Filed {
    #[sqlx(flatten)]
    event: Event,
    org_id: Option<i64>,
    member_id: Option<i64>,
}

#[derive(Default)]
struct KeyState {
    first_seq: i64,
    first_before: Option<String>,
    latest_after: Option<String>,
    seen: bool,
}

#[derive(Default)]
struct TableTrail {
    keys: HashMap<String, KeyState>,
    /// (seal event seq, seal), ordered by `from`.
    seals: Vec<(i64, RangeSeal)>,
}

pub async fn verify(db: &Db) -> Result<VerifyReport, sqlx::Error> {
    let mut problems = Vec::new();
    let mut tables: HashMap<String, TableTrail> = HashMap::new();
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut last_seq = 0;
    let mut chain_broken = false;
    with_pool!(db, pool => {
        let sql =
            format!("SELECT {EVENT_COLUMNS}, org_id, member_id FROM audit_events ORDER BY seq");
        let mut events = sqlx::query_as::<_, Filed>(&sql).fetch(pool);
        while let Some(Filed { event: e, org_id, member_id }) = events.try_next().await? {
            if e.concerns() != (org_id, member_id) {
                problems.push(Problem::IndexChanged { seq: e.seq });
            }
            if !chain_broken {
                let reason = if e.seq != last_seq + 1 {
                    Some("序号不连续，有事件被删除")
                } else if e.prev_hash != prev_hash {
                    Some("前一事件哈希不符")
                } else if e.compute_hash() != e.hash {
                    Some("事件内容被修改")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    problems.push(Problem::BrokenLink { seq: e.seq, reason });
                    chain_broken = true;
                }
            }
            prev_hash = e.hash.clone();
            last_seq = e.seq;
            let t = tables.entry(e.entity.clone()).or_default();
            match e.entity_id {
                Some(key) => {
                    let state = t.keys.entry(key).or_insert_with(|| KeyState {
                        first_seq: e.seq,
                        first_before: e.before_json.clone(),
                        ..KeyState::default()
                    });
                    state.latest_after = e.after_json;
                }
                None => {
                    if let Some(seal) = e.after_json.and_then(|a| serde_json::from_str(&a).ok()) {
                        t.seals.push((e.seq, seal));
                    }
                }
            }
        }
    });
    let (head_seq, head_hash): (i64, String) = with_pool!(db, pool => {
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(pool).await?
    });
    if !chain_broken && (head_seq != last_seq || head_hash != prev_hash) {
        problems.push(Problem::HeadMismatch { head_seq, last_seq });
    }
    let mut rows_checked = 0;
    rows_checked += check::<OrgRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<MemberRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<AccountRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<LeadershipRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<LedgerRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<SuggestionRecord>(db, &mut tables, &mut problems).await?;
    rows_checked += check::<NoticeRecord>(db, &mut tables, &mut problems).await?;
    Ok(VerifyReport {
        events: last_seq,
        head_hash,
        rows_checked,
        problems,
    })
}

async fn check<R: Record>(
    db: &Db,
    tables: &mut HashMap<String, TableTrail>,
    problems: &mut Vec<Problem>,
) -> Result<u64, sqlx::Error> {
    let mut trail = tables.remove(R::TABLE).unwrap_or_default();
    trail.seals.sort_by_key(|(_, s)| s.from);
    let mut sealed: Vec<Vec<(i64, [u8; 32])>> = vec![Vec::new(); trail.seals.len()];
    let seal_of = |id: i64, seals: &[(i64, RangeSeal)]| {
        seals
            .binary_search_by(|(_, s)| {
                if s.to < id {
                    std::cmp::Ordering::Less
                } else if s.from > id {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
    };
    let mut rows = 0;
    with_pool!(db, pool => {
        let mut stream = sqlx::query_as::<_, R>(R::SELECT_ALL).fetch(pool);
        while let Some(r) = stream.try_next().await? {
            rows += 1;
            let key = r.key();
            let json = to_json(&r);
            let seal = r.id().and_then(|id| seal_of(id, &trail.seals));
            match trail.keys.get_mut(&key) {
                Some(state) => {
                    state.seen = true;
                    if state.latest_after.as_deref() != Some(json.as_str()) {
                        problems.push(Problem::RowChanged { table: R::TABLE, key: key.clone() });
                    }
                    // Sealed first, changed later: the seal covers the state before the change.
                    if let (Some(i), Some(before)) = (seal, state.first_before.as_deref()) {
                        let sealed_at = trail.seals.get(i).map(|s| s.0);
                        if let (Some(at), Some(out)) = (sealed_at, sealed.get_mut(i)) {
                            if state.first_seq > at {
                                out.push((r.id().unwrap_or_default(), row_hash(before)));
                            }
                        }
                    }
                }
                None => match seal {
                    Some(i) => {
                        if let Some(out) = sealed.get_mut(i) {
                            out.push((r.id().unwrap_or_default(), row_hash(&json)));
                        }
                    }
                    None => problems.push(Problem::RowNotInTrail { table: R::TABLE, key }),
                },
            }
        }
    });
    for (key, state) in &trail.keys {
        if state.seen {
            continue;
        }
        if state.latest_after.is_some() {
            problems.push(Problem::RowMissing {
                table: R::TABLE,
                key: key.clone(),
            });
        } else if let (Ok(id), Some(before)) = (key.parse::<i64>(), state.first_before.as_deref()) {
            // Deleted through the application after being sealed.
            let after_seal = |i: &usize| trail.seals.get(*i).is_some_and(|s| state.first_seq > s.0);
            if let Some(out) = seal_of(id, &trail.seals)
                .filter(after_seal)
                .and_then(|i| sealed.get_mut(i))
            {
                out.push((id, row_hash(before)));
            }
        }
    }
    for ((_, seal), mut hashes) in trail.seals.iter().zip(sealed) {
        if hashes.len() != seal.count || range_digest(&mut hashes) != seal.sha256 {
            problems.push(Problem::SealMismatch {
                table: R::TABLE,
                from: seal.from,
                to: seal.to,
            });
        }
    }
    Ok(rows)
}
