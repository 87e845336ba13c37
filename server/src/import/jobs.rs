//! Imports from the page (`/admin/import`, docs/operations.md#importing): a workbook is checked
//! and applied in a background task while the page polls its progress. Each job is a row of
//! `import_jobs`, its result and the branches' one-time-password workbooks rows beside it, so any
//! server process answers the page; the process running a job also keeps its live progress in
//! memory, because on SQLite the write stage holds the only write lock until it commits.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use domain::{access::Action, import::Problem, AccountId, ErrorCode};
use serde::{Deserialize, Serialize};

use super::{Checked, Kind, Phase, Progress};
use crate::{
    access::Actor,
    clock,
    error::{Context as _, ServiceError, ServiceResult},
    storage::Db,
    with_pool,
};

/// How often a running job writes its progress and shows it is alive.
const BEAT: Duration = Duration::from_secs(1);
/// A running job whose beat is older than this lost its process: it is failed. Long enough for
/// SQLite's write stage, which holds the write lock (and so delays beats) until it commits.
const STALE_SECS: u64 = 120;
/// Password workbooks not fetched within a day are deleted (the accounts can be reset).
const SHEETS_KEEP_SECS: u64 = 24 * 3600;
/// Finished jobs are forgotten after a week.
const JOBS_KEEP_SECS: u64 = 7 * 24 * 3600;

/// One problem as stored: the row, the column's Chinese name and the message, and the whole
/// sentence the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredProblem {
    pub row: u32,
    pub column: String,
    pub message: String,
    pub text: String,
}

impl From<&Problem> for StoredProblem {
    fn from(p: &Problem) -> Self {
        StoredProblem {
            row: p.row,
            column: p.column.to_owned(),
            message: p.message.clone(),
            text: p.to_string(),
        }
    }
}

/// How an import ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Finished {
    /// Rows with problems: nothing written.
    Refused { problems: Vec<StoredProblem> },
    /// A dry run that found nothing wrong: what applying would do.
    Checked { outcome: String },
    /// Written: what was done, and how many accounts were made (their workbooks beside).
    Applied { outcome: String, accounts: usize },
    /// Stopped by a fault (or its process died): the import wrote nothing or, when the accounts
    /// stage was reached, the members are on file and their accounts can be made from each file.
    Failed,
}

/// A branch's password workbook: its place in the job's list, the branch, whether it was taken.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetState {
    pub index: usize,
    pub org: String,
    pub taken: bool,
}

/// A job as the page sees it.
#[derive(Clone, Debug)]
pub struct JobState {
    pub id: i64,
    pub kind: Kind,
    pub dry_run: bool,
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    pub seconds: f64,
    pub finished: Option<Finished>,
    pub sheets: Vec<SheetState>,
}

