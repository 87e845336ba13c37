//! Organizations and members from the county's Excel workbooks (docs/operations.md#importing):
//! every row checked first and every problem listed by row and column; then all rows written in
//! one transaction or none. Re-importing the same file changes nothing.

pub mod accounts;
mod members;
mod orgs;
pub mod template;
mod workbook;

pub use members::{apply_members, check_member_rows, check_members, MemberPlan};
pub mod jobs;
pub use orgs::{apply_orgs, check_orgs, OrgPlan};
pub use template::Kind;
pub use workbook::rows as read_rows;

use domain::import::{Cell, Problem};

/// What a check found: a plan that can be applied, or the problems that stop it.
pub enum Checked<P> {
    Ready(P),
    Refused(Vec<Problem>),
}

/// The data rows of a workbook (its header checked), with their Excel row numbers; the example
/// row and empty rows left out.
fn data_rows(
    bytes: &[u8],
    columns: &[&'static str],
    is_example: fn(&[Cell]) -> bool,
) -> Result<Vec<(u32, Vec<Cell>)>, Vec<Problem>> {
    let rows = workbook::rows(bytes, columns.len()).map_err(|message| {
        vec![Problem {
            row: 0,
            column: "",
            message,
        }]
    })?;
    let Some(header) = rows.first() else {
        return Err(vec![Problem {
            row: 1,
            column: "",
            message: "文件是空的：请使用下载的模板".to_owned(),
        }]);
    };
    domain::import::check_header(header, columns).map_err(|p| vec![p])?;
    Ok((1u32..)
        .zip(rows)
        .skip(1)
        .filter(|(row, cells)| {
            !(cells.iter().all(Cell::is_blank) || (*row == 2 && is_example(cells)))
        })
        .collect())
}

/// Counts of what an import did or, in a dry run, would do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "共 {} 行：新增 {}，更新 {}，未变 {}",
            self.rows, self.created, self.updated, self.unchanged
        )
    }
}

/// Where an import is, for the page's progress bar and the command line's progress line:
/// rows checked, then rows written, then accounts made. Shared with whoever shows it.
#[derive(Clone, Debug, Default)]
pub struct Progress(std::sync::Arc<ProgressInner>);

#[derive(Debug, Default)]
pub struct ProgressInner {
    phase: std::sync::atomic::AtomicU8,
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

/// The stages of an import, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Checking,
    Writing,
    Accounts,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Reading => "reading",
            Phase::Checking => "checking",
            Phase::Writing => "writing",
            Phase::Accounts => "accounts",
        }
    }

    pub fn parse(code: &str) -> Option<Phase> {
        [
            Phase::Reading,
            Phase::Checking,
            Phase::Writing,
            Phase::Accounts,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Phase::Reading => "读取文件",
            Phase::Checking => "检查",
            Phase::Writing => "写入",
            Phase::Accounts => "生成登录账号",
        }
    }
}

impl Progress {
    /// A new stage of `total` steps.
    pub fn start(&self, phase: Phase, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.0.phase.store(phase as u8, Relaxed);
        self.0.done.store(0, Relaxed);
        self.0.total.store(total, Relaxed);
    }

    pub fn set(&self, done: usize) {
        self.0
            .done
            .store(done, std::sync::atomic::Ordering::Relaxed);
    }

    /// (stage, steps done, steps in the stage).
    pub fn now(&self) -> (Phase, usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let phase = match self.0.phase.load(Relaxed) {
            1 => Phase::Checking,
            2 => Phase::Writing,
            3 => Phase::Accounts,
            _ => Phase::Reading,
        };
        (phase, self.0.done.load(Relaxed), self.0.total.load(Relaxed))
    }
}
