//! Monthly dues from a base: whole-base rates with hard bracket edges.

use super::{DuesCategory, DuesRules, Rounding};
use crate::error::ErrorCode;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// Rates are in basis points (1 bp = 0.01%) so 0.5% is exactly 50.
const BP_DENOMINATOR: i128 = 10_000;

/// One row of the dues table, with its exact edges in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    pub lower_exclusive_fen: Option<i64>,
    pub upper_inclusive_fen: Option<i64>,
    pub rate_bp: u32,
    pub label_zh: String,
}

impl Bracket {
    fn contains(&self, base: i64) -> bool {
        self.lower_exclusive_fen.is_none_or(|l| base > l)
            && self.upper_inclusive_fen.is_none_or(|u| base <= u)
    }

    /// `1%`, `0.5%`, `1.5%`.
    pub fn rate_percent_string(&self) -> String {
        let whole = self.rate_bp / 100;
        let frac = self.rate_bp % 100;
        if frac == 0 {
            format!("{whole}%")
        } else if frac.is_multiple_of(10) {
            format!("{whole}.{}%", frac / 10)
        } else {
            format!("{whole}.{frac:02}%")
        }
    }
}

/// (upper inclusive edge in yuan, rate in bp); the last row has no edge.
const WAGE_TABLE: &[(Option<i64>, u32)] = &[
    (Some(3_000), 50),
    (Some(5_000), 100),
    (Some(10_000), 150),
    (None, 200),
];
const RETIREE_TABLE: &[(Option<i64>, u32)] = &[(Some(5_000), 50), (None, 100)];

fn brackets(table: &[(Option<i64>, u32)]) -> Vec<Bracket> {
    let mut lower: Option<i64> = None;
    table
        .iter()
        .map(|&(upper, rate_bp)| {
            let label_zh = match (lower, upper) {
                (None, Some(u)) => format!("{u}元以下（含）"),
                (Some(l), Some(u)) => format!("{l}元以上至{u}元（含）"),
                (Some(l), None) => format!("{l}元以上"),
                (None, None) => "全部".to_string(),
            };
            let b = Bracket {
                lower_exclusive_fen: lower.map(|l| l * 100),
                upper_inclusive_fen: upper.map(|u| u * 100),
                rate_bp,
                label_zh,
            };
            lower = upper;
            b
        })
        .collect()
}

