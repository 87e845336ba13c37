code_enum! {
    /// How a member's dues are determined.
    pub enum DuesCategory / InvalidCategory {
        /// 在职: regular monthly pay after tax.
        Employed = "employed" / "在职党员",
        /// 年薪制: pay actually received that month.
        AnnualSalary = "annual_salary" / "年薪制党员",
        /// 个体: last quarter's average monthly net income.
        SelfEmployed = "self_employed" / "个体经营党员",
        /// 离退休: basic pension without allowances.
        Retiree = "retiree" / "离退休党员",
        Farmer = "farmer" / "农民党员",
        Student = "student" / "学生党员",
        /// 下岗失业.
        Unemployed = "unemployed" / "下岗失业党员",
        /// 依靠救济或低保生活.
        LowIncome = "low_income" / "低保党员",
    }
}

impl DuesCategory {
    /// Whether dues are a percentage of a base (as opposed to a flat amount).
    pub fn uses_base(self) -> bool {
        matches!(
            self,
            DuesCategory::Employed
                | DuesCategory::AnnualSalary
                | DuesCategory::SelfEmployed
                | DuesCategory::Retiree
        )
    }

    /// What the base is, for the form's help text.
    pub fn base_hint_zh(self) -> &'static str {
        match self {
            DuesCategory::Employed => "每月工资收入中相对固定的、经常性的部分（税后）",
            DuesCategory::AnnualSalary => "当月实际领取的薪酬收入（税后）",
            DuesCategory::SelfEmployed => "上一季度月平均纯收入",
            DuesCategory::Retiree => "每月基本离退休费（不含各类津贴补贴）",
            DuesCategory::Farmer => "按月定额交纳，无需填写基数",
            DuesCategory::Student | DuesCategory::Unemployed | DuesCategory::LowIncome => {
                "每月交纳0.2元，无需填写基数"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn codes_are_exact() {
        let codes: Vec<&str> = DuesCategory::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(
            codes,
            [
                "employed",
                "annual_salary",
                "self_employed",
                "retiree",
                "farmer",
                "student",
                "unemployed",
                "low_income"
            ]
        );
        for c in DuesCategory::ALL {
            assert_eq!(DuesCategory::parse(c.code()), Ok(*c));
            assert_eq!(DuesCategory::parse(c.label_zh()), Ok(*c));
            assert!(!c.base_hint_zh().is_empty());
        }
        assert_eq!(
            DuesCategory::parse("soldier"),
            Err(ErrorCode::InvalidCategory)
        );
        assert!(DuesCategory::Retiree.uses_base());
        assert!(!DuesCategory::Farmer.uses_base());
    }
}
