//! The calculator's arithmetic, shared by the server render (no JavaScript) and the browser
//! (every keystroke): both call `domain`, so they cannot disagree.

use domain::{
    dues::{quote, DuesCategory, DuesRules, Payslip, PayslipItemKind},
    ErrorCode, Fen,
};

/// The payslip lines the calculator offers: the usual ones on a Chinese payslip. Everything
/// excluded by the 2017 notice (reform-type allowances, bonuses…) simply isn't entered.
pub const PAYSLIP_LINES: [PayslipItemKind; 11] = [
    PayslipItemKind::BasicSalary,
    PayslipItemKind::PostPay,
    PayslipItemKind::GradePay,
    PayslipItemKind::BasicPerformancePay,
    PayslipItemKind::OtherRegularAllowance,
    PayslipItemKind::IncomeTax,
    PayslipItemKind::PensionInsurance,
    PayslipItemKind::MedicalInsurance,
    PayslipItemKind::UnemploymentInsurance,
    PayslipItemKind::HousingFund,
    PayslipItemKind::OccupationalAnnuity,
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalcInput {
    pub category: String,
    pub base: String,
    /// Amounts typed per line of `PAYSLIP_LINES`, same order; empty means "not on my payslip".
    pub payslip: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CalcResult {
    pub amount_yuan: String,
    pub explanation: String,
    /// Set when the base was worked out from the payslip lines.
    pub payslip_base_yuan: Option<String>,
    pub capped: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CalcError {
    /// Which input is wrong (an element id), so the message can stand next to it.
    pub field: String,
    pub message: String,
}

impl CalcError {
    fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self {
            field: field.into(),
            message: code.message_zh().to_string(),
        }
    }
}

pub fn field_id(kind: PayslipItemKind) -> String {
    format!("p-{}", kind.code())
}

/// `Ok(None)` while the form is still incomplete (nothing to show yet, nothing wrong either).
pub fn calculate(input: &CalcInput, rules: &DuesRules) -> Result<Option<CalcResult>, CalcError> {
    let category = match input.category.trim() {
        "" => DuesCategory::Employed,
        c => DuesCategory::parse(c).map_err(|e| CalcError::new("dues-category", e))?,
    };
    let mut payslip = Payslip::default();
    for (kind, raw) in PAYSLIP_LINES.iter().zip(&input.payslip) {
        if !raw.trim().is_empty() {
            let amount = Fen::parse_yuan(raw).map_err(|e| CalcError::new(field_id(*kind), e))?;
            payslip.push(*kind, amount);
        }
    }
    let from_payslip = category.uses_base() && !payslip.items.is_empty();
    let base = if from_payslip {
        payslip.base().map_err(|e| CalcError::new("dues-base", e))?
    } else if !category.uses_base() {
        Fen::ZERO
    } else if input.base.trim().is_empty() {
        return Ok(None);
    } else {
        Fen::parse_yuan(&input.base).map_err(|e| CalcError::new("dues-base", e))?
    };
    let q = quote(category, base, rules).map_err(|e| CalcError::new("dues-base", e))?;
    Ok(Some(CalcResult {
        amount_yuan: q.amount_fen.to_yuan_string(),
        explanation: q.explanation_zh(),
        payslip_base_yuan: from_payslip.then(|| base.to_yuan_string()),
        capped: q.capped,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(category: &str, base: &str) -> CalcInput {
        CalcInput {
            category: category.into(),
            base: base.into(),
            payslip: vec![String::new(); PAYSLIP_LINES.len()],
        }
    }

    #[test]
    fn bracket_edges_from_typed_text() {
        let amount = |c, b| {
            calculate(&input(c, b), &DuesRules::default())
                .unwrap()
                .unwrap()
                .amount_yuan
        };
        assert_eq!(amount("employed", "3000"), "15.00");
        assert_eq!(amount("employed", "3,000.01"), "30.00");
        assert_eq!(amount("retiree", "6000"), "60.00");
        assert_eq!(amount("student", ""), "0.20");
    }

    #[test]
    fn empty_base_is_incomplete_not_an_error() {
        assert_eq!(
            calculate(&input("employed", " "), &DuesRules::default()),
            Ok(None)
        );
    }

    #[test]
    fn bad_input_names_the_field_in_chinese() {
        let err = calculate(&input("employed", "三千"), &DuesRules::default()).unwrap_err();
        assert_eq!(err.field, "dues-base");
        assert!(err.message.contains("金额"), "{}", err.message);
        let err = calculate(&input("astronaut", "1"), &DuesRules::default()).unwrap_err();
        assert_eq!(err.field, "dues-category");
    }

    #[test]
    fn payslip_lines_make_the_base() {
        let mut i = input("employed", "");
        i.payslip[0] = "5200".into(); // basic salary
        i.payslip[5] = "100".into(); // income tax
        i.payslip[9] = "600".into(); // housing fund
        let r = calculate(&i, &DuesRules::default()).unwrap().unwrap();
        assert_eq!(r.payslip_base_yuan.as_deref(), Some("4500.00"));
        assert_eq!(r.amount_yuan, "45.00");
        i.payslip[6] = "-5".into();
        assert_eq!(
            calculate(&i, &DuesRules::default()).unwrap_err().field,
            "p-pension_insurance"
        );
    }
}
