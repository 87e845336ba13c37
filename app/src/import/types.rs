use serde::{Deserialize, Serialize};

/// One problem of a workbook: its Excel row (the header is row 1) and column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub row: u32,
    /// The column's Chinese name; empty for a problem of the whole file.
    pub column: String,
    pub message: String,
    /// The whole sentence: `第 6 行「公民身份号码」：…`.
    pub text: String,
}

/// A branch's one-time-password workbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordSheet {
    pub index: u64,
    pub org: String,
    pub taken: bool,
}

/// What `GET /api/v1/import/jobs/{id}` answers: the stage and its progress, then the result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub job: u64,
    /// orgs or members.
    pub kind: String,
    pub dry_run: bool,
    /// running, refused, checked, applied or failed.
    pub state: String,
    /// reading, checking, writing or accounts.
    pub phase: String,
    pub phase_label: String,
    /// Seconds since the job started (until it ended).
    pub seconds: f64,
    pub done: u64,
    pub total: u64,
    pub problems: Vec<ImportProblem>,
    pub outcome: Option<String>,
    pub accounts: Option<u64>,
    pub sheets: Vec<PasswordSheet>,
}

impl ImportJob {
    pub fn percent(&self) -> u64 {
        // A stage of no steps is complete once the job has ended.
        let empty = if self.state == "running" { 0 } else { 100 };
        (self.done.min(self.total) * 100)
            .checked_div(self.total)
            .unwrap_or(empty)
    }
}
