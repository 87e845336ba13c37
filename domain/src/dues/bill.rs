//! What a member's bills hold: the monthly amount from the confirmed base after relief, the
//! months a quarterly payer may settle at once, and voluntary payments.

use super::{apply_hardship, large_dues, quote, DuesCategory, DuesRules, Hardship};
use crate::date::YearMonth;
use crate::error::ErrorCode;
use crate::money::Fen;

/// The monthly bill: the rate applied to the confirmed base, then approved relief.
pub fn monthly_bill(
    category: DuesCategory,
    base: Fen,
    hardship: &Hardship,
    rules: &DuesRules,
) -> Result<Fen, ErrorCode> {
    apply_hardship(&quote(category, base, rules)?, hardship)
}

/// `month` and the months after it in the same quarter: what a member of a branch that allows
/// quarterly payment may settle together.
pub fn rest_of_quarter(month: YearMonth) -> Vec<YearMonth> {
    let last = YearMonth::new(month.year(), month.quarter() * 3).unwrap_or(month);
    month.iter_to(last).collect()
}

/// A voluntary payment on top of the bills: its amount, and whether it is 大额党费 (all of it
/// goes to the Centre). Zero is not a payment.
pub fn voluntary(amount: Fen, rules: &DuesRules) -> Result<(Fen, bool), ErrorCode> {
    if amount == Fen::ZERO {
        return Err(ErrorCode::InvalidMoney);
    }
    Ok((amount, large_dues(amount, rules)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_bill_applies_relief_after_the_rate() {
        let rules = DuesRules::default();
        let base = Fen::from_yuan(8_000).unwrap();
        let employed = DuesCategory::Employed;
        assert_eq!(
            monthly_bill(employed, base, &Hardship::None, &rules).unwrap(),
            Fen::new(12_000).unwrap()
        );
        let reduced = Hardship::Reduced {
            monthly_fen: Fen::new(1_000).unwrap(),
        };
        assert_eq!(
            monthly_bill(employed, base, &reduced, &rules).unwrap(),
            Fen::new(1_000).unwrap()
        );
        assert_eq!(
            monthly_bill(employed, base, &Hardship::Exempt, &rules).unwrap(),
            Fen::ZERO
        );
    }

    #[test]
    fn quarter_runs_to_its_last_month() {
        let ym = |s| YearMonth::parse(s).unwrap();
        assert_eq!(
            rest_of_quarter(ym("2026-11")),
            vec![ym("2026-11"), ym("2026-12")]
        );
        assert_eq!(rest_of_quarter(ym("2026-09")), vec![ym("2026-09")]);
        assert_eq!(rest_of_quarter(ym("2026-01")).len(), 3);
    }

    #[test]
    fn voluntary_flags_large_dues() {
        let rules = DuesRules::default();
        assert!(voluntary(Fen::from_yuan(1_000).unwrap(), &rules).unwrap().1);
        assert!(!voluntary(Fen::from_yuan(999).unwrap(), &rules).unwrap().1);
        assert_eq!(voluntary(Fen::ZERO, &rules), Err(ErrorCode::InvalidMoney));
    }
}
