//! Boards are read far more often than points change: a branch's members, a committee's or the
//! county's branches are computed once and served again while the numbers under them stay the
//! same. The stamp (newest ledger entry, the year's organization totals, the member counts, the
//! tasks accepted and meetings approved) is read once per page in one small query, so a change
//! made through any server instance shows at once; an entry also expires after a few seconds,
//! which bounds staleness where the stamp cannot see (a member's renamed file; a bill paid
//! without points; a transaction with a lower ledger id committing after a higher one with equal
//! sums).

use crate::error::ServiceResult;
use std::{
    collections::HashMap,
    future::Future,
    hash::Hash,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::rankings::{BranchStanding, MemberStanding};

use crate::{storage::Db, with_pool};

const MAX_AGE: Duration = Duration::from_secs(10);
/// Past this many boards of one kind the memo starts over rather than grow.
const MAX_ENTRIES: usize = 4096;

/// What changes whenever a board could: read in one query, compared whole.
#[derive(Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
struct Stamp {
    newest_entry: i64,
    org_points: i64,
    members: i64,
    /// Where the members are: changes when members move between organizations (a merge) even
    /// though no total does.
    placement: i64,
    /// The composite's other inputs that a reviewer changes with one click: tasks accepted and
    /// meetings approved, so the score moves on the next page, not seconds later.
    reviewed: i64,
}

struct Entry<T> {
    stamp: Stamp,
    at: Instant,
    rows: Arc<Vec<T>>,
}

struct Memo<K, T> {
    entries: Mutex<HashMap<(K, i32), Entry<T>>>,
    /// One computation at a time: when an entry expires under load, the requests that find it
    /// gone wait for the first one's result instead of all computing it at once.
    computing: tokio::sync::Mutex<()>,
}

impl<K, T> Default for Memo<K, T> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            computing: tokio::sync::Mutex::new(()),
        }
    }
}

impl<K: Hash + Eq, T> Memo<K, T> {
    async fn get_or(
        &self,
        key: (K, i32),
        stamp: Stamp,
        compute: impl Future<Output = ServiceResult<Vec<T>>>,
    ) -> ServiceResult<Arc<Vec<T>>> {
        let fresh = |memo: &Self| {
            memo.lock()
                .get(&key)
                .filter(|e| e.stamp == stamp && e.at.elapsed() < MAX_AGE)
                .map(|e| e.rows.clone())
        };
        if let Some(rows) = fresh(self) {
            return Ok(rows);
        }
        let _turn = self.computing.lock().await;
        if let Some(rows) = fresh(self) {
            return Ok(rows);
        }
        // Computed after the stamp was read: at worst newer than its stamp, never older.
        let rows = Arc::new(compute.await?);
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        let at = Instant::now();
        entries.insert(
            key,
            Entry {
                stamp,
                at,
                rows: rows.clone(),
            },
        );
        Ok(rows)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(K, i32), Entry<T>>> {
        // A panic while holding the lock leaves nothing half-written worth refusing.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One per server (in its state): boards of every organization and year it was asked for.
#[derive(Default)]
pub struct BoardCache {
    branches: Memo<String, BranchStanding>,
    members: Memo<domain::OrgId, MemberStanding>,
    /// The county's composite scores, by day: their other inputs (meetings, tasks, bills) have
    /// no cheap stamp, so the age bounds how stale those parts may be.
    composite: Memo<domain::Date, super::composite::BranchComposite>,
    /// Members across a scope, with their black-list triggers (on the same terms for those).
    scope_members: Memo<String, (MemberStanding, domain::ranking::MemberFlags)>,
    /// The county's 重点警示, by day, on the same terms.
    warnings: Memo<domain::Date, crate::alerts::KeyWarning>,
}

impl BoardCache {
    /// The boards of `year` as of now: one stamp read for every board a page shows.
    pub async fn snapshot<'a>(&'a self, db: &'a Db, year: i32) -> ServiceResult<Snapshot<'a>> {
        let stamp = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM points_ledger) AS newest_entry, \
                        (SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM org_points_year WHERE year = $1) AS org_points, \
                        (SELECT CAST(COALESCE(SUM(members), 0) AS BIGINT) FROM org_member_counts) AS members, \
                        (SELECT CAST(COALESCE(SUM(org_id * members), 0) AS BIGINT) FROM org_member_counts) AS placement, \
                        (SELECT COUNT(*) FROM task_assignments WHERE accepted_on IS NOT NULL) \
                        + (SELECT COUNT(*) FROM meetings WHERE status = 'approved') AS reviewed",
            )
            .bind(i64::from(year))
            .fetch_one(pool)
            .await
            ?
        });
        Ok(Snapshot {
            cache: self,
            db,
            year,
            stamp,
        })
    }
}

pub struct Snapshot<'a> {
    cache: &'a BoardCache,
    db: &'a Db,
    year: i32,
    stamp: Stamp,
}

impl Snapshot<'_> {
    /// The year the boards are read for.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// `super::branches_under`, reused while nothing under it changed.
    pub async fn branches_under(
        &self,
        path: &domain::OrgPath,
    ) -> ServiceResult<Arc<Vec<BranchStanding>>> {
        let compute = super::branches_under(self.db, path, self.year);
        self.cache
            .branches
            .get_or((path.to_string(), self.year), self.stamp, compute)
            .await
    }

    /// Every branch of the county with its composite score on `today` (`super::composite`),
    /// shared by every reader for a few seconds.
    pub async fn composite(
        &self,
        root: &domain::OrgPath,
        today: domain::Date,
    ) -> ServiceResult<Arc<Vec<super::composite::BranchComposite>>> {
        let compute = super::composite::branches(self.db, root, self.year, today);
        self.cache
            .composite
            .get_or((today, self.year), self.stamp, compute)
            .await
    }

    /// `super::scope_members`, reused while nothing under it changed.
    pub async fn scope_members(
        &self,
        path: &domain::OrgPath,
    ) -> ServiceResult<Arc<Vec<(MemberStanding, domain::ranking::MemberFlags)>>> {
        let compute = super::scope_members(self.db, path, self.year);
        self.cache
            .scope_members
            .get_or((path.to_string(), self.year), self.stamp, compute)
            .await
    }

    /// The county's 重点警示 on `today` (`crate::alerts::county`), shared for a few seconds.
    pub async fn warnings(
        &self,
        today: domain::Date,
    ) -> ServiceResult<Arc<Vec<crate::alerts::KeyWarning>>> {
        let compute = crate::alerts::county(self.db, today);
        self.cache
            .warnings
            .get_or((today, 0), self.stamp, compute)
            .await
    }

    /// `super::branch_members`, reused while nothing under it changed.
    pub async fn branch_members(
        &self,
        org_id: domain::OrgId,
    ) -> ServiceResult<Arc<Vec<MemberStanding>>> {
        let compute = super::branch_members(self.db, org_id, self.year);
        self.cache
            .members
            .get_or((org_id, self.year), self.stamp, compute)
            .await
    }
}
