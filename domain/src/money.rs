//! Money as whole fen (分).
//!
//! Floating point is never used for money: dues brackets have exact edges
//! (3,000.00 vs 3,000.01 yuan) that binary floats cannot represent.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// A non-negative amount of money in fen (1 yuan = 100 fen).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Fen(i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);
    /// Largest value; chosen so `base × rate` still fits in `i64` basis-point arithmetic
    /// with plenty of headroom (about 92 billion yuan).
    pub const MAX: Fen = Fen(i64::MAX / 1_000);

    pub fn new(fen: i64) -> Result<Fen, ErrorCode> {
        if fen < 0 {
            Err(ErrorCode::NegativeMoney)
        } else if fen > Self::MAX.0 {
            Err(ErrorCode::MoneyOverflow)
        } else {
            Ok(Fen(fen))
        }
    }

    /// Whole yuan, for tests and configuration defaults.
    pub fn from_yuan(yuan: i64) -> Result<Fen, ErrorCode> {
        Fen::new(yuan.checked_mul(100).ok_or(ErrorCode::MoneyOverflow)?)
    }

    /// Parses what people type into a form: `3000`, `3000.5`, `3,000.01`,
    /// optionally prefixed with `¥`/`￥` (so pasted display strings work).
    /// Thousands separators must be well-formed (`30,00` is rejected) because a
    /// misplaced comma usually means a mistyped amount.
    // The fraction's digits are read after its length (1 or 2) is checked.
    #[allow(clippy::indexing_slicing)]
    pub fn parse_yuan(input: &str) -> Result<Fen, ErrorCode> {
        let s = input.trim();
        let s = s
            .strip_prefix('¥')
            .or_else(|| s.strip_prefix('￥'))
            .unwrap_or(s)
            .trim_start();
        if s.starts_with('-') {
            return Err(ErrorCode::NegativeMoney);
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits = strip_thousands(int_part)?;
        let mut fen: i64 = 0;
        for b in digits.bytes() {
            fen = fen
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b - b'0')))
                .ok_or(ErrorCode::MoneyOverflow)?;
        }
        fen = fen.checked_mul(100).ok_or(ErrorCode::MoneyOverflow)?;
        if let Some(frac) = frac_part {
            let fb = frac.as_bytes();
            if fb.is_empty() || fb.len() > 2 || !fb.iter().all(u8::is_ascii_digit) {
                return Err(ErrorCode::InvalidMoney);
            }
            let mut cents = i64::from(fb[0] - b'0') * 10;
            if fb.len() == 2 {
                cents += i64::from(fb[1] - b'0');
            }
            fen = fen.checked_add(cents).ok_or(ErrorCode::MoneyOverflow)?;
        }
        Fen::new(fen)
    }

    pub fn as_i64(self) -> i64 {
        self.0
    }

    /// `3000.01` — plain form for inputs and CSV export.
    pub fn to_yuan_string(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// `¥3,000.01` — grouped form for display.
    pub fn display_yuan(self) -> String {
        let whole = (self.0 / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("¥{}.{:02}", grouped, self.0 % 100)
    }

    pub fn checked_add(self, other: Fen) -> Result<Fen, ErrorCode> {
        Fen::new(
            self.0
                .checked_add(other.0)
                .ok_or(ErrorCode::MoneyOverflow)?,
        )
    }

    /// Errors with `NegativeMoney` instead of wrapping, since a negative
    /// balance here always means the caller mixed up the operands.
    pub fn checked_sub(self, other: Fen) -> Result<Fen, ErrorCode> {
        Fen::new(self.0 - other.0)
    }

    /// Subtraction floored at zero, for "what is left" computations.
    pub fn saturating_sub(self, other: Fen) -> Fen {
        Fen((self.0 - other.0).max(0))
    }

    pub fn sum<I: IntoIterator<Item = Fen>>(items: I) -> Result<Fen, ErrorCode> {
        items.into_iter().try_fold(Fen::ZERO, Fen::checked_add)
    }
}

// `split` yields at least one group.
#[allow(clippy::indexing_slicing)]
fn strip_thousands(int_part: &str) -> Result<String, ErrorCode> {
    if int_part.is_empty() {
        return Err(ErrorCode::InvalidMoney);
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(ErrorCode::InvalidMoney);
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(ErrorCode::InvalidMoney);
        }
    }
    Ok(int_part.replace(',', ""))
}

impl TryFrom<i64> for Fen {
    type Error = ErrorCode;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Fen::new(v)
    }
}

impl From<Fen> for i64 {
    fn from(f: Fen) -> i64 {
        f.0
    }
}

impl core::fmt::Display for Fen {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.display_yuan())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> i64 {
        Fen::parse_yuan(s).unwrap().as_i64()
    }

    #[test]
    fn parses_accepted_forms() {
        assert_eq!(y("3000"), 300_000);
        assert_eq!(y("3000.5"), 300_050);
        assert_eq!(y("3,000.01"), 300_001);
        assert_eq!(y("3000.01"), 300_001);
        assert_eq!(y(" 0.2 "), 20);
        assert_eq!(y("0"), 0);
        assert_eq!(y("¥3,000.01"), 300_001);
        assert_eq!(y("￥12"), 1_200);
        assert_eq!(y("1,234,567.89"), 123_456_789);
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", " ", "abc", "3000.001", "3000.", ".5", "3 000", "30,00", "3,0000", ",300", "1e3",
            "3000元", "+5", "NaN", "3.0.0", "１２",
        ] {
            assert_eq!(
                Fen::parse_yuan(bad),
                Err(ErrorCode::InvalidMoney),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn rejects_negative_and_overflow() {
        assert_eq!(Fen::parse_yuan("-1"), Err(ErrorCode::NegativeMoney));
        assert_eq!(Fen::new(-1), Err(ErrorCode::NegativeMoney));
        assert_eq!(
            Fen::parse_yuan("99999999999999999999"),
            Err(ErrorCode::MoneyOverflow)
        );
    }

    #[test]
    fn formats() {
        let f = Fen::new(300_001).unwrap();
        assert_eq!(f.to_yuan_string(), "3000.01");
        assert_eq!(f.display_yuan(), "¥3,000.01");
        assert_eq!(f.to_string(), "¥3,000.01");
        assert_eq!(Fen::new(5).unwrap().to_yuan_string(), "0.05");
        assert_eq!(
            Fen::new(100_000_000).unwrap().display_yuan(),
            "¥1,000,000.00"
        );
        assert_eq!(Fen::ZERO.display_yuan(), "¥0.00");
    }

    #[test]
    fn arithmetic() {
        let a = Fen::from_yuan(10).unwrap();
        let b = Fen::new(1).unwrap();
        assert_eq!(a.checked_add(b).unwrap().as_i64(), 1_001);
        assert_eq!(a.checked_sub(b).unwrap().as_i64(), 999);
        assert_eq!(b.checked_sub(a), Err(ErrorCode::NegativeMoney));
        assert_eq!(b.saturating_sub(a), Fen::ZERO);
        assert_eq!(Fen::MAX.checked_add(b), Err(ErrorCode::MoneyOverflow));
        assert_eq!(Fen::sum([a, b, b]).unwrap().as_i64(), 1_002);
    }

    #[test]
    fn serde_rejects_negative() {
        assert_eq!(serde_json::to_string(&Fen::new(15).unwrap()).unwrap(), "15");
        assert!(serde_json::from_str::<Fen>("-5").is_err());
        assert_eq!(serde_json::from_str::<Fen>("1500").unwrap().as_i64(), 1500);
    }
}
