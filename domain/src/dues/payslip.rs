//! Working out the dues base from a payslip (2017 notice on the base).

use crate::error::ErrorCode;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// How an item affects the dues base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Part of the regular pay the base is built from.
    Included,
    /// Subtracted from the included pay (tax, individual insurance, …).
    Deducted,
    /// Paid, but not part of the base.
    Excluded,
}

code_enum! {
    /// Payslip lines a form offers. Anything not listed goes in one of the
    /// "other" lines so the clerk has to decide whether it is regular pay.
    pub enum PayslipItemKind / InvalidPayslipItem {
        BasicSalary = "basic_salary" / "基本工资",
        PostPay = "post_pay" / "岗位工资",
        GradePay = "grade_pay" / "薪级工资",
        /// Public institutions: included.
        BasicPerformancePay = "basic_performance_pay" / "基础性绩效工资",
        OtherRegularAllowance = "other_regular_allowance" / "其他固定性津贴补贴",
        /// Annual-salary members: what was actually received this month.
        MonthlySalaryReceived = "monthly_salary_received" / "当月实际领取薪酬",
        /// Retirees: the base is the basic pension only.
        BasicPension = "basic_pension" / "基本离退休费",

        IncomeTax = "income_tax" / "个人所得税",
        PensionInsurance = "pension_insurance" / "养老保险（个人）",
        MedicalInsurance = "medical_insurance" / "医疗保险（个人）",
        UnemploymentInsurance = "unemployment_insurance" / "失业保险（个人）",
        WorkInjuryInsurance = "work_injury_insurance" / "工伤保险（个人）",
        MaternityInsurance = "maternity_insurance" / "生育保险（个人）",
        HousingFund = "housing_fund" / "住房公积金（个人）",
        OccupationalAnnuity = "occupational_annuity" / "职业年金（个人）",
        EnterpriseAnnuity = "enterprise_annuity" / "企业年金（个人）",

        /// The employer's share is excluded when a payslip lists it as pay.
        HousingFundEmployerShare = "housing_fund_employer_share" / "住房公积金（单位）",
        HousingAllowance = "housing_allowance" / "住房补贴",
        TransportAllowance = "transport_allowance" / "交通补贴",
        CarAllowance = "car_allowance" / "车改补贴",
        TelecomAllowance = "telecom_allowance" / "通讯补贴",
        OvertimePay = "overtime_pay" / "加班费",
        MealAllowance = "meal_allowance" / "误餐补助",
        HeatingAllowance = "heating_allowance" / "取暖费",
        CoolingAllowance = "cooling_allowance" / "降温费",
        PropertyAllowance = "property_allowance" / "物业服务补贴",
        /// Public institutions: excluded.
        IncentivePerformancePay = "incentive_performance_pay" / "奖励性绩效工资",
        /// Enterprises: irregular bonuses are excluded.
        IrregularBonus = "irregular_bonus" / "不固定奖金",
        /// Allowances paid only in some regions, units or posts.
        RegionalOrPostAllowance = "regional_or_post_allowance" / "地区性、部门性、岗位性津贴补贴",
        PensionAllowance = "pension_allowance" / "离退休人员津贴补贴",
        OtherExcluded = "other_excluded" / "其他不计入基数的收入",
    }
}

impl PayslipItemKind {
    pub fn treatment(self) -> Treatment {
        use PayslipItemKind::*;
        match self {
            BasicSalary
            | PostPay
            | GradePay
            | BasicPerformancePay
            | OtherRegularAllowance
            | MonthlySalaryReceived
            | BasicPension => Treatment::Included,
            IncomeTax
            | PensionInsurance
            | MedicalInsurance
            | UnemploymentInsurance
            | WorkInjuryInsurance
            | MaternityInsurance
            | HousingFund
            | OccupationalAnnuity
            | EnterpriseAnnuity => Treatment::Deducted,
            HousingFundEmployerShare
            | HousingAllowance
            | TransportAllowance
            | CarAllowance
            | TelecomAllowance
            | OvertimePay
            | MealAllowance
            | HeatingAllowance
            | CoolingAllowance
            | PropertyAllowance
            | IncentivePerformancePay
            | IrregularBonus
            | RegionalOrPostAllowance
            | PensionAllowance
            | OtherExcluded => Treatment::Excluded,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayslipItem {
    pub kind: PayslipItemKind,
    pub amount: Fen,
}

/// A month's payslip as itemized lines, the shape a repeating form row gives.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Payslip {
    pub items: Vec<PayslipItem>,
}

/// Totals per treatment, to show the member how the base was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayslipBreakdown {
    pub included: Fen,
    pub deducted: Fen,
    pub excluded: Fen,
    pub base: Fen,
}

impl Payslip {
    pub fn new(items: Vec<PayslipItem>) -> Payslip {
        Payslip { items }
    }

