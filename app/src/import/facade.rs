//! The import page: what its server function asks of the server. The upload and the password
//! workbooks go through plain HTTP routes (`/api/v1/import/…`, `/admin/import/upload`); the
//! page reads a job here when it is opened or refreshed, which is how it works without scripts.
#![cfg(feature = "ssr")]

use super::ImportJob;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait ImportApi: Send + Sync {
    /// An import job the caller started; not found for anyone else.
    async fn import_job(&self, caller: &Caller, job: i64) -> Result<ImportJob, AppError>;
}
