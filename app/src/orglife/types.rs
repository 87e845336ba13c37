use domain::{MemberId, OrgId};
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
    /// 待记录 / 待党委审核 / 待县委审定 / 已退回修改 / 已审定.
    pub status_label: String,
}

/// `/org-life`: upcoming meetings (my branch's; an admin's whole scope), and where I may plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgLifeView {
    pub upcoming: Vec<MeetingView>,
    pub recent: Vec<MeetingView>,
    /// (branch id, name) the account may plan meetings for.
    pub plan_for: Vec<(i64, String)>,
    /// The account reviews branches' records (a committee or the county).
    pub reviewer: bool,
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

/// `/org-life/{id}`: one meeting's record as the reader may see and act on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub meeting: MeetingView,
    pub status: domain::orglife::MeetingStatus,
    pub status_label: String,
    pub host: String,
    pub recorder: String,
    pub minutes: String,
    pub decisions: String,
    /// Minutes and decisions rendered from Markdown on the server (raw HTML shown as text).
    pub minutes_html: String,
    pub decisions_html: String,
    /// The branch's officers while the record is planned or returned.
    pub can_edit: bool,
    /// The sign-in code, the address that signs in with it (`https://…/org-life/sign-in?code=…`)
    /// and that address's QR code (SVG drawn by the server), for the branch's officers until the
    /// record is submitted.
    pub sign_code: Option<String>,
    pub sign_in_url: Option<String>,
    pub sign_qr_svg: Option<String>,
    pub attendance: Vec<AttendeeView>,
    /// `应到 12 人，签到 9 人，请假 2 人，缺席 1 人`.
    pub tally: String,
    /// For a branch assembly: whether more than half of the voting members came.
    pub quorum: Option<String>,
    pub photos: Vec<PhotoView>,
    pub history: Vec<ReviewStep>,
    /// `党委初审` or `县委终审` when the reader may review the record now.
    pub review_as: Option<String>,
    /// The reader's own attendance, when a member of the branch.
    pub mine: Option<String>,
    /// A member of the branch not yet signed in or excused, while the meeting is planned.
    pub may_ask_leave: bool,
    /// The branch's grid-centre stream (现场视频), shown beside the record.
    pub stream: Option<crate::video::StreamView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendeeView {
    pub member_id: MemberId,
    pub name: String,
    /// 流动党员 (works away from home) / 预备党员, or empty.
    pub note: String,
    /// `None` until marked.
    pub status: Option<domain::orglife::Attendance>,
    pub status_label: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: i64,
    pub url: String,
    pub thumb_url: String,
    pub width: i64,
    pub height: i64,
    /// Camera time and place from EXIF (`2026-11-29 09:30`), when present.
    pub taken_at: Option<String>,
    pub place: Option<String>,
    pub uploaded_at: String,
    /// Taken more than a day before the meeting began.
    pub predates: bool,
}

/// One step of the record's history: submitted, approved or returned (with the comment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewStep {
    pub at: String,
    pub step: String,
    pub comment: String,
}

/// `/review`: meeting records waiting for the reader's review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub items: Vec<QueueItem>,
    /// (branch id, name) that have records waiting, for the filter.
    pub branches: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub meeting: MeetingView,
    pub status_label: String,
    pub waiting_days: i64,
    /// Waiting longer than the review deadline.
    pub overdue: bool,
    /// The branch's grid-centre stream, opened beside the record on request.
    pub stream: Option<crate::video::StreamView>,
}

/// `/compliance`: required vs held meetings per branch over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplianceView {
    /// `2026-01-01 至 2026-11-29`.
    pub period: String,
    pub branches: Vec<BranchCompliance>,
    /// Behind first; the drill-down of one branch when asked.
    pub detail: Option<BranchCompliance>,
    /// What the county requires of every branch now, kind by kind.
    pub required: Vec<RequiredFrequency>,
    /// The day the county's current requirements took effect (`None`: the regulation's).
    pub rules_since: Option<String>,
    /// The reader may change `required` (the county organization department).
    pub can_configure: bool,
    /// Unexcused absences this year that put a member on a branch's list (the county's line).
    #[serde(default)]
    pub absence_line: u32,
}

/// One meeting kind's required frequency, beside the regulation's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequiredFrequency {
    /// `MeetingKind` code, the settings form's field name.
    pub kind: String,
    pub kind_label: String,
    /// `Frequency` code, or `domain::orglife::NOT_REQUIRED`.
    pub frequency: String,
    /// 每月 / 每季度 / 每年 / 不作要求.
    pub frequency_label: String,
    /// The regulation's, in the same words.
    pub regulation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchCompliance {
    pub org_id: OrgId,
    pub name: String,
    pub behind: bool,
    /// `86%` of the owed meetings held.
    pub ratio: String,
    pub kinds: Vec<KindCompliance>,
    /// Members absent twice or more without excuse (a black-list trigger), with the count.
    pub absentees: Vec<(String, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindCompliance {
    pub kind_label: String,
    pub frequency_label: String,
    pub required: u32,
    pub held: u32,
    pub missed: u32,
}

/// What a form on a meeting's pages asks the server to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MeetingCommand {
    /// A member signs in with the host's code.
    SignIn {
        code: String,
    },
    /// A member asks for leave.
    AskLeave {
        meeting_id: i64,
        reason: String,
    },
    /// The branch marks a member present, on leave or absent.
    Mark {
        meeting_id: i64,
        member_id: i64,
        status: String,
        reason: String,
    },
    Save {
        meeting_id: i64,
        host: String,
        recorder: String,
        minutes: String,
        decisions: String,
    },
    Submit {
        meeting_id: i64,
    },
    Review {
        meeting_id: i64,
        approve: bool,
        comment: String,
    },
}
