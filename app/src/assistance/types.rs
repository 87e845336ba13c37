use serde::{Deserialize, Serialize};

/// A team as the overview lists it, with its report for the month shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub village: String,
    /// The organization that sent it.
    pub org_name: String,
    pub leader: String,
    pub members: i64,
    pub visits_in_month: i64,
    pub last_visit: Option<String>,
    /// `domain::assistance::ReportState` code and label (已报送 / 待报送 / 逾期未报).
    pub state: domain::assistance::ReportState,
    pub state_label: String,
}

/// `/assistance`: the teams the reader is on or oversees, and where teams may be sent from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistanceView {
    /// `2026-11`: the month whose reports are shown.
    pub month: String,
    pub teams: Vec<TeamRow>,
    /// The reader follows teams sent from their organization (or reads them as an auditor).
    pub oversees: bool,
    /// (organization id, name) the reader may send a team from.
    pub send_from: Option<(i64, String)>,
}

/// A team to station, as the form sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamDraft {
    pub org_id: i64,
    pub name: String,
    pub village: String,
    /// `2026-11-01`.
    pub started_on: String,
    pub leader_mobile: String,
    /// Mobile numbers separated by commas, spaces or new lines.
    pub member_mobiles: String,
}

/// A team's changes, as the form sends them (and as it is prefilled).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamEdit {
    pub name: String,
    pub village: String,
    pub leader_mobile: String,
    /// Mobile numbers separated by commas, spaces or new lines.
    pub member_mobiles: String,
    /// `2027-06-30`, the last day in the village; empty while it stays.
    pub ended_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMemberView {
    pub name: String,
    /// 队长 / 队员.
    pub role_label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitPhotoView {
    pub url: String,
    pub thumb_url: String,
    /// From the photo's EXIF, when present.
    pub taken_at: Option<String>,
    pub place: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: i64,
    pub visited_on: String,
    pub content: String,
    pub recorded_by: String,
    pub photos: Vec<VisitPhotoView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryView {
    pub month: String,
    pub content: String,
    pub written_by: String,
    pub written_at: String,
}

/// `/assistance/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamDetail {
    pub id: i64,
    pub name: String,
    pub village: String,
    pub org_name: String,
    pub started_on: String,
    /// The last day in the village, once the team is (or is to be) withdrawn.
    pub ended_on: Option<String>,
    pub members: Vec<TeamMemberView>,
    pub visits: Vec<VisitView>,
    pub summaries: Vec<SummaryView>,
    /// (month, 已报送 / 待报送 / 逾期未报) for the months the team was there, latest first.
    pub months: Vec<(String, String)>,
    /// The reader is on the team: logs visits and writes summaries.
    pub on_team: bool,
    /// (month, label) a summary may be written for now, the month being reported first.
    pub open_months: Vec<(String, String)>,
    /// (earliest, latest) day a visit may be logged for now; `None` once the team has left
    /// longer ago than visits may be logged.
    pub visit_days: Option<(String, String)>,
    /// The form to change the team, prefilled, for the organizations that send teams.
    pub edit: Option<TeamEdit>,
}
