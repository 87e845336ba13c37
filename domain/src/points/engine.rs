//! Applying the rule table to one action: preview and award share one
//! computation so what the member is told is exactly what gets booked.

use super::{Activity, ActivityKey, RuleTable};
use crate::date::Date;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// One booked award or deduction. Callers pass the member's relevant
/// ledger slice (at least the current year) back in for later actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub date: Date,
    pub activity_key: ActivityKey,
    pub points: i32,
}

/// What an action would earn (or cost) right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub activity_key: ActivityKey,
    /// Points before caps (0 when the table has no rule for the key).
    pub nominal: i32,
    /// Points after caps; negative for deductions.
    pub awarded: i32,
    /// Magnitude cut off by caps.
    pub lost_to_cap: i32,
    /// Room left today after this action, under the key's daily cap and,
    /// for study items, the overall study cap; `None` if uncapped.
    pub remaining_today: Option<i32>,
    pub remaining_month: Option<i32>,
    pub remaining_year: Option<i32>,
    pub rule_version: u32,
}

impl Preview {
    pub fn message_zh(&self) -> String {
        let label = self.activity_key.label_zh();
        if self.nominal == 0 {
            return format!("{label}不计积分");
        }
        if self.awarded == 0 {
            return format!("{label}已达积分上限，本次不计分");
        }
        let verb = if self.awarded > 0 { "获得" } else { "扣除" };
        let mut s = format!("{label}：本次{verb} {} 分", self.awarded.abs());
        if self.lost_to_cap > 0 {
            s.push_str(&format!("（已达上限，{} 分未计入）", self.lost_to_cap));
        }
        if let Some(r) = self.remaining_today {
            s.push_str(&format!("，今日还可{verb} {r} 分"));
        }
        s
    }
}

fn used(ledger: &[LedgerEntry], pred: impl Fn(&LedgerEntry) -> bool) -> i64 {
    ledger
        .iter()
        .filter(|e| pred(e))
        .map(|e| i64::from(e.points.unsigned_abs()))
        .sum()
}

