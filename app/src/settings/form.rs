//! The settings forms as posted (`name="table[article_read_points]"` …), read into the
//! domain's types. Every refusal names the rule or field in the form's own words.

use std::collections::HashMap;

use domain::{
    deadlines::{DeadlineSettings, LEAD_TIMES},
    points::{ActivityKey, PointRule, RuleTable, ScoreWeights},
    ranking::{BlackTriggers, ListMode, ListPolicy},
    Date, ErrorCode,
};

use crate::error::AppError;

fn field(label: impl Into<String>, code: ErrorCode) -> AppError {
    AppError::Field {
        label: label.into(),
        code,
    }
}

/// A whole number, or `None` when the field is blank or absent.
fn number<T: std::str::FromStr>(
    form: &HashMap<String, String>,
    name: &str,
    label: &str,
    code: ErrorCode,
) -> Result<Option<T>, AppError> {
    match form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| field(label, code)),
    }
}

/// The form names of one rule's fields.
pub fn rule_field(key: ActivityKey, part: &str) -> String {
    format!("{}_{part}", key.code())
}

/// The table and the day it starts. A rule left unticked is not scored; a deduction is typed
/// as the points taken away (`5` for −5).
pub fn rule_table(form: &HashMap<String, String>) -> Result<(RuleTable, Date), AppError> {
    let mut rules = Vec::new();
    for key in ActivityKey::ALL.iter().copied() {
        if !form.contains_key(&rule_field(key, "on")) {
            continue;
        }
        let label = key.label_zh();
        let points: i32 = number(
            form,
            &rule_field(key, "points"),
            label,
            ErrorCode::InvalidPoints,
        )?
        .ok_or_else(|| field(label, ErrorCode::InvalidPoints))?;
        let cap = |part: &str| {
            number::<i32>(
                form,
                &rule_field(key, part),
                label,
                ErrorCode::InvalidRuleTable,
            )
        };
        let rule = PointRule {
            key,
            points: if key.is_deduction() {
                -points.abs()
            } else {
                points
            },
            imperfect_points: if key == ActivityKey::QuizCompleted {
                number(
                    form,
                    &rule_field(key, "imperfect"),
                    label,
                    ErrorCode::InvalidPoints,
                )?
            } else {
                None
            },
            cap_per_day: cap("day")?,
            cap_per_month: cap("month")?,
            cap_per_year: cap("year")?,
        };
        rule.validate().map_err(|c| field(label, c))?;
        rules.push(rule);
    }
    let daily_study_cap = number(
        form,
        "study_cap",
        "学习类每日上限",
        ErrorCode::InvalidRuleTable,
    )?;
    let table = RuleTable {
        // The server numbers versions; any valid number passes the check here.
        version: 1,
        rules,
        daily_study_cap,
    };
    table.validate().map_err(|c| field("学习类每日上限", c))?;
    let from = form
        .get("from")
        .and_then(|v| Date::parse(v.trim()).ok())
        .ok_or_else(|| field("生效日期", ErrorCode::InvalidDate))?;
    Ok((table, from))
}

/// The composite score's weights: four whole numbers (relative, any scale, not all zero) and the
/// average points that count as full marks.
pub fn score_weights(form: &HashMap<String, String>) -> Result<ScoreWeights, AppError> {
    let bad = ErrorCode::InvalidWeights;
    let weight = |name: &str, label: &str| -> Result<u32, AppError> {
        number::<i64>(form, name, label, bad)?
            .and_then(|v| u32::try_from(v).ok())
            .filter(|v| *v <= 1000)
            .ok_or_else(|| field(label, bad))
    };
    let weights = ScoreWeights {
        points: weight("points", "积分权重")?,
        org_life: weight("org_life", "组织生活权重")?,
        tasks: weight("tasks", "任务完成权重")?,
        dues: weight("dues", "党费收缴权重")?,
        points_full_scale: number::<i64>(form, "points_full_scale", "积分满分线", bad)?
            .filter(|v| (1..=100_000).contains(v))
            .ok_or_else(|| field("积分满分线", bad))?,
    };
    weights.validate().map_err(|c| field("综合评分权重", c))?;
    Ok(weights)
}

