use domain::{MemberId, OrgId};
use serde::{Deserialize, Serialize};

/// One member's file (一人一表) as a reader sees it: ID and mobile numbers in full only when
/// the rules allow (own file; administrators in scope).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberFile {
    pub id: MemberId,
    pub org_id: OrgId,
    pub org_name: String,
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub id_number: String,
    pub mobile: String,
    pub identity_masked: bool,
    pub education: String,
    pub joined_on: String,
    pub full_on: Option<String>,
    pub status: domain::MemberStatus,
    pub status_label: String,
    pub job: String,
    pub employer: Option<String>,
    pub dues_category: String,
    pub dues_base_fen: i64,
    pub flowing_destination: Option<String>,
    pub rewards_penalties: Option<String>,
    pub training_hours: i64,
    /// A clerk's remark (备注), as imported or typed.
    pub remarks: Option<String>,
    /// Positions held, e.g. "中共某村支部委员会 书记".
    pub positions: Vec<String>,
}

/// A line of a roster. Lists always mask, whoever reads them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub id: MemberId,
    pub name: String,
    pub sex: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub status: String,
    pub mobile: String,
    pub id_number: String,
    pub joined_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Roster {
    pub org_id: OrgId,
    pub org_name: String,
    pub org_kind: String,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub members: Vec<RosterEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One change of a member's file, from the record trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub actor: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// The fields an administrator may change in a member's file; `None` leaves a field as it is
/// and, for optional text, an empty string clears it. A corrected ID number brings its birth
/// date along (the sex must agree with it); the branch is changed by transfer, not here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberPatch {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub joined_on: Option<String>,
    pub mobile: Option<String>,
    pub education: Option<String>,
    pub job: Option<String>,
    pub employer: Option<String>,
    pub status: Option<String>,
    pub full_on: Option<String>,
    pub flowing_destination: Option<String>,
    pub rewards_penalties: Option<String>,
    pub training_hours: Option<i64>,
    pub remarks: Option<String>,
}

/// What `/members/{id}` shows: the file, its history, and whether the reader may edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub file: MemberFile,
    pub history: Vec<HistoryEntry>,
    pub can_edit: bool,
    /// This year's org life, dues and points, from the records that hold them.
    #[serde(default)]
    pub year: MemberYear,
    /// The probation and its proposals, for a probationary member or one who had any.
    #[serde(default)]
    pub probation: Option<ProbationView>,
    /// 党籍状态 and what this reader may change about it.
    #[serde(default)]
    pub standing: StandingView,
}

/// A probation as the file shows it (预备党员转正).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProbationView {
    /// The day the probation ends (or ended), any extension included.
    pub ends_on: String,
    pub extension_months: Option<i64>,
    /// Every proposal, newest first; at most one is open.
    pub proposals: Vec<ConversionView>,
    /// The reader may file the branch assembly's proposal now.
    pub may_propose: bool,
    /// The reader may decide the open proposal.
    pub may_decide: bool,
}

/// One proposal to make a probationary member full, and the decision on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversionView {
    pub id: i64,
    pub state: domain::probation::ConversionState,
    pub meeting_on: String,
    pub entitled: i64,
    pub in_favour: i64,
    pub against: i64,
    pub abstaining: i64,
    /// More than half of those entitled voted in favour.
    pub carried: bool,
    pub proposed_at: String,
    /// How and when it closed, in words: "审批于 …" (decided) or "撤回于 …" (withdrawn).
    pub closed: Option<String>,
    pub extension_months: Option<i64>,
    /// The decision's note ("意见：…") or the withdrawal's reason ("原因：…").
    pub note: Option<String>,
}

/// 党籍状态 as the file shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StandingView {
    pub standing: domain::standing::Standing,
    pub since: Option<String>,
    pub reason: Option<String>,
    /// The changes this reader may record now (empty when none).
    pub changes: Vec<domain::standing::StandingChange>,
}

/// The ledger lines the file lists, newest first.
pub const LEDGER_SHOWN: i64 = 50;

/// A member's year as the file shows it (一人一表): attendance at approved meetings, dues, and
/// the points ledger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberYear {
    pub year: i32,
    pub attended: u32,
    pub on_leave: u32,
    /// Absent without excuse.
    pub absent: u32,
    /// The newest month paid for, if any.
    pub paid_through: Option<String>,
    /// Consecutive unpaid months before the billing month.
    pub arrears_months: u32,
    /// Points this year.
    pub points: i64,
    /// This year's ledger, newest first, at most [`LEDGER_SHOWN`] lines.
    pub ledger: Vec<LedgerLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub day: String,
    pub label: String,
    pub points: i64,
}

/// Chinese label of a member-file field, for messages and history.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "姓名",
        "sex" => "性别",
        "ethnicity" => "民族",
        "birth_date" => "出生日期",
        "id_number" => "身份证号",
        "mobile" => "手机号",
        "education" => "学历",
        "joined_on" => "入党日期",
        "full_on" => "转正日期",
        "status" => "党员类别",
        "job" => "工作岗位",
        "employer" => "工作单位",
        "dues_category" => "党费类别",
        "dues_base_fen" => "党费基数（分）",
        "flowing_destination" => "流动去向",
        "rewards_penalties" => "奖惩情况",
        "training_hours" => "培训学时",
        "remarks" => "备注",
        "org_id" => "所在组织",
        "standing" => "党籍状态",
        "standing_since" => "党籍变更日期",
        "standing_reason" => "党籍变更原因",
        "probation_extension_months" => "延长预备期（月）",
        _ => "其他",
    }
}

/// The 新增党员 form, as typed; checked on the server exactly as an import row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewMemberForm {
    pub org_id: i64,
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub id_number: String,
    pub mobile: String,
    pub education: String,
    pub joined_on: String,
    pub full_on: String,
    pub dues_category: String,
    pub flowing_destination: String,
    #[serde(default)]
    pub remarks: String,
}

/// The branch assembly's proposal (转正), as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversionForm {
    pub meeting_on: String,
    pub entitled: String,
    pub in_favour: String,
    pub against: String,
    pub abstaining: String,
}

/// The committee's decision, as typed: `approve`, `extend` (with months) or `revoke`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversionDecisionForm {
    pub conversion_id: i64,
    pub decision: String,
    pub months: String,
    pub note: String,
}

/// A standing change, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StandingForm {
    pub change: String,
    pub on: String,
    pub reason: String,
}
