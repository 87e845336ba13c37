//! Hardship relief: the branch discusses, the next-higher committee approves,
//! and the member then pays less or nothing.

use super::DuesQuote;
use crate::error::ErrorCode;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hardship {
    #[default]
    None,
    /// Approved reduced monthly amount.
    Reduced { monthly_fen: Fen },
    /// Approved exemption.
    Exempt,
}

impl Hardship {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Hardship::None => "无减免",
            Hardship::Reduced { .. } => "减交",
            Hardship::Exempt => "免交",
        }
    }
}

/// What the member pays this month after relief.
///
/// A "reduction" that is not below the normal amount is rejected: it is
/// almost always a data-entry slip, and silently keeping the normal amount
/// would hide it.
pub fn apply_hardship(quote: &DuesQuote, hardship: &Hardship) -> Result<Fen, ErrorCode> {
    match hardship {
        Hardship::None => Ok(quote.amount_fen),
        Hardship::Exempt => Ok(Fen::ZERO),
        Hardship::Reduced { monthly_fen } if *monthly_fen < quote.amount_fen => Ok(*monthly_fen),
        Hardship::Reduced { .. } => Err(ErrorCode::InvalidHardship),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dues::{quote, DuesCategory, DuesRules};

    fn q(yuan: i64) -> DuesQuote {
        quote(
            DuesCategory::Employed,
            Fen::from_yuan(yuan).unwrap(),
            &DuesRules::default(),
        )
        .unwrap()
    }

    #[test]
    fn relief() {
        let normal = q(4_500); // 45.00
        assert_eq!(
            apply_hardship(&normal, &Hardship::None).unwrap().as_i64(),
            4_500
        );
        assert_eq!(
            apply_hardship(&normal, &Hardship::Exempt).unwrap(),
            Fen::ZERO
        );
        let reduced = Hardship::Reduced {
            monthly_fen: Fen::new(1_000).unwrap(),
        };
        assert_eq!(apply_hardship(&normal, &reduced).unwrap().as_i64(), 1_000);
        let not_less = Hardship::Reduced {
            monthly_fen: Fen::new(4_500).unwrap(),
        };
        assert_eq!(
            apply_hardship(&normal, &not_less),
            Err(ErrorCode::InvalidHardship)
        );
    }

    #[test]
    fn serde_shape() {
        let h: Hardship = serde_json::from_str(r#"{"kind":"reduced","monthly_fen":200}"#).unwrap();
        assert_eq!(
            h,
            Hardship::Reduced {
                monthly_fen: Fen::new(200).unwrap()
            }
        );
        assert!(
            serde_json::from_str::<Hardship>(r#"{"kind":"reduced","monthly_fen":-2}"#).is_err()
        );
        assert_eq!(Hardship::Exempt.label_zh(), "免交");
    }
}
