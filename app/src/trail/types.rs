use serde::{Deserialize, Serialize};

use crate::members::FieldChange;

/// The filters of `/trail`, as typed (the page's query string): an organization and a member
/// by name or number, a step or a kind of step, and a range of days in China time. `before`
/// pages back from an event's number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrailFilter {
    pub org: String,
    pub member: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub before: Option<i64>,
}

/// One event as the page shows it: the records' personal data masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailEvent {
    pub seq: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    /// The record the step was taken on: its table and key.
    pub entity: String,
    pub entity_id: Option<String>,
    /// Each field before and after (a new record: only after).
    pub changes: Vec<FieldChange>,
    pub hash: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailView {
    /// The organization and member the filters named, as found (name and number).
    pub org: Option<String>,
    pub member: Option<String>,
    /// Newest first, one page.
    pub events: Vec<TrailEvent>,
    /// The `before` of the next (older) page, when there is one.
    pub older: Option<i64>,
}

/// The whole chain checked, on demand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailCheck {
    pub intact: bool,
    pub events: i64,
    pub rows_checked: u64,
    pub head_hash: String,
    pub problems: Vec<String>,
}

/// A kind of step and its steps, each with the words the page uses.
pub struct StepKind {
    pub key: &'static str,
    pub label: &'static str,
    pub steps: &'static [(&'static str, &'static str)],
}

/// The kinds of step, each with its steps: the page's action filter offers exactly these
/// (a kind takes every step of it), and the list names each event by them.
pub const TRAIL_ACTIONS: &[StepKind] = &[
    StepKind {
        key: "org",
        label: "党组织",
        steps: &[
            ("org.create", "新建组织"),
            ("org.rename", "更名"),
            ("org.move", "调整隶属"),
            ("org.dissolve", "撤销"),
            ("org.merge", "并入其他支部"),
            ("org.term", "换届"),
            ("org.update", "修改组织信息"),
            ("org.follow", "随上级调整"),
            ("org.import", "导入组织"),
        ],
    },
    StepKind {
        key: "leader",
        label: "班子",
        steps: &[("leader.appoint", "任职"), ("leader.remove", "免职")],
    },
    StepKind {
        key: "member",
        label: "党员",
        steps: &[
            ("member.update", "修改档案"),
            ("member.import", "导入党员"),
            ("member.merge", "随支部合并转入"),
            ("member.standing", "党籍状态变更"),
            ("member.convert", "批准转正"),
            ("member.extend_probation", "延长预备期"),
            ("member.revoke_probation", "取消预备党员资格"),
        ],
    },
    StepKind {
        key: "conversion",
        label: "转正",
        steps: &[
            ("conversion.propose", "报请转正"),
            ("conversion.decide", "审批转正"),
            ("conversion.withdraw", "转正申请撤回（党籍状态变更）"),
        ],
    },
    StepKind {
        key: "account",
        label: "账号",
        steps: &[
            ("account.create", "开通账号"),
            ("account.link", "关联账号"),
            ("account.reset", "重置密码"),
            ("account.password", "修改密码"),
            ("account.mobile", "更换手机号"),
            ("account.disable", "停用"),
            ("account.enable", "启用"),
            ("account.sign_out", "全部下线"),
            ("account.merge", "随支部合并"),
        ],
    },
    StepKind {
        key: "role",
        label: "管理角色",
        steps: &[("role.grant", "授予"), ("role.revoke", "收回")],
    },
    StepKind {
        key: "meeting",
        label: "组织生活",
        steps: &[
            ("meeting.plan", "计划"),
            ("meeting.record", "记录"),
            ("meeting.attendance", "签到"),
            ("meeting.photo", "照片"),
            ("meeting.submit", "提交审核"),
            ("meeting.review", "审核"),
        ],
    },
    StepKind {
        key: "points",
        label: "积分",
        steps: &[("points.award", "记分")],
    },
    StepKind {
        key: "dues",
        label: "党费",
        steps: &[
            ("dues.payment", "缴纳"),
            ("dues.base.submit", "申报基数"),
            ("dues.base.confirm", "核定基数"),
            ("dues.base.correct", "更正基数"),
            ("dues.hardship.propose", "申请减免"),
            ("dues.hardship.approve", "批准减免"),
            ("dues.hardship.reject", "不予减免"),
            ("dues.arrears.note", "欠缴说明"),
            ("dues.quarterly", "按季缴纳设置"),
        ],
    },
    StepKind {
        key: "notice",
        label: "通知",
        steps: &[("notice.post", "发布"), ("notice.follow", "随组织调整")],
    },
    StepKind {
        key: "suggestion",
        label: "意见建议",
        steps: &[
            ("suggestion.submit", "提出"),
            ("suggestion.reply", "答复"),
            ("suggestion.forward", "转交"),
            ("suggestion.adopt", "采纳"),
        ],
    },
    StepKind {
        key: "study",
        label: "学习资料",
        steps: &[
            ("study.publish", "发布"),
            ("study.update", "修改"),
            ("study.withdraw", "撤回"),
        ],
    },
    StepKind {
        key: "assistance",
        label: "结对帮扶",
        steps: &[
            ("assistance.station", "帮扶点"),
            ("assistance.visit", "走访"),
            ("assistance.summary", "总结"),
            ("assistance.update", "修改"),
        ],
    },
    StepKind {
        key: "settings",
        label: "县级设置",
        steps: &[
            ("settings.point_rules", "积分规则"),
            ("settings.list_policy", "榜单划分"),
            ("settings.visibility", "排名可见范围"),
            ("settings.orglife", "组织生活要求"),
            ("settings.deadlines", "提醒时间"),
            ("settings.dues", "党费计算"),
        ],
    },
    StepKind {
        key: "roster",
        label: "花名册",
        steps: &[("roster.export", "导出")],
    },
    StepKind {
        key: "seed",
        label: "演示数据",
        steps: &[("seed.import", "载入")],
    },
];