/// The live progress of the jobs this process runs.
#[derive(Clone, Default)]
pub struct Jobs(Arc<Mutex<HashMap<i64, Progress>>>);

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    account_id: AccountId,
    kind: String,
    dry_run: i64,
    phase: String,
    done: i64,
    total: i64,
    started_at: String,
    finished_at: Option<String>,
    result: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SheetRow {
    idx: i64,
    org_name: String,
    taken: i64,
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or_default()
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Seconds between two stored timestamps of the same day or the next
/// (`2026-11-28T19:45:02.123Z`, `clock::now_rfc3339`'s form): how long a job ran.
fn seconds_between(from: &str, to: &str) -> f64 {
    let millis = |t: &str| -> Option<i64> {
        let day: i64 = t.get(8..10)?.parse().ok()?;
        let h: i64 = t.get(11..13)?.parse().ok()?;
        let m: i64 = t.get(14..16)?.parse().ok()?;
        let s: i64 = t.get(17..19)?.parse().ok()?;
        let ms: i64 = t.get(20..23)?.parse().ok()?;
        Some((((day * 24 + h) * 60 + m) * 60 + s) * 1000 + ms)
    };
    match (millis(from), millis(to)) {
        (Some(a), Some(b)) if b >= a => (b - a) as f64 / 1000.0,
        _ => 0.0,
    }
}

impl Jobs {
    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Progress>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts checking (and unless `dry_run`, applying) `bytes` in the background; the job's
    /// number to poll. One import runs at a time in the whole deployment: two at once could each
    /// plan against a tree the other is changing.
    pub async fn start(
        &self,
        db: &Db,
        actor: &Actor,
        kind: Kind,
        bytes: Vec<u8>,
        dry_run: bool,
    ) -> ServiceResult<i64> {
        actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
        tidy(db).await?;
        let now = clock::now_rfc3339();
        let inserted = with_pool!(db, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO import_jobs (account_id, kind, dry_run, running, phase, started_at, beat_at) \
                 VALUES ($1, $2, $3, 1, $4, $5, $5) RETURNING id",
            )
            .bind(actor.account_id)
            .bind(kind.code())
            .bind(i64::from(dry_run))
            .bind(Phase::Reading.code())
            .bind(&now)
            .fetch_one(pool)
            .await
        });
        let id = match inserted {
            Ok(id) => id,
            Err(e)
                if e.as_database_error()
                    .is_some_and(|d| d.is_unique_violation()) =>
            {
                return Err(ErrorCode::ImportBusy.into())
            }
            Err(e) => return Err(e.into()),
        };
        let progress = Progress::default();
        self.live().insert(id, progress.clone());
        let (jobs, db, owner) = (self.clone(), db.clone(), actor.account_id);
        tokio::spawn(async move {
            // The beat runs on its own task: on SQLite its write may wait for the import's
            // transaction, which must go on meanwhile.
            let beat = tokio::spawn(beat(db.clone(), id, progress.clone()));
            let (finished, sheets) = match run(&db, owner, kind, &bytes, dry_run, &progress).await {
                Ok(done) => done,
                Err(e) => {
                    tracing::error!(error = %e, job = id, "import failed");
                    (Finished::Failed, Vec::new())
                }
            };
            beat.abort();
            if let Err(e) = finish(&db, id, &progress, &finished, &sheets).await {
                tracing::error!(error = %e, job = id, "import result not stored");
            }
            jobs.live().remove(&id);
        });
        Ok(id)
    }

    /// The job, to the account that started it; the live progress when this process runs it.
    pub async fn get(&self, db: &Db, actor: &Actor, id: i64) -> ServiceResult<JobState> {
        fail_stale(db).await?;
        let (job, sheets): (Option<JobRow>, Vec<SheetRow>) = with_pool!(db, pool => {
            (
                sqlx::query_as(
                    "SELECT id, account_id, kind, dry_run, phase, done, total, started_at, finished_at, result \
                     FROM import_jobs WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?,
                sqlx::query_as(
                    "SELECT idx, org_name, CAST(CASE WHEN body IS NULL THEN 1 ELSE 0 END AS BIGINT) AS taken \
                     FROM import_sheets WHERE job_id = $1 ORDER BY idx",
                )
                .bind(id)
                .fetch_all(pool)
                .await?,
            )
        });
        let job = job
            .filter(|j| j.account_id == actor.account_id)
            .ok_or(ErrorCode::NotFound)?;
        let finished = match job.result.as_deref() {
            Some(json) => Some(
                serde_json::from_str::<Finished>(json)
                    .map_err(|e| ServiceError::internal("stored import result", e))?,
            ),
            None => None,
        };
        let live = self.live().get(&id).map(Progress::now);
        let (phase, done, total) = match live.filter(|_| finished.is_none()) {
            Some(now) => now,
            None => (
                Phase::parse(&job.phase).unwrap_or(Phase::Reading),
                to_usize(job.done),
                to_usize(job.total),
            ),
        };
        let end = job.finished_at.clone().unwrap_or_else(clock::now_rfc3339);
        Ok(JobState {
            id: job.id,
            kind: Kind::parse(&job.kind).unwrap_or(Kind::Members),
            dry_run: job.dry_run != 0,
            phase,
            done,
            total,
            seconds: seconds_between(&job.started_at, &end),
            finished,
            sheets: sheets
                .into_iter()
                .map(|s| SheetState {
                    index: to_usize(s.idx),
                    org: s.org_name,
                    taken: s.taken != 0,
                })
                .collect(),
        })
    }

    /// A branch's password workbook, handed over once: its body is deleted as it is read, in
    /// one statement, so two processes cannot both hand it over.
    pub async fn take_sheet(
        &self,
        db: &Db,
        actor: &Actor,
        id: i64,
        index: usize,
    ) -> ServiceResult<(String, Vec<u8>)> {
        #[derive(sqlx::FromRow)]
        struct Taken {
            org_name: String,
            body: Vec<u8>,
        }
        let taken: Option<Taken> = with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            let owner: Option<AccountId> =
                sqlx::query_scalar("SELECT account_id FROM import_jobs WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if owner != Some(actor.account_id) {
                return Err(ErrorCode::NotFound.into());
            }
            let sheet: Option<Taken> = sqlx::query_as(
                "SELECT org_name, body FROM import_sheets \
                 WHERE job_id = $1 AND idx = $2 AND body IS NOT NULL",
            )
            .bind(id)
            .bind(to_i64(index))
            .fetch_optional(&mut *tx)
            .await?;
            let cleared = sqlx::query(
                "UPDATE import_sheets SET body = NULL \
                 WHERE job_id = $1 AND idx = $2 AND body IS NOT NULL",
            )
            .bind(id)
            .bind(to_i64(index))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            // Only the transaction that cleared the body hands it over.
            sheet.filter(|_| cleared == 1)
        });
        let taken = taken.ok_or(ErrorCode::NotFound)?;
        Ok((taken.org_name, taken.body))
    }
}

