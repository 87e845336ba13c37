use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One recipient's task, as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskLine {
    pub task_id: i64,
    pub assignment_id: i64,
    pub title: String,
    pub deadline: String,
    /// The recipient organization (a member's: their branch).
    pub org_name: String,
    /// The member a task named, for tasks sent to members.
    pub member_name: Option<String>,
    pub progress: domain::task::Progress,
    pub progress_label: String,
}

/// A task I sent, with how its recipients stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentTask {
    pub id: i64,
    pub title: String,
    pub deadline: String,
    pub addressed_label: String,
    pub recipients: i64,
    /// (progress code, label, how many), in the order of `domain::task::Progress::ALL`.
    pub progress: Vec<(String, String, i64)>,
}

/// `/tasks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TasksView {
    /// Mine to report (a member's, or the organization's I act for), not yet accepted.
    pub todo: Vec<TaskLine>,
    /// Reports waiting for my acceptance.
    pub to_review: Vec<TaskLine>,
    /// What my organization sent: only for those who may send tasks.
    pub sent: Option<Vec<SentTask>>,
    /// The organizations below me a task may name: (id, name, is a branch).
    pub dispatch_orgs: Option<Vec<(i64, String, bool)>>,
}

/// One recipient's part of a task, for the task's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub id: i64,
    pub org_name: String,
    pub member_name: Option<String>,
    pub state_label: String,
    pub progress: domain::task::Progress,
    pub progress_label: String,
    pub report_text: String,
    pub report_number: Option<String>,
    pub reported_on: Option<String>,
    /// The reason of the latest return.
    pub review_note: String,
    pub accepted_on: Option<String>,
    /// The latest report's photos, with the camera's time when the picture carried it.
    #[serde(default)]
    pub photos: Vec<crate::orglife::PhotoView>,
    /// The latest report's documents.
    #[serde(default)]
    pub files: Vec<ReportFile>,
    /// The reader reports it (open or returned).
    pub may_report: bool,
    /// The reader accepts or returns it (reported).
    pub may_review: bool,
}

/// `/tasks/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i64,
    pub title: String,
    pub instructions_html: String,
    pub deadline: String,
    pub evidence: domain::task::Evidence,
    pub evidence_label: String,
    pub unit: String,
    pub sender: String,
    pub addressed_label: String,
    /// The parts the reader reports.
    pub mine: Vec<AssignmentView>,
    /// The parts the reader oversees (sent or reviews), filtered by `progress` when asked.
    pub overseen: Vec<AssignmentView>,
    /// Counts over everything the reader oversees: (progress code, label, how many).
    pub progress: Vec<(String, String, i64)>,
    /// More overseen parts than shown.
    pub more: i64,
}

/// A task as the dispatch form sends it (`task[title]`, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    /// Markdown.
    pub instructions: String,
    pub deadline: String,
    /// `text` or `number`.
    pub evidence: String,
    pub unit: String,
    /// `subtree`, `orgs` or `members`.
    pub addressed: String,
    /// For `subtree`: the organization whose branches receive it; empty for all below me.
    pub under: String,
    /// `task[orgs][<id>] = on` for each organization ticked.
    pub orgs: HashMap<String, String>,
    /// Members by mobile, one per line or comma.
    pub member_mobiles: String,
}

/// A document a report carries: its name as sent, where to download it, its size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportFile {
    pub name: String,
    pub url: String,
    pub size_kb: i64,
}
