//! The import page: the facade its server function calls, and the one shape a job takes for
//! the page and for `GET /api/v1/import/jobs/{id}`.

use app::{
    backend::Caller,
    error::AppError,
    import::{ImportApi, ImportJob, ImportProblem, PasswordSheet},
};

use super::DbBackend;
use crate::{
    access::Actor,
    import::jobs::{Finished, JobState},
};

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A job as the page reads it.
pub fn job_view(job: &JobState) -> ImportJob {
    let mut view = ImportJob {
        job: u64::try_from(job.id).unwrap_or_default(),
        kind: job.kind.code().to_owned(),
        dry_run: job.dry_run,
        state: "running".to_owned(),
        phase: job.phase.code().to_owned(),
        phase_label: job.phase.label_zh().to_owned(),
        seconds: job.seconds,
        done: count(job.done),
        total: count(job.total),
        ..ImportJob::default()
    };
    match &job.finished {
        None => {}
        Some(Finished::Refused { problems }) => {
            view.state = "refused".to_owned();
            view.problems = problems
                .iter()
                .map(|p| ImportProblem {
                    row: p.row,
                    column: p.column.clone(),
                    message: p.message.clone(),
                    text: p.text.clone(),
                })
                .collect();
        }
        Some(Finished::Checked { outcome }) => {
            view.state = "checked".to_owned();
            view.outcome = Some(outcome.clone());
        }
        Some(Finished::Applied { outcome, accounts }) => {
            view.state = "applied".to_owned();
            view.outcome = Some(outcome.clone());
            view.accounts = Some(count(*accounts));
            view.sheets = job
                .sheets
                .iter()
                .map(|s| PasswordSheet {
                    index: count(s.index),
                    org: s.org.clone(),
                    taken: s.taken,
                })
                .collect();
        }
        Some(Finished::Failed) => view.state = "failed".to_owned(),
    }
    view
}

#[async_trait::async_trait]
impl ImportApi for DbBackend {
    async fn import_job(&self, caller: &Caller, job: i64) -> Result<ImportJob, AppError> {
        let actor = Actor::of(caller)?;
        let state = self.imports.get(&self.db, &actor, job).await?;
        Ok(job_view(&state))
    }
}
