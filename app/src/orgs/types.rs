use domain::OrgId;
use serde::{Deserialize, Serialize};

use crate::members::Roster;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leader {
    pub name: String,
    pub position: String,
    pub since: String,
}

/// An organization's public information: no personal identity numbers here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgInfo {
    pub id: OrgId,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<OrgId>,
    pub city: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub member_count: i64,
    pub leadership: Vec<Leader>,
}

/// A child organization, for drilling down the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgChild {
    pub id: OrgId,
    pub name: String,
    pub kind_label: String,
}

/// What `/org` shows: the organization, its children, and its roster when the reader may list
/// members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgView {
    pub info: OrgInfo,
    pub children: Vec<OrgChild>,
    pub roster: Option<Roster>,
}
