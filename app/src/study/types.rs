use domain::{points::LedgerEntry, study::StudyKind, Date};
use serde::{Deserialize, Serialize};

/// One item in a column of `/study`, with my progress in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyCard {
    pub id: i64,
    pub kind: StudyKind,
    pub title: String,
    pub publish_at: String,
    pub percent: u8,
    pub completed: bool,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyColumn {
    pub name: String,
    pub items: Vec<StudyCard>,
}

/// `/study`: the columns published to my organization, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyListView {
    pub columns: Vec<StudyColumn>,
    /// Study points booked today (all study kinds) and the daily study cap.
    pub points_today: i64,
    pub daily_cap: Option<i64>,
    pub can_author: bool,
}

/// A quiz question as a member sees it: the answer only once the quiz is handed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestionView {
    pub text: String,
    pub options: Vec<String>,
    pub multiple: bool,
    pub correct: Option<Vec<u8>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyProgressView {
    /// Percent read (article) or seconds into the video.
    pub position: i64,
    pub percent: u8,
    pub completed: bool,
    pub score_percent: Option<u8>,
    pub points: i64,
}

/// `/study/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyItemView {
    pub id: i64,
    pub kind: StudyKind,
    pub column_name: String,
    pub title: String,
    /// Rendered on the server from Markdown; raw HTML in the source is shown as text.
    pub body_html: String,
    pub video_url: Option<String>,
    pub quiz: Option<Vec<QuizQuestionView>>,
    pub publish_at: String,
    pub audience_name: String,
    /// Shown to authors looking at an item members cannot see (scheduled or withdrawn).
    pub status_note: Option<String>,
    /// `None` for accounts without a member file (they read but earn nothing).
    pub progress: Option<StudyProgressView>,
    /// For the in-browser preview: today, this year's ledger, and the county's table in
    /// force today (the one the server awards by).
    pub today: Date,
    pub ledger: Vec<LedgerEntry>,
    pub rules: domain::points::RuleTable,
}

/// One row of `/admin/study`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthoredItem {
    pub id: i64,
    pub kind: StudyKind,
    pub title: String,
    pub column_name: String,
    pub audience_name: String,
    pub publish_at: String,
    pub status: domain::study::ItemStatus,
    pub completions: i64,
}

/// An item being written (id 0: new).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StudyDraft {
    pub id: i64,
    pub kind: String,
    pub column_name: String,
    pub title: String,
    pub body_md: String,
    pub video_url: String,
    pub quiz_src: String,
    pub audience_org_id: i64,
    pub publish_at: String,
}

/// `/admin/study`: what I may publish to, what has been published in my scope, and the draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminStudyView {
    /// (organization id, name), my scope root first.
    pub audiences: Vec<(i64, String)>,
    pub items: Vec<AuthoredItem>,
    pub draft: StudyDraft,
    /// The draft's body as members will see it.
    pub preview_html: String,
}
