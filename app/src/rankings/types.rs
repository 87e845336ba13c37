use domain::ranking::{ListKind, VisibilityPolicy};
use domain::{MemberId, OrgId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberStanding {
    pub rank: u32,
    pub member_id: MemberId,
    pub name: String,
    pub points: i64,
    /// The member's branch, on a board across a committee's or the county's scope.
    #[serde(default)]
    pub branch: Option<String>,
    /// The row's list (金/银/黄/黑榜), where the reader may see it (docs/rules.md#the-four-lists).
    #[serde(default)]
    pub list: Option<ListKind>,
    /// What put the row on the black list.
    #[serde(default)]
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchStanding {
    pub rank: u32,
    pub org_id: OrgId,
    pub name: String,
    pub members: i64,
    /// Average points per member this year: branches of different sizes compare fairly.
    pub average_points: i64,
    /// The row's list (金/银/黄/黑榜), where the reader may see it (docs/rules.md#the-four-lists).
    #[serde(default)]
    pub list: Option<ListKind>,
    /// What put the row on the black list.
    #[serde(default)]
    pub why: Option<String>,
}

/// The members of one branch. When the policy shows only one's own rank, `rows` holds just
/// the reader's row and `total` says how many were ranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberBoard {
    pub org_name: String,
    pub rows: Vec<MemberStanding>,
    pub total: usize,
    pub mine: Option<MemberStanding>,
    /// Only the leaders (and the reader's row) are in `rows`; the full board is one link away.
    pub truncated: bool,
    /// The policy shows the reader only their own row.
    #[serde(default)]
    pub only_mine: bool,
}

/// Organizations under one committee, or the whole county.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchBoard {
    pub title: String,
    pub rows: Vec<BranchStanding>,
    pub total: usize,
    /// The reader's own branch, highlighted.
    pub own_org_id: Option<OrgId>,
    /// Only the leaders (and the reader's branch) are in `rows`.
    pub truncated: bool,
}

/// A board shows this many leaders at a glance (plus the reader's own row when it is further
/// down); `/rankings?full=1` shows every row.
pub const GLANCE_ROWS: usize = 30;

/// The leaders and the reader's own row, unless `full`; says whether rows were left out.
pub fn glance<T>(rows: Vec<T>, full: bool, is_own: impl Fn(&T) -> bool) -> (Vec<T>, bool) {
    if full || rows.len() <= GLANCE_ROWS {
        return (rows, false);
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .filter(|(i, r)| *i < GLANCE_ROWS || is_own(r))
        .map(|(_, r)| r)
        .collect();
    (rows, true)
}

/// Everything `/rankings` shows this reader, already cut to what the policy lets them see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingsView {
    pub year: i32,
    /// The current year, for the year picker.
    #[serde(default)]
    pub this_year: i32,
    pub policy: VisibilityPolicy,
    /// County administrators set the policy.
    pub can_configure: bool,
    pub members: Option<MemberBoard>,
    pub committee: Option<BranchBoard>,
    pub county: Option<BranchBoard>,
    /// Branches by composite score (committees' and the county's administrators, auditors).
    #[serde(default)]
    pub composite: Option<CompositeBoard>,
    /// Committees by composite score, as far as the policy shows them.
    #[serde(default)]
    pub committees: Option<CompositeBoard>,
    /// Members across the administrator's scope (a committee's or the county's), best first.
    #[serde(default)]
    pub scope_members: Option<MemberBoard>,
    /// The list the rows are filtered to (`None`: every row).
    #[serde(default)]
    pub list: Option<ListKind>,
    /// 重点警示 in the administrator's scope (docs/rules.md#key-warnings).
    #[serde(default)]
    pub warnings: Option<Vec<KeyWarningRow>>,
}

/// One branch on 重点警示, with its reasons in one line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyWarningRow {
    pub org_id: OrgId,
    pub name: String,
    pub reasons: String,
}

/// One organization on a composite board: its score and parts, each 0–100 with one decimal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeStanding {
    pub rank: u32,
    pub org_id: OrgId,
    pub name: String,
    /// Members (a branch) or branches (a committee).
    pub size: i64,
    pub score: String,
    /// The parts, for a branch: members' points, organizational life, tasks, dues.
    pub parts: Option<[String; 4]>,
    /// A branch's tasks done on time, of those due (the task part's share).
    #[serde(default)]
    pub tasks: Option<(u64, u64)>,
    /// The row's list (金/银/黄/黑榜), where the reader may see it (docs/rules.md#the-four-lists).
    #[serde(default)]
    pub list: Option<ListKind>,
    /// What put the row on the black list.
    #[serde(default)]
    pub why: Option<String>,
}

/// A composite board (docs/rules.md#branch-and-committee-scores).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeBoard {
    pub title: String,
    pub rows: Vec<CompositeStanding>,
    pub total: usize,
    pub truncated: bool,
}

/// A board of members across a scope lists at most this many rows (after the list filter), on
/// the page and in the export; its total says how many were ranked.
pub const SCOPE_MEMBERS_MAX: usize = 1000;

/// The first year the boards can be asked for.
pub const FIRST_YEAR: i32 = 2000;

/// A score in ‰ as the boards show it: 0–100 with one decimal.
pub fn score_text(p: domain::Permille) -> String {
    format!("{}.{}", p.get() / 10, p.get() % 10)
}

/// The home screen's "how am I doing": today's and this year's points, my place in my branch
/// and how it moved since yesterday, and my list — each only if the policy lets me see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyStanding {
    pub branch_name: String,
    pub points_today: i64,
    pub points_year: i64,
    pub rank: Option<u32>,
    pub total: usize,
    pub movement: Option<domain::ranking::Movement>,
    pub list: Option<domain::ranking::ListKind>,
}
