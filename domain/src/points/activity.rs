use crate::error::ErrorCode;
use crate::orglife::MeetingKind;
use serde::{Deserialize, Serialize};

/// Keys that other platforms score and this one must not (docs/rules.md#what-may-not-be-scored).
/// Recognised only to give a specific error instead of "unknown".
const FORBIDDEN_KEYS: &[&str] = &[
    "login",
    "daily_login",
    "sign_in",
    "check_in",
    "online_time",
    "online_minutes",
    "online_hours",
    "click",
    "clicks",
    "page_view",
    "share",
    "like",
];

/// Which rule an activity is scored under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum ActivityKey {
    ArticleRead,
    VideoWatched,
    QuizCompleted,
    OrgLifeAttended,
    SuggestionAdopted,
    TaskCompleted,
    DuesPaidOnTime,
    OrgLifeAbsentUnexcused,
    DuesArrears,
}

impl ActivityKey {
    pub const ALL: &'static [ActivityKey] = &[
        ActivityKey::ArticleRead,
        ActivityKey::VideoWatched,
        ActivityKey::QuizCompleted,
        ActivityKey::OrgLifeAttended,
        ActivityKey::SuggestionAdopted,
        ActivityKey::TaskCompleted,
        ActivityKey::DuesPaidOnTime,
        ActivityKey::OrgLifeAbsentUnexcused,
        ActivityKey::DuesArrears,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKey::ArticleRead => "article_read",
            ActivityKey::VideoWatched => "video_watched",
            ActivityKey::QuizCompleted => "quiz_completed",
            ActivityKey::OrgLifeAttended => "org_life_attended",
            ActivityKey::SuggestionAdopted => "suggestion_adopted",
            ActivityKey::TaskCompleted => "task_completed",
            ActivityKey::DuesPaidOnTime => "dues_paid_on_time",
            ActivityKey::OrgLifeAbsentUnexcused => "org_life_absent_unexcused",
            ActivityKey::DuesArrears => "dues_arrears",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ActivityKey::ArticleRead => "阅读文章",
            ActivityKey::VideoWatched => "观看视频",
            ActivityKey::QuizCompleted => "在线答题",
            ActivityKey::OrgLifeAttended => "参加组织生活",
            ActivityKey::SuggestionAdopted => "意见建议被采纳",
            ActivityKey::TaskCompleted => "完成任务",
            ActivityKey::DuesPaidOnTime => "按时交纳党费",
            ActivityKey::OrgLifeAbsentUnexcused => "无故缺席组织生活",
            ActivityKey::DuesArrears => "欠交党费",
        }
    }

    /// Counting word for "每篇 / 每个 / 每次".
    pub fn unit_zh(self) -> &'static str {
        match self {
            ActivityKey::ArticleRead => "篇",
            ActivityKey::VideoWatched => "个",
            ActivityKey::SuggestionAdopted => "条",
            ActivityKey::TaskCompleted => "项",
            ActivityKey::DuesPaidOnTime | ActivityKey::DuesArrears => "月",
            ActivityKey::QuizCompleted
            | ActivityKey::OrgLifeAttended
            | ActivityKey::OrgLifeAbsentUnexcused => "次",
        }
    }

    /// Study items share the optional overall daily study cap.
    pub fn is_study(self) -> bool {
        matches!(
            self,
            ActivityKey::ArticleRead | ActivityKey::VideoWatched | ActivityKey::QuizCompleted
        )
    }

    pub fn is_deduction(self) -> bool {
        matches!(
            self,
            ActivityKey::OrgLifeAbsentUnexcused | ActivityKey::DuesArrears
        )
    }

    pub fn parse(s: &str) -> Result<ActivityKey, ErrorCode> {
        let s = s.trim();
        if let Some(k) = ActivityKey::ALL.iter().copied().find(|k| k.code() == s) {
            return Ok(k);
        }
        if FORBIDDEN_KEYS.contains(&s.to_ascii_lowercase().as_str()) {
            Err(ErrorCode::ForbiddenActivity)
        } else {
            Err(ErrorCode::UnknownActivity)
        }
    }
}

impl TryFrom<String> for ActivityKey {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        ActivityKey::parse(&s)
    }
}

impl From<ActivityKey> for &'static str {
    fn from(k: ActivityKey) -> &'static str {
        k.code()
    }
}

impl core::fmt::Display for ActivityKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.label_zh())
    }
}

/// Something a member did (or failed to do) that the rule table may score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Activity {
    ArticleRead,
    VideoWatched,
    /// Full marks earn the rule's points, anything less its imperfect points.
    QuizCompleted {
        score_percent: u8,
    },
    OrgLifeAttended {
        meeting: MeetingKind,
    },
    SuggestionAdopted,
    TaskCompleted,
    DuesPaidOnTime,
    OrgLifeAbsentUnexcused {
        meeting: MeetingKind,
    },
    DuesArrears,
}

impl Activity {
    pub fn key(&self) -> ActivityKey {
        match self {
            Activity::ArticleRead => ActivityKey::ArticleRead,
            Activity::VideoWatched => ActivityKey::VideoWatched,
            Activity::QuizCompleted { .. } => ActivityKey::QuizCompleted,
            Activity::OrgLifeAttended { .. } => ActivityKey::OrgLifeAttended,
            Activity::SuggestionAdopted => ActivityKey::SuggestionAdopted,
            Activity::TaskCompleted => ActivityKey::TaskCompleted,
            Activity::DuesPaidOnTime => ActivityKey::DuesPaidOnTime,
            Activity::OrgLifeAbsentUnexcused { .. } => ActivityKey::OrgLifeAbsentUnexcused,
            Activity::DuesArrears => ActivityKey::DuesArrears,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for k in ActivityKey::ALL {
            assert_eq!(ActivityKey::parse(k.code()), Ok(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.code()));
            assert_eq!(serde_json::from_str::<ActivityKey>(&json).unwrap(), *k);
        }
    }

    /// docs/rules.md#what-may-not-be-scored: scoring logins, clicks or online time is
    /// forbidden, so such keys are refused with a specific error.
    #[test]
    fn login_and_online_time_are_refused() {
        for k in [
            "login",
            "online_minutes",
            "online_time",
            "check_in",
            "Login",
        ] {
            assert_eq!(
                ActivityKey::parse(k),
                Err(ErrorCode::ForbiddenActivity),
                "{k}"
            );
        }
        assert_eq!(
            ActivityKey::parse("dancing"),
            Err(ErrorCode::UnknownActivity)
        );
        let err = serde_json::from_str::<ActivityKey>("\"login\"").unwrap_err();
        assert!(err.to_string().contains("指尖上的形式主义"));
        assert!(serde_json::from_str::<Activity>(r#"{"kind":"login"}"#).is_err());
    }

    #[test]
    fn activity_serde_shape() {
        let a: Activity =
            serde_json::from_str(r#"{"kind":"org_life_attended","meeting":"party_lecture"}"#)
                .unwrap();
        assert_eq!(
            a,
            Activity::OrgLifeAttended {
                meeting: MeetingKind::PartyLecture
            }
        );
        assert_eq!(a.key(), ActivityKey::OrgLifeAttended);
        let q: Activity =
            serde_json::from_str(r#"{"kind":"quiz_completed","score_percent":90}"#).unwrap();
        assert_eq!(q.key(), ActivityKey::QuizCompleted);
    }
}

crate::stored_as_text!(
    ActivityKey,
    |s: &str| ActivityKey::ALL.iter().copied().find(|k| k.code() == s),
    |k: &ActivityKey| k.code()
);
