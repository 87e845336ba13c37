use domain::{
    deadlines::DeadlineSettings, dues::Rounding, points::RuleTable, ranking::ListPolicy, Date,
};
use serde::{Deserialize, Serialize};

use crate::members::HistoryEntry;

/// What `/admin/settings` shows a county administrator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub today: Date,
    /// The table in force today, and the day it started (`None`: the built-in one).
    pub rules: RuleTable,
    pub rules_from: Option<Date>,
    /// A table set to start after today, with its day.
    pub scheduled: Option<(Date, RuleTable)>,
    pub lists: ListPolicy,
    /// How long before each deadline its reminder goes out.
    pub deadlines: DeadlineSettings,
    /// How percentage dues are rounded.
    pub dues_rounding: Rounding,
    /// The weights of the composite score's parts.
    pub weights: domain::points::ScoreWeights,
    /// The settings' trail events, newest first.
    pub history: Vec<HistoryEntry>,
}

/// A settings event's kind, as the change list names it.
pub fn settings_action_label(action: &str) -> &'static str {
    match action {
        "settings.point_rules" => "积分规则",
        "settings.list_policy" => "榜单划分",
        "settings.visibility" => "排名可见范围",
        "settings.orglife" => "组织生活要求",
        "settings.deadlines" => "提醒提前量",
        "settings.dues" => "党费计算",
        "settings.score_weights" => "综合评分权重",
        _ => "设置",
    }
}
