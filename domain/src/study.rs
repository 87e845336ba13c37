//! Study material (学习): kinds, the quiz authoring format and its scoring, and what a member
//! is told before acting. Scoring a quiz and previewing the points run in the browser and on
//! the server from this one code, so the number shown is the number booked.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::points::{preview, Activity, LedgerEntry, RuleTable};
use crate::Date;

/// What a study item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyKind {
    Article,
    Video,
    Quiz,
}

impl StudyKind {
    pub const ALL: &'static [StudyKind] = &[StudyKind::Article, StudyKind::Video, StudyKind::Quiz];

    pub fn code(self) -> &'static str {
        match self {
            StudyKind::Article => "article",
            StudyKind::Video => "video",
            StudyKind::Quiz => "quiz",
        }
    }

    pub fn parse(s: &str) -> Result<StudyKind, ErrorCode> {
        StudyKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == s)
            .ok_or(ErrorCode::BadRequest)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            StudyKind::Article => "文章",
            StudyKind::Video => "视频",
            StudyKind::Quiz => "答题",
        }
    }

    /// "读完本篇" / "看完本视频" / "答完本套题".
    pub fn finish_zh(self) -> &'static str {
        match self {
            StudyKind::Article => "读完本篇",
            StudyKind::Video => "看完本视频",
            StudyKind::Quiz => "答完本套题",
        }
    }
}

/// One question: single choice when exactly one option is correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub options: Vec<String>,
    /// Indices into `options`, ascending, never empty.
    pub correct: Vec<u8>,
}

impl Question {
    pub fn is_multiple(&self) -> bool {
        self.correct.len() > 1
    }
}

/// A quiz that parsed: every question has text, two to eight options and a valid answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

/// Where a quiz text went wrong: the question number (from 1) and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizError {
    pub question: usize,
    pub code: ErrorCode,
}

pub const MAX_QUESTIONS: usize = 50;
const MAX_OPTIONS: usize = 8;
const LETTERS: &[char] = &['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/// `A.` `A．` `A、` `A:` `A：` or `A ` at the start of a line, full-width letters included.
fn option_line(line: &str) -> Option<(usize, &str)> {
    let mut chars = line.char_indices();
    let (_, c) = chars.next()?;
    let letter = match c {
        'A'..='H' => c,
        'Ａ'..='Ｈ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32)?,
        _ => return None,
    };
    let (i, sep) = chars.next()?;
    if !matches!(sep, '.' | '．' | '、' | ':' | '：' | ' ' | ')' | '）') {
        return None;
    }
    let index = LETTERS.iter().position(|l| *l == letter)?;
    Some((index, line[i + sep.len_utf8()..].trim()))
}

fn answer_line(line: &str) -> Option<&str> {
    ["答案：", "答案:", "答案 "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .map(str::trim)
}

/// Strips "1." "1、" "1．" "1)" "（1）" numbering from a question line; a number that is part
/// of the question ("1949 年…") stays.
fn question_text(line: &str) -> &str {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('（').or_else(|| line.strip_prefix('(')) {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let after = &rest[digits..];
            if let Some(r) = after.strip_prefix('）').or_else(|| after.strip_prefix(')')) {
                return r.trim();
            }
        }
        return line;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        for sep in ['.', '．', '、', ')', '）'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim();
            }
        }
    }
    line
}