/// Whether the action filter names a kind (`meeting`) or a step (`meeting.plan`) the page offers.
pub fn known_action(filter: &str) -> bool {
    TRAIL_ACTIONS
        .iter()
        .any(|k| k.key == filter || k.steps.iter().any(|(a, _)| *a == filter))
}

/// An event's step as the list names it (`党组织 · 调整隶属`); an unlisted one as stored.
pub fn action_label(action: &str) -> String {
    let kind = action.split('.').next().unwrap_or_default();
    TRAIL_ACTIONS
        .iter()
        .find(|k| k.key == kind)
        .and_then(|k| {
            let (_, step) = k.steps.iter().find(|(a, _)| *a == action)?;
            Some(format!("{} · {step}", k.label))
        })
        .unwrap_or_else(|| action.to_string())
}

/// The records the trail names, as the page names them; an unlisted one as stored.
pub fn record_label(entity: &str) -> &str {
    match entity {
        "organizations" => "党组织",
        "members" => "党员",
        "accounts" => "账号",
        "role_grants" => "管理角色",
        "leadership" => "班子成员",
        "meetings" => "组织生活",
        "points_ledger" => "积分",
        "dues_payments" => "党费缴纳",
        "dues_bases" => "党费基数",
        "dues_hardship" => "党费减免",
        "dues_arrears_notes" => "欠交说明",
        "dues_branch_settings" => "支部党费设置",
        "notices" => "通知",
        "conversions" => "转正申请",
        "suggestions" => "意见建议",
        "study_items" => "学习资料",
        "assistance_teams" => "驻村工作队",
        "settings" => "县级设置",
        "roster_exports" => "花名册导出",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_steps_are_known_and_named() {
        assert!(known_action("org"));
        assert!(known_action("org.move"));
        assert!(!known_action("org.mo"));
        assert!(!known_action("login"));
        assert_eq!(action_label("org.move"), "党组织 · 调整隶属");
        assert_eq!(action_label("x.y"), "x.y");
        // Every step sits under its own kind.
        for kind in TRAIL_ACTIONS {
            for (a, _) in kind.steps {
                assert_eq!(a.split('.').next(), Some(kind.key), "{a}");
            }
        }
    }
}
