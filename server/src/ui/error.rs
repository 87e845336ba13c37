//! Where a service's refusal becomes what the page shows: a shared code (`ErrorCode`) or a
//! form error with the field's Chinese label. Internal failures are logged here, once, with
//! the place they arose; the page reads only `ErrorCode::Internal`.

use app::error::AppError;
use domain::ErrorCode;

use crate::error::ServiceError;

impl From<ServiceError> for ErrorCode {
    fn from(e: ServiceError) -> Self {
        e.logged_code()
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        e.logged_code();
        shown(&e)
    }
}

/// What the page shows for a refusal (nothing is logged).
pub fn shown(e: &ServiceError) -> AppError {
    match e {
        ServiceError::Field { field, code } => AppError::Field {
            label: field_label(field).to_string(),
            code: *code,
        },
        ServiceError::QuizQuestion { number, code } => AppError::Field {
            label: format!("题目第 {number} 题"),
            code: *code,
        },
        ServiceError::Detail { code, detail } => AppError::Field {
            label: detail.clone(),
            code: *code,
        },
        ServiceError::Throttled {
            retry_after_minutes,
        } => AppError::Throttled {
            retry_after_minutes: *retry_after_minutes,
        },
        other => AppError::Code(other.code()),
    }
}

/// A refusal equals the form error the page shows for it (tests state what members read).
impl PartialEq<AppError> for ServiceError {
    fn eq(&self, other: &AppError) -> bool {
        shown(self) == *other
    }
}

/// The label a form shows beside the field a service names (its form field's name).
pub fn field_label(field: &str) -> &str {
    FORM_LABELS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, label)| *label)
        .unwrap_or_else(|| app::members::field_label(field))
}

/// Field names are unique across the forms, so one table serves every feature.
const FORM_LABELS: &[(&str, &str)] = &[
    // probation and standing
    ("conversion_meeting_on", "支部党员大会日期"),
    ("conversion_entitled", "应到会有表决权党员"),
    ("conversion_in_favour", "赞成票"),
    ("conversion_against", "反对票"),
    ("conversion_abstaining", "弃权票"),
    ("conversion_decision", "审批决定"),
    ("conversion_months", "延长月数"),
    ("conversion_note", "审批意见"),
    ("standing_change", "党籍变更"),
    ("standing_on", "变更日期"),
    ("standing_reason", "变更原因"),
    // organizations
    ("org_name", "组织名称"),
    ("org_kind", "组织类别"),
    ("new_parent", "新的上级组织"),
    ("term_start", "换届选举日期"),
    ("term_years", "任期（年）"),
    ("position", "职务"),
    ("since", "任职日期"),
    ("leader", "班子成员"),
    // notices, suggestions, study
    ("title", "标题"),
    ("body", "内容"),
    ("reply", "答复内容"),
    ("photo", "照片"),
    ("column", "栏目"),
    ("article_body", "正文"),
    ("study_kind", "类型"),
    ("video_url", "视频地址"),
    ("publish_at", "发布时间"),
    ("audience", "面向"),
    // organizational life
    ("meeting_kind", "类型"),
    ("topic", "主题"),
    ("place", "地点"),
    ("starts_at", "开始时间"),
    ("ends_at", "结束时间"),
    ("sign_in_code", "签到码"),
    ("attendance", "出勤"),
    ("leave_reason", "请假事由"),
    ("host", "主持人"),
    ("recorder", "记录人"),
    ("minutes", "会议记录"),
    ("decisions", "决定事项"),
    ("review_comment", "审核意见"),
    // tasks
    ("task_title", "任务名称"),
    ("task_instructions", "任务要求"),
    ("deadline", "截止日期"),
    ("evidence", "完成标准"),
    ("unit", "单位"),
    ("addressed", "下发范围"),
    ("recipients", "接收对象"),
    ("under", "范围"),
    ("report_text", "完成情况"),
    ("report_number", "完成数量"),
    ("review_note", "验收意见"),
    // village assistance
    ("team_name", "工作队名称"),
    ("village", "驻点村"),
    ("starts_on", "进驻日期"),
    ("leader_mobile", "队长手机号"),
    ("member_mobiles", "队员手机号"),
    ("visited_on", "走访日期"),
    ("withdrawn_on", "撤回日期"),
    ("visit_content", "走访内容"),
    ("month", "月份"),
    ("summary", "工作小结"),
    // dues
    ("through", "交至月份"),
    ("correction_reason", "更正原因"),
    ("hardship_reason", "减免理由"),
    ("hardship_note", "审批意见"),
    ("arrears_reason", "欠交原因"),
    ("category", "党员类别"),
    ("base", "月交纳基数"),
    ("hardship_kind", "减免方式"),
    ("hardship_monthly", "减交后每月金额"),
    ("voluntary_amount", "自愿多交金额"),
    // the county's settings (their form names are the settings' own fields)
    ("term_lead_days", "换届提醒提前天数"),
    ("probation_lead_days", "转正提醒提前天数"),
    ("orglife_lead_days", "组织生活提醒提前天数"),
    ("task_lead_days", "党建任务提醒提前天数"),
    ("assistance_remind_from_day", "帮扶小结提醒起始日"),
    // the record trail's filters
    ("trail_org", "党组织"),
    ("trail_member", "党员"),
    ("trail_action", "操作"),
    ("trail_from", "起始日期"),
    ("trail_to", "截止日期"),
];
