use domain::{archive::Filter, OrgId};
use serde::{Deserialize, Serialize};

/// One record: a meeting, a bill, a points entry or a village visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveRow {
    pub id: i64,
    /// The day it happened (a bill: its month).
    pub day: String,
    pub org_name: String,
    /// A meeting's topic, a member's name, a team's village.
    pub title: String,
    pub kind: String,
    pub state: String,
    /// Who took part: "到会 12/15" for a meeting, the amount for a bill, the points.
    pub detail: String,
    /// Thumbnails of its photos (at most four).
    pub photos: Vec<String>,
    /// Where the record itself is, when it has a page.
    pub link: Option<String>,
}

/// One page of one section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveView {
    pub filter: Filter,
    /// The subtree shown.
    pub org_name: String,
    /// Organizations to narrow to: the reader's scope and the level below it (and the one
    /// asked for, when deeper).
    pub orgs: Vec<(OrgId, String)>,
    pub rows: Vec<ArchiveRow>,
    pub total: u64,
    pub pages: u32,
}
