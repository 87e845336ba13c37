//! `/admin/import`: the county's organizations and members from its Excel workbooks, with the
//! check's problems by row and column, a progress bar while it runs, and each branch's
//! one-time-password workbook to download once (docs/operations.md#importing).

mod api;
mod facade;
mod page;
#[cfg(feature = "hydrate")]
mod run;
mod types;

pub use api::load_import_job;
#[cfg(feature = "ssr")]
pub use facade::ImportApi;
pub use page::ImportPage;
pub use types::*;
