//! Personal names as written on the resident ID card.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

const MAX_CHARS: usize = 20;
const SEPARATOR: char = '·';
/// Look-alikes that input methods produce for the ethnic-name separator.
const SEPARATOR_LOOKALIKES: [char; 5] = ['•', '・', '‧', '∙', '．'];

/// 1..=20 characters of letters (Chinese or Latin) with single `·` or
/// space separators, e.g. `张三`, `买买提·艾力`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Trims, collapses runs of whitespace, and normalizes separator
    /// look-alikes to `·` so the same person is not stored two ways.
    pub fn parse(input: &str) -> Result<PersonName, ErrorCode> {
        let mut out = String::with_capacity(input.len());
        let mut prev_sep = true; // no leading separator
        for ch in input.trim().chars() {
            let ch = if SEPARATOR_LOOKALIKES.contains(&ch) {
                SEPARATOR
            } else {
                ch
            };
            if ch.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            if ch == SEPARATOR {
                if out.ends_with(' ') {
                    out.pop();
                }
                if prev_sep {
                    return Err(ErrorCode::InvalidName);
                }
                out.push(SEPARATOR);
                prev_sep = true;
                continue;
            }
            if !ch.is_alphabetic() || ch.is_numeric() {
                return Err(ErrorCode::InvalidName);
            }
            if out.ends_with(' ') && prev_sep {
                // A space right after "·" carries no meaning.
                out.pop();
            }
            out.push(ch);
            prev_sep = false;
        }
        let count = out.chars().count();
        if prev_sep || count == 0 || count > MAX_CHARS {
            return Err(ErrorCode::InvalidName);
        }
        Ok(PersonName(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl core::fmt::Display for PersonName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        PersonName::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(v: PersonName) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        PersonName::parse(s).unwrap().as_str().to_string()
    }

    #[test]
    fn accepts_chinese_and_ethnic_names() {
        assert_eq!(n(" 张三 "), "张三");
        assert_eq!(n("欧阳娜娜"), "欧阳娜娜");
        assert_eq!(n("买买提·艾力"), "买买提·艾力");
        assert_eq!(n("买买提•艾力"), "买买提·艾力");
        assert_eq!(n("买买提 · 艾力"), "买买提·艾力");
        assert_eq!(n("阿依古丽・吐尔逊"), "阿依古丽·吐尔逊");
        assert_eq!(n("John  Smith"), "John Smith");
        assert_eq!(
            n("一二三四五六七八九十一二三四五六七八九十"),
            "一二三四五六七八九十一二三四五六七八九十"
        );
    }

    #[test]
    fn rejects_bad_names() {
        for bad in [
            "",
            "   ",
            "张3",
            "张三\u{0007}",
            "·张三",
            "张三·",
            "张··三",
            "张三!",
            "张_三",
            "一二三四五六七八九十一二三四五六七八九十一",
        ] {
            assert_eq!(
                PersonName::parse(bad),
                Err(ErrorCode::InvalidName),
                "{bad:?}"
            );
        }
        // Han numerals are ordinary characters in names.
        assert_eq!(n("张三四十"), "张三四十");
        assert_eq!(PersonName::parse("王五②"), Err(ErrorCode::InvalidName));
    }

    #[test]
    fn serde_validates() {
        let p: PersonName = serde_json::from_str("\"买买提•艾力\"").unwrap();
        assert_eq!(p.as_str(), "买买提·艾力");
        assert!(serde_json::from_str::<PersonName>("\"123\"").is_err());
    }
}
