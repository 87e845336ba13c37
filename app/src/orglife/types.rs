use serde::{Deserialize, Serialize};

/// A meeting as members and admins see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i64,
    pub org_name: String,
    /// 支部党员大会 / 支委会 / … / 主题党日.
    pub kind_label: String,
    pub topic: String,
    /// `2026-12-05 09:00`, China time.
    pub starts_at: String,
    /// `11:00` (same day) or a full time.
    pub ends_at: String,
    pub place: String,
}

/// `/org-life`: upcoming meetings (my branch's; an admin's whole scope), and where I may plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgLifeView {
    pub upcoming: Vec<MeetingView>,
    pub recent: Vec<MeetingView>,
    /// (branch id, name) the account may plan meetings for.
    pub plan_for: Vec<(i64, String)>,
}

/// A meeting to plan, as the form sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub org_id: i64,
    pub kind: String,
    pub topic: String,
    /// `2026-12-05T09:00` (a `datetime-local` input).
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
}
