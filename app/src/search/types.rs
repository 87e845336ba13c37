use serde::{Deserialize, Serialize};

/// One result of the search box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// A member's file (`true`) or an organization.
    pub member: bool,
    pub id: i64,
    pub name: String,
    /// The member's organization, or the organization's kind.
    pub detail: String,
    /// Members only, masked.
    pub mobile: Option<String>,
}
