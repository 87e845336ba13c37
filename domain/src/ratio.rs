//! Ratios in permille (‰), so scores stay in integer arithmetic.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// A ratio between 0 and 1 expressed as 0..=1000 ‰.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct Permille(u16);

impl Permille {
    pub const ZERO: Permille = Permille(0);
    pub const FULL: Permille = Permille(1000);

    pub fn new(v: u32) -> Result<Permille, ErrorCode> {
        u16::try_from(v)
            .ok()
            .filter(|v| *v <= 1000)
            .map(Permille)
            .ok_or(ErrorCode::InvalidRatio)
    }

    /// `num / den` rounded half up; an empty denominator counts as fully
    /// compliant because nothing was required.
    pub fn ratio(num: u64, den: u64) -> Result<Permille, ErrorCode> {
        if den == 0 {
            return Ok(Permille::FULL);
        }
        if num > den {
            return Err(ErrorCode::InvalidRatio);
        }
        let pm = (u128::from(num) * 1000 * 2 + u128::from(den)) / (u128::from(den) * 2);
        Permille::new(pm as u32)
    }

    pub fn get(self) -> u32 {
        u32::from(self.0)
    }

    /// `87.5%`.
    pub fn to_percent_string(self) -> String {
        let v = self.get();
        if v.is_multiple_of(10) {
            format!("{}%", v / 10)
        } else {
            format!("{}.{}%", v / 10, v % 10)
        }
    }
}

impl TryFrom<u32> for Permille {
    type Error = ErrorCode;
    fn try_from(v: u32) -> Result<Self, ErrorCode> {
        Permille::new(v)
    }
}

impl From<Permille> for u32 {
    fn from(v: Permille) -> u32 {
        v.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_ratios() {
        assert_eq!(Permille::new(1001), Err(ErrorCode::InvalidRatio));
        assert_eq!(Permille::ratio(1, 3).unwrap().get(), 333);
        assert_eq!(Permille::ratio(2, 3).unwrap().get(), 667);
        assert_eq!(Permille::ratio(0, 0).unwrap(), Permille::FULL);
        assert_eq!(Permille::ratio(4, 3), Err(ErrorCode::InvalidRatio));
        assert_eq!(Permille::new(875).unwrap().to_percent_string(), "87.5%");
        assert_eq!(Permille::FULL.to_percent_string(), "100%");
        assert!(serde_json::from_str::<Permille>("1200").is_err());
    }
}