    pub fn push(&mut self, kind: PayslipItemKind, amount: Fen) {
        self.items.push(PayslipItem { kind, amount });
    }

    pub fn breakdown(&self) -> Result<PayslipBreakdown, ErrorCode> {
        let total = |t: Treatment| {
            Fen::sum(
                self.items
                    .iter()
                    .filter(|i| i.kind.treatment() == t)
                    .map(|i| i.amount),
            )
        };
        let included = total(Treatment::Included)?;
        let deducted = total(Treatment::Deducted)?;
        Ok(PayslipBreakdown {
            included,
            deducted,
            excluded: total(Treatment::Excluded)?,
            // Deductions are taken from all pay, excluded items included, so
            // they can exceed the included part; the base then is zero.
            base: included.saturating_sub(deducted),
        })
    }

    /// Included pay minus tax, individual insurance, housing fund and
    /// annuities; never negative.
    pub fn base(&self) -> Result<Fen, ErrorCode> {
        Ok(self.breakdown()?.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PayslipItemKind::*;

    fn y(s: &str) -> Fen {
        Fen::parse_yuan(s).unwrap()
    }

    #[test]
    fn civil_servant_example() {
        let mut p = Payslip::default();
        p.push(BasicSalary, y("2200"));
        p.push(GradePay, y("1800"));
        p.push(BasicPerformancePay, y("1500"));
        p.push(IncentivePerformancePay, y("1000"));
        p.push(TransportAllowance, y("500"));
        p.push(TelecomAllowance, y("100"));
        p.push(HousingAllowance, y("600"));
        p.push(IncomeTax, y("120.50"));
        p.push(PensionInsurance, y("440"));
        p.push(MedicalInsurance, y("110"));
        p.push(UnemploymentInsurance, y("27.50"));
        p.push(HousingFund, y("660"));
        p.push(OccupationalAnnuity, y("220"));
        let b = p.breakdown().unwrap();
        assert_eq!(b.included, y("5500"));
        assert_eq!(b.deducted, y("1578"));
        assert_eq!(b.excluded, y("2200"));
        assert_eq!(p.base().unwrap(), y("3922"));
        // 3,922 falls in the 1% bracket.
        let q = crate::dues::quote(
            crate::dues::DuesCategory::Employed,
            p.base().unwrap(),
            &crate::dues::DuesRules::default(),
        )
        .unwrap();
        assert_eq!(q.amount_fen.to_yuan_string(), "39.22");
    }

    #[test]
    fn base_never_negative() {
        let p = Payslip::new(vec![
            PayslipItem {
                kind: BasicSalary,
                amount: y("100"),
            },
            PayslipItem {
                kind: IncomeTax,
                amount: y("300"),
            },
        ]);
        assert_eq!(p.base().unwrap(), Fen::ZERO);
        assert_eq!(Payslip::default().base().unwrap(), Fen::ZERO);
    }

    #[test]
    fn retiree_allowances_excluded() {
        let p = Payslip::new(vec![
            PayslipItem {
                kind: BasicPension,
                amount: y("4000"),
            },
            PayslipItem {
                kind: PensionAllowance,
                amount: y("1500"),
            },
        ]);
        assert_eq!(p.base().unwrap(), y("4000"));
    }

    #[test]
    fn every_kind_has_a_treatment_and_label() {
        let excluded = [
            HousingAllowance,
            TransportAllowance,
            CarAllowance,
            TelecomAllowance,
            OvertimePay,
            MealAllowance,
            HeatingAllowance,
            CoolingAllowance,
            PropertyAllowance,
            IncentivePerformancePay,
            IrregularBonus,
            RegionalOrPostAllowance,
        ];
        for k in excluded {
            assert_eq!(k.treatment(), Treatment::Excluded, "{k:?}");
        }
        for k in [
            IncomeTax,
            PensionInsurance,
            MedicalInsurance,
            UnemploymentInsurance,
            HousingFund,
            OccupationalAnnuity,
            EnterpriseAnnuity,
        ] {
            assert_eq!(k.treatment(), Treatment::Deducted, "{k:?}");
        }
        for k in [
            BasicSalary,
            PostPay,
            GradePay,
            BasicPerformancePay,
            OtherRegularAllowance,
        ] {
            assert_eq!(k.treatment(), Treatment::Included, "{k:?}");
        }
        for k in PayslipItemKind::ALL {
            assert!(!k.label_zh().is_empty());
        }
    }

    #[test]
    fn serde_shape() {
        let p: Payslip = serde_json::from_str(
            r#"{"items":[{"kind":"basic_salary","amount":300000},{"kind":"income_tax","amount":1000}]}"#,
        )
        .unwrap();
        assert_eq!(p.base().unwrap(), y("2990"));
        assert!(
            serde_json::from_str::<Payslip>(r#"{"items":[{"kind":"bribe","amount":1}]}"#).is_err()
        );
    }
}