/// Reads the authoring format, one question per paragraph:
///
/// ```text
/// 1. 党的最高理想和最终目标是什么？
/// A. 实现共产主义
/// B. 全面建成小康社会
/// 答案：A
/// ```
///
/// Several letters after 答案 make a multiple-choice question.
pub fn parse_quiz(text: &str) -> Result<Quiz, QuizError> {
    let mut questions = Vec::new();
    // Paragraphs are separated by lines that are empty or hold only spaces.
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        match (line.is_empty(), blocks.last_mut()) {
            (true, Some(last)) if !last.is_empty() => blocks.push(Vec::new()),
            (false, Some(last)) => last.push(line),
            _ => {}
        }
    }
    let blocks = blocks.into_iter().filter(|b| !b.is_empty());
    for (n, block) in blocks.enumerate() {
        let number = n + 1;
        let bad = QuizError {
            question: number,
            code: ErrorCode::InvalidQuiz,
        };
        if number > MAX_QUESTIONS {
            return Err(bad);
        }
        let mut lines = block.into_iter();
        let text = question_text(lines.next().ok_or(bad)?).to_string();
        if text.is_empty() || option_line(&text).is_some() {
            return Err(bad);
        }
        let mut options = Vec::new();
        let mut answer = None;
        for line in lines {
            if let Some(a) = answer_line(line) {
                if answer.is_some() {
                    return Err(bad);
                }
                answer = Some(a);
            } else if let Some((index, option)) = option_line(line) {
                // Options must run A, B, C… in order, so the letters in 答案 mean what they say.
                if index != options.len() || option.is_empty() || answer.is_some() {
                    return Err(bad);
                }
                options.push(option.to_string());
            } else {
                return Err(bad);
            }
        }
        if options.len() < 2 || options.len() > MAX_OPTIONS {
            return Err(bad);
        }
        let mut correct = Vec::new();
        for c in answer.ok_or(bad)?.chars().filter(|c| !c.is_whitespace()) {
            let c = match c {
                'a'..='h' => c.to_ascii_uppercase(),
                'Ａ'..='Ｈ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).ok_or(bad)?,
                'ａ'..='ｈ' => char::from_u32(c as u32 - 'ａ' as u32 + 'A' as u32).ok_or(bad)?,
                ',' | '，' | '、' => continue,
                _ => c,
            };
            let index = LETTERS.iter().position(|l| *l == c).ok_or(bad)?;
            if index >= options.len() {
                return Err(bad);
            }
            correct.push(index as u8);
        }
        correct.sort_unstable();
        correct.dedup();
        if correct.is_empty() {
            return Err(bad);
        }
        questions.push(Question {
            text,
            options,
            correct,
        });
    }
    if questions.is_empty() {
        return Err(QuizError {
            question: 1,
            code: ErrorCode::InvalidQuiz,
        });
    }
    Ok(Quiz { questions })
}

/// How a handed-in quiz went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizResult {
    pub correct: usize,
    pub total: usize,
    /// 0–100, rounded down; 100 only when every answer is right.
    pub score_percent: u8,
    /// Per question: answered right.
    pub right: Vec<bool>,
}

/// Scores `answers` (per question, the chosen option indices). Every question must be answered
/// with options that exist; a single-choice question takes exactly one.
pub fn score_quiz(quiz: &Quiz, answers: &[Vec<u8>]) -> Result<QuizResult, ErrorCode> {
    if answers.len() != quiz.questions.len() {
        return Err(ErrorCode::QuizUnanswered);
    }
    let mut right = Vec::with_capacity(answers.len());
    for (q, a) in quiz.questions.iter().zip(answers) {
        let mut a = a.clone();
        a.sort_unstable();
        a.dedup();
        if a.is_empty()
            || a.iter().any(|i| usize::from(*i) >= q.options.len())
            || (!q.is_multiple() && a.len() != 1)
        {
            return Err(ErrorCode::QuizUnanswered);
        }
        right.push(a == q.correct);
    }
    let total = right.len();
    let correct = right.iter().filter(|r| **r).count();
    let score_percent = (correct * 100).checked_div(total).unwrap_or(0) as u8;
    Ok(QuizResult {
        correct,
        total,
        score_percent,
        right,
    })
}

/// The points activity finishing an item books; a quiz needs its score.
pub fn activity_for(kind: StudyKind, score_percent: Option<u8>) -> Activity {
    match kind {
        StudyKind::Article => Activity::ArticleRead,
        StudyKind::Video => Activity::VideoWatched,
        StudyKind::Quiz => Activity::QuizCompleted {
            score_percent: score_percent.unwrap_or(100),
        },
    }
}

