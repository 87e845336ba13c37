use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestionView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub status: domain::suggestion::SuggestionStatus,
    pub status_label: String,
    pub org_name: String,
    pub author_name: String,
    pub reply: Option<String>,
    pub points_awarded: i64,
    pub created_at: String,
    /// The photo's address (`/files/…`), when one was attached.
    pub photo: Option<String>,
}

/// `/suggestions`: what I sent (members), and what waits for me (administrators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestionsView {
    /// Where a member's suggestion can go: (value, organization name).
    pub destinations: Vec<(String, String)>,
    pub mine: Vec<SuggestionView>,
    pub queue: Option<Vec<SuggestionView>>,
}
