//! Imports from the page (`/admin/import`, docs/operations.md#importing): a workbook is checked
//! and applied in a background task while the page polls its progress. The progress and the
//! finished result (with the branches' one-time-password workbooks, handed over once) live in
//! the process that runs the import; the data itself is in the database when it commits.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use domain::{access::Action, import::Problem, AccountId, ErrorCode};

use super::{Checked, Kind, Progress};
use crate::{
    access::Actor,
    error::{Context as _, ServiceResult},
    storage::Db,
};

/// How long a finished import's result waits to be read.
const KEEP: Duration = Duration::from_secs(3600);

/// How an import ended.
#[derive(Clone, Debug)]
pub enum Finished {
    /// Rows with problems: nothing written.
    Refused(Vec<Problem>),
    /// A dry run that found nothing wrong: what applying would do.
    Checked(String),
    /// Written: what was done, and each branch's password workbook for the new accounts.
    Applied {
        outcome: String,
        accounts: usize,
        sheets: Vec<(String, Vec<u8>)>,
    },
    Failed,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub owner: AccountId,
    pub kind: Kind,
    pub dry_run: bool,
    pub progress: Progress,
    pub started: Instant,
    pub finished: Option<(Finished, Instant)>,
}

/// The imports this process runs or ran lately. One runs at a time: two imports at once could
/// each plan against a tree the other is changing.
#[derive(Clone, Default)]
pub struct Jobs(Arc<Mutex<(u64, HashMap<u64, Job>)>>);

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, HashMap<u64, Job>)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts checking (and unless `dry_run`, applying) `bytes` in the background; the job's
    /// number to poll.
    pub fn start(
        &self,
        db: &Db,
        actor: &Actor,
        kind: Kind,
        bytes: Vec<u8>,
        dry_run: bool,
    ) -> ServiceResult<u64> {
        actor.require(Action::ImportRoster, actor.reach_org(&actor.scope_path))?;
        let progress = Progress::default();
        let id = {
            let mut guard = self.lock();
            let (next, jobs) = &mut *guard;
            jobs.retain(|_, j| {
                j.finished
                    .as_ref()
                    .is_none_or(|(_, at)| at.elapsed() < KEEP)
            });
            if jobs.values().any(|j| j.finished.is_none()) {
                return Err(ErrorCode::Conflict.into());
            }
            *next += 1;
            jobs.insert(
                *next,
                Job {
                    owner: actor.account_id,
                    kind,
                    dry_run,
                    progress: progress.clone(),
                    started: Instant::now(),
                    finished: None,
                },
            );
            *next
        };
        let (jobs, db, owner) = (self.clone(), db.clone(), actor.account_id);
        tokio::spawn(async move {
            let finished = match run(&db, owner, kind, &bytes, dry_run, &progress).await {
                Ok(f) => f,
                Err(e) => {
                    tracing::error!(error = %e, "import failed");
                    Finished::Failed
                }
            };
            if let Some(job) = jobs.lock().1.get_mut(&id) {
                job.finished = Some((finished, Instant::now()));
            }
        });
        Ok(id)
    }

    /// The job, to the account that started it.
    pub fn get(&self, actor: &Actor, id: u64) -> ServiceResult<Job> {
        let guard = self.lock();
        let job = guard.1.get(&id).ok_or(ErrorCode::NotFound)?;
        if job.owner != actor.account_id {
            return Err(ErrorCode::NotFound.into());
        }
        Ok(job.clone())
    }

    /// A branch's password workbook, handed over once: afterwards it is gone.
    pub fn take_sheet(
        &self,
        actor: &Actor,
        id: u64,
        index: usize,
    ) -> ServiceResult<(String, Vec<u8>)> {
        let mut guard = self.lock();
        let job = guard.1.get_mut(&id).ok_or(ErrorCode::NotFound)?;
        if job.owner != actor.account_id {
            return Err(ErrorCode::NotFound.into());
        }
        let Some((Finished::Applied { sheets, .. }, _)) = job.finished.as_mut() else {
            return Err(ErrorCode::NotFound.into());
        };
        let sheet = sheets.get_mut(index).ok_or(ErrorCode::NotFound)?;
        if sheet.1.is_empty() {
            return Err(ErrorCode::NotFound.into());
        }
        Ok((sheet.0.clone(), std::mem::take(&mut sheet.1)))
    }
}

async fn run(
    db: &Db,
    owner: AccountId,
    kind: Kind,
    bytes: &[u8],
    dry_run: bool,
    progress: &Progress,
) -> ServiceResult<Finished> {
    Ok(match kind {
        Kind::Orgs => match super::check_orgs(db, bytes, progress).await? {
            Checked::Refused(problems) => Finished::Refused(problems),
            Checked::Ready(plan) if dry_run => Finished::Checked(plan.outcome().to_string()),
            Checked::Ready(plan) => Finished::Applied {
                outcome: super::apply_orgs(db, &plan, Some(owner), progress)
                    .await?
                    .to_string(),
                accounts: 0,
                sheets: Vec::new(),
            },
        },
        Kind::Members => {
            let today = crate::clock::today_china();
            match super::check_members(db, bytes, today, progress).await? {
                Checked::Refused(problems) => Finished::Refused(problems),
                Checked::Ready(plan) if dry_run => Finished::Checked(plan.outcome().to_string()),
                Checked::Ready(plan) => {
                    let (outcome, created) =
                        super::apply_members(db, &plan, Some(owner), progress).await?;
                    progress.start(super::Phase::Accounts, created.len());
                    let issued = super::accounts::issue(db, &created, |done, _| {
                        progress.set(done);
                    })
                    .await?;
                    let sheets = super::accounts::sheets(&issued).context("password workbooks")?;
                    Finished::Applied {
                        outcome: outcome.to_string(),
                        accounts: issued.len(),
                        sheets,
                    }
                }
            }
        }
    })
}
