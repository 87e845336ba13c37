use serde::{Deserialize, Serialize};

/// One notice as a reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    /// The organization that posted it.
    pub org_name: String,
    pub title: String,
    pub body: String,
    /// `YYYY-MM-DD HH:MM`, China time.
    pub at: String,
}

/// `/notices`: notices for me (my organization and those above it; admins also see their
/// subtree's), and where I may post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticesView {
    pub notices: Vec<NoticeView>,
    /// (organization id, name) I may post to, my scope root first; empty when I may not post.
    pub audiences: Vec<(i64, String)>,
}

/// The home screen's "what needs me" (要我办): dues to pay, meetings to attend, unread messages,
/// study not yet finished, and my branch's latest notices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TodoView {
    pub unread: i64,
    pub study_left: i64,
    pub notices: Vec<NoticeView>,
    /// Dues open up to the billing month, in yuan.
    pub dues_due: Option<String>,
    /// Meetings of my branch coming up (organizational life).
    pub meetings: Vec<crate::orglife::MeetingView>,
    /// For administrators: how many branches in their scope have no 书记, and the first few.
    #[serde(default)]
    pub without_secretary: i64,
    #[serde(default)]
    pub without_secretary_first: Vec<crate::orgs::OrgChild>,
    /// For a committee or the county: conversions (转正) waiting for its decision, oldest first.
    #[serde(default)]
    pub conversions: Vec<ConversionWaiting>,
    /// My tasks not yet accepted (党建任务), soonest deadline first.
    #[serde(default)]
    pub tasks: Vec<crate::tasks::TaskLine>,
    /// For a committee or the county: task reports waiting for its acceptance.
    #[serde(default)]
    pub tasks_to_review: i64,
}

/// A branch's proposal to make a probationary member full, on the decider's home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversionWaiting {
    pub member_id: i64,
    pub name: String,
    pub org_name: String,
    pub meeting_on: String,
}
