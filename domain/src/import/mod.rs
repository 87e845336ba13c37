//! Organizations and members from the county's Excel workbooks (docs/operations.md#importing): what a
//! clerk may type in each column, and every problem named by row and column in Chinese. Pure:
//! the server reads the workbook into [`Cell`]s and checks the rows against the database.

mod cell;
mod labels;
mod member_row;
mod org_row;

pub use cell::Cell;
pub use labels::{education, ethnicity, EDUCATION_LEVELS, ETHNIC_GROUPS};
pub use member_row::{MemberRow, MEMBER_COLUMNS, MEMBER_EXAMPLE};
pub use org_row::{OrgRow, ORG_COLUMNS, ORG_EXAMPLE};

/// The longest free text a workbook cell holds (地址, 流动去向, 备注); the member file's own
/// forms take the same.
pub const MAX_FREE_TEXT_CHARS: usize = 200;
/// The longest 流动去向 (a city and a workplace).
pub const MAX_DESTINATION_CHARS: usize = 60;

/// One thing wrong with one cell (or a whole row, when `column` is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The Excel row number, as the clerk sees it (the header is row 1).
    pub row: u32,
    /// The column's header, in Chinese.
    pub column: &'static str,
    pub message: String,
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.column.is_empty() {
            write!(f, "第 {} 行：{}", self.row, self.message)
        } else {
            write!(f, "第 {} 行「{}」：{}", self.row, self.column, self.message)
        }
    }
}

/// The header row must be the template's, in its order: a workbook with columns moved would
/// put names into the wrong fields.
pub fn check_header(found: &[Cell], expected: &[&'static str]) -> Result<(), Problem> {
    for (i, want) in expected.iter().enumerate() {
        let got = found.get(i).map(Cell::text).unwrap_or_default();
        if got.trim() != *want {
            return Err(Problem {
                row: 1,
                column: want,
                message: format!(
                    "第 {} 列的表头应为「{want}」，实际为「{}」：请使用下载的模板，不要增删或调换列",
                    i + 1,
                    got.trim()
                ),
            });
        }
    }
    Ok(())
}
