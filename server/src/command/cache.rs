//! Dashboards and maps are polled every few seconds by every administrator with the page open;
//! the numbers under them change far less often. Each subtree's figures are kept for a few
//! seconds, which bounds how late a new record shows (the page polls every
//! [`app::command::POLL_SECONDS`]; together they stay within ten seconds).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use domain::{Date, OrgPath};

use super::{branches::Branch, figures::Figures};
use crate::{error::ServiceResult, storage::Db};

/// Figures are built on branches at most this old and kept as long again: with the page's poll
/// (and a refresh under way answered by the entry before it) a new record shows within ten
/// seconds.
pub const MAX_AGE: Duration = Duration::from_secs(2);
/// Past this many subtrees the cache starts over rather than grow.
const MAX_ENTRIES: usize = 1024;

type Slot<T> = Mutex<HashMap<(String, Date), (Instant, Arc<T>)>>;

#[derive(Default)]
pub struct CommandCache {
    branches: Slot<Vec<Branch>>,
    figures: Slot<Figures>,
    /// One computation at a time: when figures expire under load, the requests that find them
    /// gone wait for the first one's result instead of all computing them at once.
    computing: tokio::sync::Mutex<()>,
}

fn get_or<T>(slot: &Slot<T>, key: (String, Date)) -> Option<Arc<T>> {
    aged(slot, key, MAX_AGE)
}

fn aged<T>(slot: &Slot<T>, key: (String, Date), age: Duration) -> Option<Arc<T>> {
    let map = slot.lock().unwrap_or_else(|e| e.into_inner());
    map.get(&key)
        .filter(|(at, _)| at.elapsed() < age)
        .map(|(_, v)| v.clone())
}

/// While another request computes an entry anew, the one it replaces (if no older than this)
/// is answered instead of waiting: a poll is never held up by another's refresh.
const STALE_WHILE_COMPUTING: Duration = Duration::from_secs(4);

fn put<T>(slot: &Slot<T>, key: (String, Date), value: Arc<T>) {
    let mut map = slot.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, (Instant::now(), value));
}

impl CommandCache {
    /// The branches of the subtree at `path`, with their flags, as of `today`.
    pub async fn branches(
        &self,
        db: &Db,
        path: &OrgPath,
        today: Date,
    ) -> ServiceResult<Arc<Vec<Branch>>> {
        let key = (path.as_str().to_string(), today);
        if let Some(v) = get_or(&self.branches, key.clone()) {
            return Ok(v);
        }
        let _turn = match self.computing.try_lock() {
            Ok(turn) => turn,
            Err(_) => {
                if let Some(v) = aged(&self.branches, key.clone(), STALE_WHILE_COMPUTING) {
                    return Ok(v);
                }
                self.computing.lock().await
            }
        };
        if let Some(v) = get_or(&self.branches, key.clone()) {
            return Ok(v);
        }
        let v = Arc::new(super::branches::in_subtree(db, path, today).await?);
        put(&self.branches, key, v.clone());
        Ok(v)
    }

    /// The dashboards' figures of the subtree at `path`.
    pub(crate) async fn figures(
        &self,
        db: &Db,
        path: &OrgPath,
        today: Date,
    ) -> ServiceResult<Arc<Figures>> {
        let key = (path.as_str().to_string(), today);
        if let Some(v) = get_or(&self.figures, key.clone()) {
            return Ok(v);
        }
        if self.computing.try_lock().is_err() {
            if let Some(v) = aged(&self.figures, key.clone(), STALE_WHILE_COMPUTING) {
                return Ok(v);
            }
        }
        // The branches first (they take the turn themselves), then the figures on them.
        let branches = self.branches(db, path, today).await?;
        let _turn = self.computing.lock().await;
        if let Some(v) = get_or(&self.figures, key.clone()) {
            return Ok(v);
        }
        let v = Arc::new(super::figures::gather(db, path, today, &branches).await?);
        put(&self.figures, key, v.clone());
        Ok(v)
    }
}