/// What the member reads before acting, e.g. "读完本篇可得 1 分，今日学习还可得 5 分".
/// For a quiz it states full marks (the rule's imperfect points apply otherwise).
pub fn finish_preview_zh(
    rules: &RuleTable,
    ledger: &[LedgerEntry],
    kind: StudyKind,
    today: Date,
) -> Result<String, ErrorCode> {
    let p = preview(rules, ledger, &activity_for(kind, None), today)?;
    let action = kind.finish_zh();
    let mut s = if p.nominal == 0 {
        format!("{action}不计积分")
    } else if p.awarded == 0 {
        format!("今日学习积分已达上限，{action}不再计分")
    } else if kind == StudyKind::Quiz {
        let imperfect = preview(
            rules,
            ledger,
            &Activity::QuizCompleted { score_percent: 0 },
            today,
        )?;
        format!(
            "全部答对可得 {} 分，未全对可得 {} 分",
            p.awarded, imperfect.awarded
        )
    } else {
        format!("{action}可得 {} 分", p.awarded)
    };
    if p.awarded > 0 {
        if let Some(r) = p.remaining_today {
            s.push_str(&format!("，之后今日学习还可得 {r} 分"));
        }
    }
    Ok(s)
}

/// A reading or viewing position as a whole percentage, clamped to 0–100.
pub fn clamp_percent(p: i64) -> u8 {
    p.clamp(0, 100) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "1. 党的最高理想和最终目标是什么？\nA. 实现共产主义\nB. 全面建成小康社会\n答案：A\n\n\
        2、下列哪些属于“三会一课”？\nA、支部党员大会\nB、支委会\nC、党小组会\nD、茶话会\n答案：ABC\n";

    #[test]
    fn parses_single_and_multiple_choice() {
        let q = parse_quiz(SAMPLE).unwrap();
        assert_eq!(q.questions.len(), 2);
        assert_eq!(q.questions[0].text, "党的最高理想和最终目标是什么？");
        assert_eq!(q.questions[0].correct, vec![0]);
        assert!(!q.questions[0].is_multiple());
        assert_eq!(q.questions[1].options.len(), 4);
        assert_eq!(q.questions[1].correct, vec![0, 1, 2]);
        assert!(q.questions[1].is_multiple());
    }

    #[test]
    fn full_width_and_lowercase_answers() {
        let q = parse_quiz("问题\nＡ．甲\nＢ．乙\n答案: ｂ").unwrap();
        assert_eq!(q.questions[0].correct, vec![1]);
        let q = parse_quiz("问题\nA 甲\nB 乙\nC 丙\n答案：a, c").unwrap();
        assert_eq!(q.questions[0].correct, vec![0, 2]);
    }

    #[test]
    fn names_the_broken_question() {
        let cases = [
            ("", 1),
            ("只有题目", 1),
            ("题目\nA. 甲\n答案：A", 1),                  // one option
            ("题目\nA. 甲\nB. 乙", 1),                    // no answer
            ("题目\nA. 甲\nB. 乙\n答案：C", 1),           // answer not an option
            ("题目\nA. 甲\nC. 乙\n答案：A", 1),           // letters out of order
            ("题目\nA. 甲\nB. 乙\n答案：A\n答案：B", 1),  // two answers
            ("题目\nA. 甲\nB. 乙\n随便写写\n答案：A", 1), // stray line
            ("题目\nA. 甲\nB. 乙\n答案：A\n\n第二题\nA. 甲", 2),
            ("题目\nA. 甲\nB. 乙\n答案：", 1),
        ];
        for (text, question) in cases {
            assert_eq!(
                parse_quiz(text),
                Err(QuizError {
                    question,
                    code: ErrorCode::InvalidQuiz
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbering_and_blank_lines() {
        let q = parse_quiz("（1）1949 年成立的是？\nA. 新中国\nB. 别的\n答案：A\n   \n2) 第二题\nA. 甲\nB. 乙\n答案：B").unwrap();
        assert_eq!(q.questions.len(), 2);
        assert_eq!(q.questions[0].text, "1949 年成立的是？");
        assert_eq!(q.questions[1].text, "第二题");
        assert_eq!(
            parse_quiz("1949 年\nA. 甲\nB. 乙\n答案：A")
                .unwrap()
                .questions[0]
                .text,
            "1949 年"
        );
    }

    #[test]
    fn scoring() {
        let q = parse_quiz(SAMPLE).unwrap();
        let r = score_quiz(&q, &[vec![0], vec![2, 1, 0]]).unwrap();
        assert_eq!((r.correct, r.total, r.score_percent), (2, 2, 100));
        let r = score_quiz(&q, &[vec![0], vec![0, 1]]).unwrap();
        assert_eq!((r.correct, r.score_percent), (1, 50));
        assert_eq!(r.right, vec![true, false]);
        let r = score_quiz(&q, &[vec![1], vec![3]]).unwrap();
        assert_eq!(r.score_percent, 0);
    }

    #[test]
    fn refuses_incomplete_or_impossible_answers() {
        let q = parse_quiz(SAMPLE).unwrap();
        for answers in [
            vec![vec![0]],
            vec![vec![], vec![0]],
            vec![vec![0, 1], vec![0]], // two picks on a single-choice question
            vec![vec![0], vec![7]],
        ] {
            assert_eq!(
                score_quiz(&q, &answers),
                Err(ErrorCode::QuizUnanswered),
                "{answers:?}"
            );
        }
    }

    #[test]
    fn preview_messages_follow_the_rules() {
        let rules = RuleTable::default_county();
        let today = Date::new(2026, 11, 28).unwrap();
        assert_eq!(
            finish_preview_zh(&rules, &[], StudyKind::Article, today).unwrap(),
            "读完本篇可得 1 分，之后今日学习还可得 5 分"
        );
        assert_eq!(
            finish_preview_zh(&rules, &[], StudyKind::Quiz, today).unwrap(),
            "全部答对可得 2 分，未全对可得 1 分，之后今日学习还可得 4 分"
        );
        let read = |n| {
            (0..n)
                .map(|_| LedgerEntry {
                    date: today,
                    activity_key: crate::points::ActivityKey::ArticleRead,
                    points: 1,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            finish_preview_zh(&rules, &read(6), StudyKind::Article, today).unwrap(),
            "今日学习积分已达上限，读完本篇不再计分"
        );
        // Yesterday's reading does not use today's room.
        let yesterday: Vec<_> = read(6)
            .into_iter()
            .map(|mut e| {
                e.date = Date::new(2026, 11, 27).unwrap();
                e
            })
            .collect();
        assert!(
            finish_preview_zh(&rules, &yesterday, StudyKind::Article, today)
                .unwrap()
                .starts_with("读完本篇可得 1 分")
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in StudyKind::ALL {
            assert_eq!(StudyKind::parse(k.code()), Ok(*k));
        }
        assert_eq!(StudyKind::parse("podcast"), Err(ErrorCode::BadRequest));
        assert_eq!(clamp_percent(-3), 0);
        assert_eq!(clamp_percent(250), 100);
    }
}

code_enum! {
    /// Where an authored study item stands for its readers.
    pub enum ItemStatus / BadRequest {
        Scheduled = "scheduled" / "待发布",
        Published = "published" / "已发布",
        Withdrawn = "withdrawn" / "已撤回",
    }
}

impl ItemStatus {
    /// `publish_at` and `now` are China-time minutes (`2026-12-05T09:00`), which sort as text.
    pub fn of(withdrawn: bool, publish_at: &str, now: &str) -> ItemStatus {
        if withdrawn {
            ItemStatus::Withdrawn
        } else if publish_at > now {
            ItemStatus::Scheduled
        } else {
            ItemStatus::Published
        }
    }
}