/// How the lists are drawn; a blank black-list trigger is switched off.
pub fn list_policy(form: &HashMap<String, String>) -> Result<ListPolicy, AppError> {
    let bad = ErrorCode::InvalidListPolicy;
    let required = |name: &str, label: &str| -> Result<i64, AppError> {
        number(form, name, label, bad)?.ok_or_else(|| field(label, bad))
    };
    let pct = |name: &str, label: &str| -> Result<u8, AppError> {
        u8::try_from(required(name, label)?)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| field(label, bad))
    };
    let mode = match form.get("mode").map(String::as_str) {
        Some("percentile") => ListMode::Percentile {
            gold_top_pct: pct("gold_top_pct", "金榜比例")?,
            silver_top_pct: pct("silver_top_pct", "银榜比例")?,
            yellow_bottom_pct: pct("yellow_bottom_pct", "黄榜比例")?,
        },
        Some("absolute") => ListMode::Absolute {
            gold_min: required("gold_min", "金榜分数线")?,
            silver_min: required("silver_min", "银榜分数线")?,
            yellow_max: required("yellow_max", "黄榜分数线")?,
        },
        _ => return Err(field("划分方式", bad)),
    };
    let policy = ListPolicy {
        mode,
        black_triggers: BlackTriggers {
            org_life_absent_unexcused_min: number(form, "absent_min", "黑榜：无故缺席次数", bad)?,
            dues_arrears_months_min: number(form, "arrears_months", "黑榜：欠交党费月数", bad)?,
        },
    };
    policy.validate().map_err(|c| field("榜单划分", c))?;
    Ok(policy)
}

/// The lead-times form: each field a whole number (its range is the domain's to check).
pub fn deadlines(
    form: &HashMap<String, String>,
    current: DeadlineSettings,
) -> Result<DeadlineSettings, AppError> {
    let mut lead = current;
    for (name, label, _) in LEAD_TIMES {
        let value: u32 = number(form, name, label, ErrorCode::InvalidLeadTime)?
            .ok_or_else(|| field(label, ErrorCode::InvalidLeadTime))?;
        match name {
            "term_lead_days" => lead.term_lead_days = value,
            "probation_lead_days" => lead.probation_lead_days = value,
            "orglife_lead_days" => lead.orglife_lead_days = value,
            "task_lead_days" => lead.task_lead_days = value,
            "alert_no_study_days" => lead.alert_no_study_days = value,
            _ => {
                lead.assistance_remind_from_day =
                    u8::try_from(value).map_err(|_| field(label, ErrorCode::InvalidLeadTime))?
            }
        }
    }
    Ok(lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn a_table_reads_ticked_rules_with_deductions_as_negative() {
        let (t, from) = rule_table(&form(&[
            ("article_read_on", "on"),
            ("article_read_points", "2"),
            ("article_read_day", "8"),
            ("org_life_absent_unexcused_on", "on"),
            ("org_life_absent_unexcused_points", "5"),
            ("video_watched_points", "1"),
            ("study_cap", "10"),
            ("from", "2026-12-06"),
        ]))
        .unwrap();
        assert_eq!(from, Date::parse("2026-12-06").unwrap());
        assert_eq!(t.rules.len(), 2);
        let article = t.rule(ActivityKey::ArticleRead).unwrap();
        assert_eq!((article.points, article.cap_per_day), (2, Some(8)));
        assert_eq!(
            t.rule(ActivityKey::OrgLifeAbsentUnexcused).unwrap().points,
            -5
        );
        assert!(t.rule(ActivityKey::VideoWatched).is_none());
        assert_eq!(t.daily_study_cap, Some(10));
    }

    #[test]
    fn a_bad_value_names_its_rule() {
        let err = rule_table(&form(&[
            ("article_read_on", "on"),
            ("article_read_points", "abc"),
            ("from", "2026-12-06"),
        ]))
        .unwrap_err();
        assert_eq!(err.to_string(), "阅读文章：积分数值不正确");
        let err = rule_table(&form(&[
            ("article_read_on", "on"),
            ("article_read_points", "2000"),
            ("from", "2026-12-06"),
        ]))
        .unwrap_err();
        assert!(err.to_string().starts_with("阅读文章："));
    }

    #[test]
    fn lists_by_score_lines_with_a_trigger_off() {
        let p = list_policy(&form(&[
            ("mode", "absolute"),
            ("gold_min", "100"),
            ("silver_min", "50"),
            ("yellow_max", "10"),
            ("absent_min", "2"),
            ("arrears_months", ""),
        ]))
        .unwrap();
        assert_eq!(
            p.mode,
            ListMode::Absolute {
                gold_min: 100,
                silver_min: 50,
                yellow_max: 10
            }
        );
        assert_eq!(p.black_triggers.dues_arrears_months_min, None);
        let err = list_policy(&form(&[
            ("mode", "absolute"),
            ("gold_min", "10"),
            ("silver_min", "50"),
            ("yellow_max", "10"),
        ]))
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidListPolicy);
    }
}
