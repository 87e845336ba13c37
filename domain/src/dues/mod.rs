//! Party dues (党费): 《关于中国共产党党费收缴、使用和管理的规定》(2008) and the
//! 2017 notice on the dues base (docs/rules.md#dues).

mod arrears;
mod bill;
mod category;
mod credit;
mod hardship;
mod large;
mod payslip;
mod quote;
mod rules;
mod states;

pub use arrears::{arrears, arrears_level, Arrears, ArrearsLevel, LEAVING_RISK_MONTHS};
pub use bill::{monthly_bill, rest_of_quarter, voluntary};
pub use category::DuesCategory;
pub use credit::{
    credit_plan, BillKind, CoveredBill, CreditDecision, CreditPlan, OrderedPayment, PaymentChannel,
    PaymentStatus,
};
pub use hardship::{apply_hardship, Hardship};
pub use large::large_dues;
pub use payslip::{Payslip, PayslipBreakdown, PayslipItem, PayslipItemKind, Treatment};
pub use quote::{bracket_table, quote, Bracket, DuesQuote};
pub use rules::{DuesRules, Rounding};
pub use states::{BaseStatus, HardshipKind, HardshipStatus};