/// The bracket table for a percentage category; `None` for flat ones.
pub fn bracket_table(category: DuesCategory) -> Option<Vec<Bracket>> {
    match category {
        DuesCategory::Employed | DuesCategory::AnnualSalary | DuesCategory::SelfEmployed => {
            Some(brackets(WAGE_TABLE))
        }
        DuesCategory::Retiree => Some(brackets(RETIREE_TABLE)),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesQuote {
    pub category: DuesCategory,
    /// The base the rate was applied to (zero for flat categories).
    pub base_fen: Fen,
    /// What the member owes this month.
    pub amount_fen: Fen,
    /// 0 for flat categories.
    pub rate_bp: u32,
    /// `None` for flat categories.
    pub bracket: Option<Bracket>,
    /// The computed amount exceeded the monthly cap and was lowered to it.
    pub capped: bool,
    /// Before the cap; the difference may still be paid voluntarily.
    pub uncapped_amount_fen: Fen,
}

impl DuesQuote {
    /// One sentence for the member explaining the figure.
    pub fn explanation_zh(&self) -> String {
        let amount = self.amount_fen.to_yuan_string();
        match &self.bracket {
            None => format!("{}按月定额交纳党费 {} 元", self.category.label_zh(), amount),
            Some(b) => {
                let mut s = format!(
                    "{}月交纳基数 {} 元，适用“{}”档，按 {} 交纳，每月应交 {} 元",
                    self.category.label_zh(),
                    self.base_fen.to_yuan_string(),
                    b.label_zh,
                    b.rate_percent_string(),
                    amount
                );
                if self.capped {
                    s.push_str(&format!(
                        "（按规定计算为 {} 元，每月交纳一般不超过 {} 元，超出部分可自愿多交）",
                        self.uncapped_amount_fen.to_yuan_string(),
                        amount
                    ));
                }
                s
            }
        }
    }
}

fn round(exact_bp_fen: i128, rounding: Rounding) -> i128 {
    match rounding {
        Rounding::HalfUpToFen => (exact_bp_fen + BP_DENOMINATOR / 2) / BP_DENOMINATOR,
        Rounding::UpToYuan => {
            let per_yuan = BP_DENOMINATOR * 100;
            (exact_bp_fen + per_yuan - 1) / per_yuan * 100
        }
    }
}

/// Monthly dues for `category` with monthly `base`.
///
/// The rate applies to the whole base, not marginally, so amounts jump at
/// each edge (3,000.00 → 15.00 but 3,000.01 → 30.00). `base` is ignored for
/// flat categories.
pub fn quote(category: DuesCategory, base: Fen, rules: &DuesRules) -> Result<DuesQuote, ErrorCode> {
    rules.validate()?;
    let Some(table) = bracket_table(category) else {
        let flat = if category == DuesCategory::Farmer {
            rules.farmer_monthly_fen
        } else {
            rules.flat_monthly_fen
        };
        let amount = Fen::new(flat)?;
        return Ok(DuesQuote {
            category,
            base_fen: Fen::ZERO,
            amount_fen: amount,
            rate_bp: 0,
            bracket: None,
            capped: false,
            uncapped_amount_fen: amount,
        });
    };
    let base_fen = base.as_i64();
    let bracket = table
        .into_iter()
        .find(|b| b.contains(base_fen))
        .ok_or(ErrorCode::InvalidMoney)?;
    let exact = i128::from(base_fen) * i128::from(bracket.rate_bp);
    let uncapped =
        i64::try_from(round(exact, rules.rounding)).map_err(|_| ErrorCode::MoneyOverflow)?;
    let capped = uncapped > rules.monthly_cap_fen;
    let amount = if capped {
        rules.monthly_cap_fen
    } else {
        uncapped
    };
    Ok(DuesQuote {
        category,
        base_fen: base,
        amount_fen: Fen::new(amount)?,
        rate_bp: bracket.rate_bp,
        bracket: Some(bracket),
        capped,
        uncapped_amount_fen: Fen::new(uncapped)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(category: DuesCategory, base: &str) -> String {
        let q = quote(
            category,
            Fen::parse_yuan(base).unwrap(),
            &DuesRules::default(),
        )
        .unwrap();
        q.amount_fen.to_yuan_string()
    }

    fn employed(base: &str) -> String {
        amount(DuesCategory::Employed, base)
    }

    #[test]
    fn worked_examples_from_rules_doc() {
        assert_eq!(employed("2800"), "14.00");
        assert_eq!(employed("3000"), "15.00");
        assert_eq!(employed("3000.01"), "30.00");
        assert_eq!(employed("4500"), "45.00");
        assert_eq!(employed("8000"), "120.00");
        assert_eq!(employed("12000"), "240.00");
        assert_eq!(amount(DuesCategory::Retiree, "4000"), "20.00");
        assert_eq!(amount(DuesCategory::Retiree, "6000"), "60.00");
    }

    #[test]
    fn bracket_edges_are_exact() {
        assert_eq!(employed("5000"), "50.00");
        assert_eq!(employed("5000.01"), "75.00");
        assert_eq!(employed("10000"), "150.00");
        assert_eq!(employed("10000.01"), "200.00");
        assert_eq!(amount(DuesCategory::Retiree, "5000"), "25.00");
        assert_eq!(amount(DuesCategory::Retiree, "5000.01"), "50.00");
        assert_eq!(employed("0"), "0.00");
    }

    #[test]
    fn annual_salary_and_self_employed_use_the_wage_table() {
        for c in [DuesCategory::AnnualSalary, DuesCategory::SelfEmployed] {
            assert_eq!(amount(c, "3000.01"), "30.00");
            assert_eq!(amount(c, "12000"), "240.00");
        }
    }

    #[test]
    fn half_up_rounding_to_fen() {
        // 3,001.50 × 1% = 30.015 → 30.02; 2,999.99 × 0.5% = 14.99995 → 15.00.
        assert_eq!(employed("3001.50"), "30.02");
        assert_eq!(employed("3001.49"), "30.01");
        assert_eq!(employed("2999.99"), "15.00");
        assert_eq!(employed("0.01"), "0.00");
    }

    #[test]
    fn up_to_yuan_rounding() {
        let rules = DuesRules {
            rounding: Rounding::UpToYuan,
            ..DuesRules::default()
        };
        let q = |c, b: &str| {
            quote(c, Fen::parse_yuan(b).unwrap(), &rules)
                .unwrap()
                .amount_fen
                .to_yuan_string()
        };
        assert_eq!(q(DuesCategory::Employed, "2800"), "14.00");
        assert_eq!(q(DuesCategory::Employed, "4500.50"), "46.00");
        assert_eq!(q(DuesCategory::Employed, "0.01"), "1.00");
        assert_eq!(q(DuesCategory::Employed, "0"), "0.00");
        // Flat amounts are not rounded up.
        assert_eq!(q(DuesCategory::Student, "0"), "0.20");
        assert_eq!(q(DuesCategory::Farmer, "0"), "0.50");
    }

    #[test]
    fn monthly_cap_of_1000_yuan() {
        let q = quote(
            DuesCategory::Employed,
            Fen::from_yuan(50_000).unwrap(),
            &DuesRules::default(),
        )
        .unwrap();
        assert_eq!(q.amount_fen.to_yuan_string(), "1000.00");
        assert!(!q.capped);
        let q = quote(
            DuesCategory::Employed,
            Fen::from_yuan(60_000).unwrap(),
            &DuesRules::default(),
        )
        .unwrap();
        assert_eq!(q.amount_fen.to_yuan_string(), "1000.00");
        assert_eq!(q.uncapped_amount_fen.to_yuan_string(), "1200.00");
        assert!(q.capped);
        assert!(q.explanation_zh().contains("自愿多交"));
    }

    #[test]
    fn flat_categories() {
        assert_eq!(amount(DuesCategory::Farmer, "99999"), "0.50");
        for c in [
            DuesCategory::Student,
            DuesCategory::Unemployed,
            DuesCategory::LowIncome,
        ] {
            let q = quote(c, Fen::from_yuan(5000).unwrap(), &DuesRules::default()).unwrap();
            assert_eq!(q.amount_fen.as_i64(), 20);
            assert_eq!(q.bracket, None);
            assert_eq!(q.base_fen, Fen::ZERO);
        }
        let rules = DuesRules {
            farmer_monthly_fen: 100,
            ..DuesRules::default()
        };
        let q = quote(DuesCategory::Farmer, Fen::ZERO, &rules).unwrap();
        assert_eq!(q.amount_fen.as_i64(), 100);
        assert_eq!(q.explanation_zh(), "农民党员按月定额交纳党费 1.00 元");
    }

    #[test]
    fn bracket_metadata() {
        let q = quote(
            DuesCategory::Employed,
            Fen::parse_yuan("3000.01").unwrap(),
            &DuesRules::default(),
        )
        .unwrap();
        let b = q.bracket.clone().unwrap();
        assert_eq!(b.label_zh, "3000元以上至5000元（含）");
        assert_eq!(b.lower_exclusive_fen, Some(300_000));
        assert_eq!(b.upper_inclusive_fen, Some(500_000));
        assert_eq!(q.rate_bp, 100);
        assert_eq!(
            q.explanation_zh(),
            "在职党员月交纳基数 3000.01 元，适用“3000元以上至5000元（含）”档，按 1% 交纳，每月应交 30.00 元"
        );
        let labels: Vec<String> = bracket_table(DuesCategory::Employed)
            .unwrap()
            .into_iter()
            .map(|b| format!("{} {}", b.label_zh, b.rate_percent_string()))
            .collect();
        assert_eq!(
            labels,
            [
                "3000元以下（含） 0.5%",
                "3000元以上至5000元（含） 1%",
                "5000元以上至10000元（含） 1.5%",
                "10000元以上 2%"
            ]
        );
        let retiree: Vec<String> = bracket_table(DuesCategory::Retiree)
            .unwrap()
            .into_iter()
            .map(|b| b.label_zh)
            .collect();
        assert_eq!(retiree, ["5000元以下（含）", "5000元以上"]);
    }

    #[test]
    fn invalid_rules_are_rejected() {
        let rules = DuesRules {
            monthly_cap_fen: -1,
            ..DuesRules::default()
        };
        assert_eq!(
            quote(DuesCategory::Employed, Fen::ZERO, &rules),
            Err(ErrorCode::InvalidDuesRules)
        );
    }

    #[test]
    fn huge_base_does_not_overflow() {
        let q = quote(DuesCategory::Employed, Fen::MAX, &DuesRules::default()).unwrap();
        assert!(q.capped);
        assert_eq!(q.amount_fen.as_i64(), 100_000);
    }
}