fn room(cap: Option<i32>, used: i64) -> Option<i64> {
    cap.map(|c| (i64::from(c) - used).max(0))
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn compute(
    rules: &RuleTable,
    ledger: &[LedgerEntry],
    action: &Activity,
    today: Date,
) -> Result<Preview, ErrorCode> {
    rules.validate()?;
    let key = action.key();
    if let Activity::QuizCompleted { score_percent } = action {
        if *score_percent > 100 {
            return Err(ErrorCode::InvalidQuizScore);
        }
    }
    let Some(rule) = rules.rule(key) else {
        return Ok(Preview {
            activity_key: key,
            nominal: 0,
            awarded: 0,
            lost_to_cap: 0,
            remaining_today: None,
            remaining_month: None,
            remaining_year: None,
            rule_version: rules.version,
        });
    };
    let nominal = match action {
        Activity::QuizCompleted { score_percent } if *score_percent < 100 => {
            rule.imperfect_points.unwrap_or(rule.points)
        }
        _ => rule.points,
    };
    let magnitude = i64::from(nominal.unsigned_abs());

    let same_key = |e: &LedgerEntry| e.activity_key == key;
    let day = room(
        rule.cap_per_day,
        used(ledger, |e| same_key(e) && e.date == today),
    );
    let study = if key.is_study() {
        room(
            rules.daily_study_cap,
            used(ledger, |e| e.activity_key.is_study() && e.date == today),
        )
    } else {
        None
    };
    let month = room(
        rule.cap_per_month,
        used(ledger, |e| {
            same_key(e) && e.date.year() == today.year() && e.date.month() == today.month()
        }),
    );
    let year = room(
        rule.cap_per_year,
        used(ledger, |e| same_key(e) && e.date.year() == today.year()),
    );
    let today_room = min_opt(day, study);
    let allowed = min_opt(min_opt(today_room, month), year);
    let granted = allowed.map_or(magnitude, |a| a.min(magnitude));
    let after = |r: Option<i64>| r.map(|v| (v - granted) as i32);
    let awarded = (if nominal < 0 { -granted } else { granted }) as i32;
    Ok(Preview {
        activity_key: key,
        nominal,
        awarded,
        lost_to_cap: (magnitude - granted) as i32,
        remaining_today: after(today_room),
        remaining_month: after(month),
        remaining_year: after(year),
        rule_version: rules.version,
    })
}

/// What `action` on `today` would earn given the member's `ledger`.
pub fn preview(
    rules: &RuleTable,
    ledger: &[LedgerEntry],
    action: &Activity,
    today: Date,
) -> Result<Preview, ErrorCode> {
    compute(rules, ledger, action, today)
}

/// The entry to book for `action` on `today`. An action that earns nothing
/// (cap reached) still yields an entry with 0 points, so the record of
/// having done it is not lost.
pub fn award(
    rules: &RuleTable,
    ledger: &[LedgerEntry],
    action: &Activity,
    today: Date,
) -> Result<LedgerEntry, ErrorCode> {
    let p = compute(rules, ledger, action, today)?;
    Ok(LedgerEntry {
        date: today,
        activity_key: p.activity_key,
        points: p.awarded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orglife::MeetingKind;
    use crate::points::PointRule;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn run(rules: &RuleTable, ledger: &mut Vec<LedgerEntry>, a: Activity, day: &str) -> Preview {
        let p = preview(rules, ledger, &a, d(day)).unwrap();
        ledger.push(award(rules, ledger, &a, d(day)).unwrap());
        p
    }

    #[test]
    fn article_daily_cap_of_six() {
        let rules = RuleTable::default_county();
        let mut ledger = Vec::new();
        for i in 0..6 {
            let p = run(&rules, &mut ledger, Activity::ArticleRead, "2026-11-28");
            assert_eq!(p.awarded, 1);
            assert_eq!(p.remaining_today, Some(5 - i));
        }
        let p = run(&rules, &mut ledger, Activity::ArticleRead, "2026-11-28");
        assert_eq!(
            (p.awarded, p.lost_to_cap, p.remaining_today),
            (0, 1, Some(0))
        );
        assert_eq!(p.message_zh(), "阅读文章已达积分上限，本次不计分");
        // Next day starts fresh.
        let p = run(&rules, &mut ledger, Activity::ArticleRead, "2026-11-29");
        assert_eq!(p.awarded, 1);
    }

    #[test]
    fn quiz_full_marks_and_imperfect() {
        let rules = RuleTable::default_county();
        let mut ledger = Vec::new();
        let full = run(
            &rules,
            &mut ledger,
            Activity::QuizCompleted { score_percent: 100 },
            "2026-11-28",
        );
        assert_eq!(full.awarded, 2);
        let imperfect = run(
            &rules,
            &mut ledger,
            Activity::QuizCompleted { score_percent: 80 },
            "2026-11-28",
        );
        assert_eq!(imperfect.awarded, 1);
        // 3 used; two more full marks: 2, then 1 (cap 6).
        run(
            &rules,
            &mut ledger,
            Activity::QuizCompleted { score_percent: 100 },
            "2026-11-28",
        );
        let p = run(
            &rules,
            &mut ledger,
            Activity::QuizCompleted { score_percent: 100 },
            "2026-11-28",
        );
        assert_eq!((p.awarded, p.lost_to_cap), (1, 1));
        assert_eq!(
            preview(
                &rules,
                &ledger,
                &Activity::QuizCompleted { score_percent: 101 },
                d("2026-11-28")
            ),
            Err(ErrorCode::InvalidQuizScore)
        );
    }

    #[test]
    fn overall_daily_study_cap() {
        let rules = RuleTable::default_county(); // study cap 12/day
        let mut ledger = Vec::new();
        for _ in 0..6 {
            run(&rules, &mut ledger, Activity::ArticleRead, "2026-11-28");
            run(&rules, &mut ledger, Activity::VideoWatched, "2026-11-28");
        }
        let p = run(
            &rules,
            &mut ledger,
            Activity::QuizCompleted { score_percent: 100 },
            "2026-11-28",
        );
        assert_eq!(
            (p.awarded, p.lost_to_cap, p.remaining_today),
            (0, 2, Some(0))
        );
        // Non-study items are unaffected.
        let t = run(&rules, &mut ledger, Activity::TaskCompleted, "2026-11-28");
        assert_eq!((t.awarded, t.remaining_today), (3, None));
    }

    #[test]
    fn yearly_and_monthly_caps() {
        let rules = RuleTable::default_county();
        let mut ledger = Vec::new();
        let attend = Activity::OrgLifeAttended {
            meeting: MeetingKind::ThemePartyDay,
        };
        for m in 1..=12 {
            let p = run(&rules, &mut ledger, attend, &format!("2026-{m:02}-08"));
            assert_eq!(p.awarded, 3);
        }
        let p = run(&rules, &mut ledger, attend, "2026-12-20");
        assert_eq!((p.awarded, p.remaining_year), (0, Some(0)));
        let p = run(&rules, &mut ledger, attend, "2027-01-08");
        assert_eq!((p.awarded, p.remaining_year), (3, Some(33)));

        let dues = run(&rules, &mut ledger, Activity::DuesPaidOnTime, "2026-11-05");
        assert_eq!((dues.awarded, dues.remaining_month), (1, Some(0)));
        let again = run(&rules, &mut ledger, Activity::DuesPaidOnTime, "2026-11-25");
        assert_eq!(again.awarded, 0);
    }

    #[test]
    fn deductions_are_negative_and_capped_by_magnitude() {
        let rules = RuleTable::default_county();
        let mut ledger = Vec::new();
        let absent = Activity::OrgLifeAbsentUnexcused {
            meeting: MeetingKind::BranchAssembly,
        };
        let p = run(&rules, &mut ledger, absent, "2026-03-30");
        assert_eq!(p.awarded, -5);
        assert_eq!(p.message_zh(), "无故缺席组织生活：本次扣除 5 分");
        let a = run(&rules, &mut ledger, Activity::DuesArrears, "2026-03-31");
        assert_eq!(a.awarded, -2);
        let again = run(&rules, &mut ledger, Activity::DuesArrears, "2026-03-31");
        assert_eq!((again.awarded, again.lost_to_cap), (0, 2));
    }

    #[test]
    fn missing_rule_scores_nothing() {
        let rules = RuleTable {
            version: 3,
            rules: vec![PointRule::new(ActivityKey::ArticleRead, 1)],
            daily_study_cap: None,
        };
        let p = preview(&rules, &[], &Activity::TaskCompleted, d("2026-11-28")).unwrap();
        assert_eq!((p.nominal, p.awarded, p.rule_version), (0, 0, 3));
        assert_eq!(p.message_zh(), "完成任务不计积分");
        let uncapped = preview(&rules, &[], &Activity::ArticleRead, d("2026-11-28")).unwrap();
        assert_eq!((uncapped.awarded, uncapped.remaining_today), (1, None));
    }

    #[test]
    fn message_mentions_remaining() {
        let rules = RuleTable::default_county();
        let p = preview(&rules, &[], &Activity::VideoWatched, d("2026-11-28")).unwrap();
        assert_eq!(p.message_zh(), "观看视频：本次获得 1 分，今日还可获得 5 分");
    }

    #[test]
    fn invalid_table_is_refused() {
        let rules = RuleTable {
            version: 0,
            rules: vec![],
            daily_study_cap: None,
        };
        assert_eq!(
            award(&rules, &[], &Activity::ArticleRead, d("2026-11-28")),
            Err(ErrorCode::InvalidRuleTable)
        );
    }
}
