//! Rules in plain Chinese, so members can read exactly what is scored.

use super::{ActivityKey, PointRule, RuleTable};

/// E.g. `阅读文章：每篇 1 分，每日最多 6 分`.
pub fn describe_rule(rule: &PointRule) -> String {
    let key = rule.key;
    let deduct = if rule.points < 0 { "扣" } else { "" };
    let unit = key.unit_zh();
    let mut s = format!("{}：", key.label_zh());
    match rule.imperfect_points {
        Some(imperfect) if key == ActivityKey::QuizCompleted => s.push_str(&format!(
            "满分每{unit} {} 分，未满分每{unit} {imperfect} 分",
            rule.points
        )),
        _ => s.push_str(&format!("每{unit}{deduct} {} 分", rule.points.abs())),
    }
    for (cap, period) in [
        (rule.cap_per_day, "每日"),
        (rule.cap_per_month, "每月"),
        (rule.cap_per_year, "每年"),
    ] {
        if let Some(c) = cap {
            s.push_str(&format!("，{period}最多{deduct} {c} 分"));
        }
    }
    s
}

/// One line per rule, then the overall study cap if any.
pub fn describe_table(table: &RuleTable) -> Vec<String> {
    let mut lines: Vec<String> = table.rules.iter().map(describe_rule).collect();
    if let Some(cap) = table.daily_study_cap {
        lines.push(format!(
            "学习类（阅读文章、观看视频、在线答题）合计每日最多 {cap} 分"
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_default_table() {
        let lines = describe_table(&RuleTable::default_county());
        assert_eq!(
            lines,
            [
                "阅读文章：每篇 1 分，每日最多 6 分",
                "观看视频：每个 1 分，每日最多 6 分",
                "在线答题：满分每次 2 分，未满分每次 1 分，每日最多 6 分",
                "参加组织生活：每次 3 分，每年最多 36 分",
                "意见建议被采纳：每条 5 分，每年最多 20 分",
                "完成任务：每项 3 分",
                "按时交纳党费：每月 1 分，每月最多 1 分",
                "无故缺席组织生活：每次扣 5 分",
                "欠交党费：每月扣 2 分，每月最多扣 2 分",
                "学习类（阅读文章、观看视频、在线答题）合计每日最多 12 分",
            ]
        );
    }
}
