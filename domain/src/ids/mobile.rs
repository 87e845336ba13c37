//! Mainland China mobile numbers.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// An 11-digit mainland mobile number `1[3-9]xxxxxxxxx`, stored digits only.
///
/// `Debug` prints the masked form so numbers do not leak into logs.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

impl Mobile {
    /// Accepts the ways people write their number: spaces, dashes, dots,
    /// brackets, and a `+86` / `0086` / `86` country prefix.
    pub fn parse(input: &str) -> Result<Mobile, ErrorCode> {
        let mut digits = String::with_capacity(16);
        let trimmed = input.trim();
        let rest = trimmed
            .strip_prefix('+')
            .or_else(|| trimmed.strip_prefix("0086"))
            .unwrap_or(trimmed);
        for ch in rest.chars() {
            match ch {
                '0'..='9' => digits.push(ch),
                ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
                _ => return Err(ErrorCode::InvalidMobile),
            }
        }
        let had_plus = trimmed.starts_with('+');
        let national = if digits.len() == 13 && digits.starts_with("86") {
            &digits[2..]
        } else if had_plus {
            // "+" must be followed by the 86 country code.
            return Err(ErrorCode::InvalidMobile);
        } else {
            &digits[..]
        };
        let b = national.as_bytes();
        if b.len() != 11
            || b.first() != Some(&b'1')
            || !b.get(1).is_some_and(|d| (b'3'..=b'9').contains(d))
        {
            return Err(ErrorCode::InvalidMobile);
        }
        Ok(Mobile(national.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0000`: the usual carrier-prefix + last-four mask.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl core::fmt::Debug for Mobile {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Mobile({})", self.masked())
    }
}

impl core::fmt::Display for Mobile {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Mobile {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        Mobile::parse(&s)
    }
}

impl From<Mobile> for String {
    fn from(v: Mobile) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_common_forms() {
        for ok in [
            "13800000000",
            "+86 138 0000 0000",
            "+8613800000000",
            "0086-138-0000-0000",
            "86 13800000000",
            "138-0000-0000",
            " (138) 0000 0000 ",
        ] {
            assert_eq!(Mobile::parse(ok).unwrap().as_str(), "13800000000", "{ok}");
        }
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "1380000000",
            "138000000000",
            "12800000000",
            "23800000000",
            "+1 13800000000",
            "138a0000000",
            "+86 12800000000",
            "010-12345678",
            "１３８００００００００",
        ] {
            assert_eq!(Mobile::parse(bad), Err(ErrorCode::InvalidMobile), "{bad}");
        }
    }

    #[test]
    fn masks_middle_four() {
        let m = Mobile::parse("13812345678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        assert_eq!(format!("{m:?}"), "Mobile(138****5678)");
    }

    #[test]
    fn serde_validates() {
        let m: Mobile = serde_json::from_str("\"+86 138 0000 0000\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"13800000000\"");
        assert!(serde_json::from_str::<Mobile>("\"12345\"").is_err());
    }
}
