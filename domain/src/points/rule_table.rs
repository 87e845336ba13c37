use super::ActivityKey;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Sanity bound: no single item in any published scheme is worth this much,
/// so a larger value is a typo (e.g. 100 for 1.00).
const MAX_POINTS_PER_ITEM: i32 = 1_000;
const MAX_CAP: i32 = 1_000_000;

/// Points for one activity. Caps bound the magnitude of the key's total in a
/// calendar day / month / year, so for deductions they limit how much can
/// be taken away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointRule {
    pub key: ActivityKey,
    /// Negative for deductions.
    pub points: i32,
    /// Quizzes only: points when the score is below 100%.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imperfect_points: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_day: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_month: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_year: Option<i32>,
}

impl PointRule {
    pub fn new(key: ActivityKey, points: i32) -> PointRule {
        PointRule {
            key,
            points,
            imperfect_points: None,
            cap_per_day: None,
            cap_per_month: None,
            cap_per_year: None,
        }
    }

    fn per_day(mut self, cap: i32) -> Self {
        self.cap_per_day = Some(cap);
        self
    }
    fn per_month(mut self, cap: i32) -> Self {
        self.cap_per_month = Some(cap);
        self
    }
    fn per_year(mut self, cap: i32) -> Self {
        self.cap_per_year = Some(cap);
        self
    }

    pub fn validate(&self) -> Result<(), ErrorCode> {
        let sign_ok = if self.key.is_deduction() {
            self.points < 0
        } else {
            self.points > 0
        };
        if !sign_ok || self.points.abs() > MAX_POINTS_PER_ITEM {
            return Err(ErrorCode::InvalidPoints);
        }
        match (self.key, self.imperfect_points) {
            (_, None) => {}
            (ActivityKey::QuizCompleted, Some(p)) if (0..=self.points).contains(&p) => {}
            _ => return Err(ErrorCode::InvalidPoints),
        }
        let caps = [self.cap_per_day, self.cap_per_month, self.cap_per_year];
        if caps.iter().flatten().any(|c| !(1..=MAX_CAP).contains(c)) {
            return Err(ErrorCode::InvalidRuleTable);
        }
        Ok(())
    }
}

/// A county's scoring scheme. Versioned so every ledger entry can be traced
/// to the rules in force when it was awarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RuleTableUnchecked")]
pub struct RuleTable {
    pub version: u32,
    pub rules: Vec<PointRule>,
    /// Overall daily cap across study items (articles, videos, quizzes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_study_cap: Option<i32>,
}

#[derive(Deserialize)]
struct RuleTableUnchecked {
    version: u32,
    rules: Vec<PointRule>,
    #[serde(default)]
    daily_study_cap: Option<i32>,
}

impl TryFrom<RuleTableUnchecked> for RuleTable {
    type Error = ErrorCode;
    fn try_from(u: RuleTableUnchecked) -> Result<Self, ErrorCode> {
        let t = RuleTable {
            version: u.version,
            rules: u.rules,
            daily_study_cap: u.daily_study_cap,
        };
        t.validate()?;
        Ok(t)
    }
}

impl RuleTable {
    /// The widely published daily-capped study scheme, minus its login
    /// point (scoring logins is forbidden), plus the usual 三会一课,
    /// task, suggestion and dues items.
    pub fn default_county() -> RuleTable {
        use ActivityKey::*;
        RuleTable {
            version: 1,
            rules: vec![
                PointRule::new(ArticleRead, 1).per_day(6),
                PointRule::new(VideoWatched, 1).per_day(6),
                PointRule {
                    imperfect_points: Some(1),
                    ..PointRule::new(QuizCompleted, 2).per_day(6)
                },
                PointRule::new(OrgLifeAttended, 3).per_year(36),
                PointRule::new(SuggestionAdopted, 5).per_year(20),
                PointRule::new(TaskCompleted, 3),
                PointRule::new(DuesPaidOnTime, 1).per_month(1),
                PointRule::new(OrgLifeAbsentUnexcused, -5),
                PointRule::new(DuesArrears, -2).per_month(2),
            ],
            daily_study_cap: Some(12),
        }
    }

