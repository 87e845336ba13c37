use leptos::prelude::*;

use super::ImportJob;
use crate::error::AppError;

/// The job `/admin/import?job=ID` shows.
#[server(prefix = "/api", endpoint = "load_import_job")]
pub async fn load_import_job(job: i64) -> Result<ImportJob, AppError> {
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.import_job(&user, job).await
}