/// Fails jobs whose process stopped beating.
async fn fail_stale(db: &Db) -> ServiceResult<()> {
    let failed = serde_json::to_string(&Finished::Failed)
        .map_err(|e| ServiceError::internal("import result", e))?;
    with_pool!(db, pool => {
        sqlx::query(
            "UPDATE import_jobs SET running = NULL, finished_at = $1, result = $2 \
             WHERE running IS NOT NULL AND beat_at < $3",
        )
        .bind(clock::now_rfc3339())
        .bind(&failed)
        .bind(clock::now_rfc3339_minus_secs(STALE_SECS))
        .execute(pool)
        .await?;
    });
    Ok(())
}

/// Before a new job: stale jobs failed, old workbooks and jobs deleted.
async fn tidy(db: &Db) -> ServiceResult<()> {
    fail_stale(db).await?;
    with_pool!(db, pool => {
        sqlx::query(
            "UPDATE import_sheets SET body = NULL WHERE body IS NOT NULL AND job_id IN \
             (SELECT id FROM import_jobs WHERE finished_at < $1)",
        )
        .bind(clock::now_rfc3339_minus_secs(SHEETS_KEEP_SECS))
        .execute(pool)
        .await?;
        let old = clock::now_rfc3339_minus_secs(JOBS_KEEP_SECS);
        sqlx::query(
            "DELETE FROM import_sheets WHERE job_id IN (SELECT id FROM import_jobs WHERE finished_at < $1)",
        )
        .bind(&old)
        .execute(pool)
        .await?;
        sqlx::query("DELETE FROM import_jobs WHERE finished_at < $1")
            .bind(&old)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Writes the progress every [`BEAT`] until aborted.
async fn beat(db: Db, id: i64, progress: Progress) {
    let mut tick = tokio::time::interval(BEAT);
    loop {
        tick.tick().await;
        let (phase, done, total) = progress.now();
        let written = with_pool!(&db, pool => {
            sqlx::query(
                "UPDATE import_jobs SET phase = $1, done = $2, total = $3, beat_at = $4 \
                 WHERE id = $5 AND running IS NOT NULL",
            )
            .bind(phase.code())
            .bind(to_i64(done))
            .bind(to_i64(total))
            .bind(clock::now_rfc3339())
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ())
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, job = id, "import progress not written");
        }
    }
}

/// Stores the result and the workbooks, and frees the slot, in one transaction.
async fn finish(
    db: &Db,
    id: i64,
    progress: &Progress,
    finished: &Finished,
    sheets: &[(String, Vec<u8>)],
) -> ServiceResult<()> {
    let (phase, done, total) = progress.now();
    let result =
        serde_json::to_string(finished).map_err(|e| ServiceError::internal("import result", e))?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for (index, (org, body)) in sheets.iter().enumerate() {
            sqlx::query(
                "INSERT INTO import_sheets (job_id, idx, org_name, body) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(to_i64(index))
            .bind(org)
            .bind(body)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE import_jobs SET running = NULL, phase = $1, done = $2, total = $3, \
             beat_at = $4, finished_at = $4, result = $5 WHERE id = $6",
        )
        .bind(phase.code())
        .bind(to_i64(done))
        .bind(to_i64(total))
        .bind(clock::now_rfc3339())
        .bind(&result)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

type Run = (Finished, Vec<(String, Vec<u8>)>);

async fn run(
    db: &Db,
    owner: AccountId,
    kind: Kind,
    bytes: &[u8],
    dry_run: bool,
    progress: &Progress,
) -> ServiceResult<Run> {
    let refused = |problems: Vec<Problem>| Finished::Refused {
        problems: problems.iter().map(StoredProblem::from).collect(),
    };
    Ok(match kind {
        Kind::Orgs => match super::check_orgs(db, bytes, progress).await? {
            Checked::Refused(problems) => (refused(problems), Vec::new()),
            Checked::Ready(plan) if dry_run => (
                Finished::Checked {
                    outcome: plan.outcome().to_string(),
                },
                Vec::new(),
            ),
            Checked::Ready(plan) => (
                Finished::Applied {
                    outcome: super::apply_orgs(db, &plan, Some(owner), progress)
                        .await?
                        .to_string(),
                    accounts: 0,
                },
                Vec::new(),
            ),
        },
        Kind::Members => {
            let today = clock::today_china();
            match super::check_members(db, bytes, today, progress).await? {
                Checked::Refused(problems) => (refused(problems), Vec::new()),
                Checked::Ready(plan) if dry_run => (
                    Finished::Checked {
                        outcome: plan.outcome().to_string(),
                    },
                    Vec::new(),
                ),
                Checked::Ready(plan) => {
                    let (outcome, created) =
                        super::apply_members(db, &plan, Some(owner), progress).await?;
                    progress.start(Phase::Accounts, created.len());
                    let issued = super::accounts::issue(db, &created, |done, _| {
                        progress.set(done);
                    })
                    .await?;
                    let sheets = super::accounts::sheets(&issued).context("password workbooks")?;
                    (
                        Finished::Applied {
                            outcome: outcome.to_string(),
                            accounts: issued.len(),
                        },
                        sheets,
                    )
                }
            }
        }
    })
}