    pub fn validate(&self) -> Result<(), ErrorCode> {
        if self.version == 0 {
            return Err(ErrorCode::InvalidRuleTable);
        }
        let mut seen = HashSet::new();
        for r in &self.rules {
            if !seen.insert(r.key) {
                return Err(ErrorCode::InvalidRuleTable);
            }
            r.validate()?;
        }
        if let Some(c) = self.daily_study_cap {
            if !(1..=MAX_CAP).contains(&c) {
                return Err(ErrorCode::InvalidRuleTable);
            }
        }
        Ok(())
    }

    pub fn rule(&self, key: ActivityKey) -> Option<&PointRule> {
        self.rules.iter().find(|r| r.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_is_valid_and_has_no_login() {
        let t = RuleTable::default_county();
        assert_eq!(t.validate(), Ok(()));
        let article = t.rule(ActivityKey::ArticleRead).unwrap();
        assert_eq!((article.points, article.cap_per_day), (1, Some(6)));
        let quiz = t.rule(ActivityKey::QuizCompleted).unwrap();
        assert_eq!(
            (quiz.points, quiz.imperfect_points, quiz.cap_per_day),
            (2, Some(1), Some(6))
        );
        assert_eq!(
            t.rule(ActivityKey::OrgLifeAbsentUnexcused).unwrap().points,
            -5
        );
        assert_eq!(t.rule(ActivityKey::DuesArrears).unwrap().points, -2);
        let json = serde_json::to_string(&t).unwrap();
        assert!(!json.contains("login"));
        assert_eq!(serde_json::from_str::<RuleTable>(&json).unwrap(), t);
    }

    #[test]
    fn rejects_forbidden_and_unknown_keys_on_load() {
        let login = r#"{"version":2,"rules":[{"key":"login","points":1,"cap_per_day":1}]}"#;
        let err = serde_json::from_str::<RuleTable>(login)
            .unwrap_err()
            .to_string();
        assert!(err.contains("登录"), "{err}");
        let online = r#"{"version":2,"rules":[{"key":"online_minutes","points":1}]}"#;
        assert!(serde_json::from_str::<RuleTable>(online).is_err());
        let unknown = r#"{"version":2,"rules":[{"key":"karaoke","points":1}]}"#;
        let err = serde_json::from_str::<RuleTable>(unknown)
            .unwrap_err()
            .to_string();
        assert!(err.contains("积分项目不存在"), "{err}");
    }

    #[test]
    fn validation_errors() {
        let mut t = RuleTable::default_county();
        t.version = 0;
        assert_eq!(t.validate(), Err(ErrorCode::InvalidRuleTable));

        let mut t = RuleTable::default_county();
        t.rules.push(PointRule::new(ActivityKey::ArticleRead, 1));
        assert_eq!(
            t.validate(),
            Err(ErrorCode::InvalidRuleTable),
            "duplicate key"
        );

        let bad_sign = RuleTable {
            version: 1,
            rules: vec![PointRule::new(ActivityKey::DuesArrears, 2)],
            daily_study_cap: None,
        };
        assert_eq!(bad_sign.validate(), Err(ErrorCode::InvalidPoints));

        let positive_negative = RuleTable {
            version: 1,
            rules: vec![PointRule::new(ActivityKey::TaskCompleted, -1)],
            daily_study_cap: None,
        };
        assert_eq!(positive_negative.validate(), Err(ErrorCode::InvalidPoints));

        let imperfect_too_high = PointRule {
            imperfect_points: Some(3),
            ..PointRule::new(ActivityKey::QuizCompleted, 2)
        };
        assert_eq!(imperfect_too_high.validate(), Err(ErrorCode::InvalidPoints));
        let imperfect_elsewhere = PointRule {
            imperfect_points: Some(1),
            ..PointRule::new(ActivityKey::ArticleRead, 2)
        };
        assert_eq!(
            imperfect_elsewhere.validate(),
            Err(ErrorCode::InvalidPoints)
        );
        assert_eq!(
            PointRule::new(ActivityKey::ArticleRead, 1)
                .per_day(0)
                .validate(),
            Err(ErrorCode::InvalidRuleTable)
        );
        assert_eq!(
            PointRule::new(ActivityKey::ArticleRead, 5000).validate(),
            Err(ErrorCode::InvalidPoints)
        );
        let zero_cap = RuleTable {
            daily_study_cap: Some(0),
            ..RuleTable::default_county()
        };
        assert_eq!(zero_cap.validate(), Err(ErrorCode::InvalidRuleTable));
    }
}
