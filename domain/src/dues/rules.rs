use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// How a percentage amount is rounded. Not set centrally, so per county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the fen, half up (default).
    #[default]
    HalfUpToFen,
    /// Up to whole yuan (a local practice). Flat amounts such as 0.20 are
    /// left alone: rounding them would override the amount the rule fixes.
    UpToYuan,
}

impl Rounding {
    pub const ALL: [Rounding; 2] = [Rounding::HalfUpToFen, Rounding::UpToYuan];

    pub fn code(self) -> &'static str {
        match self {
            Rounding::HalfUpToFen => "half_up_to_fen",
            Rounding::UpToYuan => "up_to_yuan",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Rounding::HalfUpToFen => "四舍五入到分",
            Rounding::UpToYuan => "按比例计算的向上取整到元（定额不变）",
        }
    }

    pub fn parse(code: &str) -> Result<Rounding, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or(ErrorCode::InvalidForm)
    }
}

/// County-configurable dues parameters. Deserialization validates, so a bad
/// settings row fails to load instead of producing wrong dues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DuesRulesUnchecked")]
pub struct DuesRules {
    pub rounding: Rounding,
    /// 0.2–1 yuan per month; default 0.50.
    pub farmer_monthly_fen: i64,
    /// Students, unemployed and low-income members: 0.20 per month.
    pub flat_monthly_fen: i64,
    /// Monthly dues are generally at most 1,000 yuan; more is voluntary.
    pub monthly_cap_fen: i64,
    /// A one-off voluntary payment from this amount up counts as 大额党费.
    pub large_one_off_threshold_fen: i64,
    /// Consecutive unpaid months that raise a warning before the
    /// six-month 自行脱党 line.
    pub arrears_warning_months: u32,
}

impl Default for DuesRules {
    fn default() -> Self {
        DuesRules {
            rounding: Rounding::HalfUpToFen,
            farmer_monthly_fen: 50,
            flat_monthly_fen: 20,
            monthly_cap_fen: 100_000,
            large_one_off_threshold_fen: 100_000,
            arrears_warning_months: 3,
        }
    }
}

impl DuesRules {
    pub fn validate(&self) -> Result<(), ErrorCode> {
        let ok = (20..=100).contains(&self.farmer_monthly_fen)
            && (0..=100).contains(&self.flat_monthly_fen)
            && self.monthly_cap_fen > 0
            && self.large_one_off_threshold_fen > 0
            && (1..super::LEAVING_RISK_MONTHS).contains(&self.arrears_warning_months);
        if ok {
            Ok(())
        } else {
            Err(ErrorCode::InvalidDuesRules)
        }
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct DuesRulesUnchecked {
    rounding: Rounding,
    farmer_monthly_fen: i64,
    flat_monthly_fen: i64,
    monthly_cap_fen: i64,
    large_one_off_threshold_fen: i64,
    arrears_warning_months: u32,
}

impl Default for DuesRulesUnchecked {
    fn default() -> Self {
        let d = DuesRules::default();
        DuesRulesUnchecked {
            rounding: d.rounding,
            farmer_monthly_fen: d.farmer_monthly_fen,
            flat_monthly_fen: d.flat_monthly_fen,
            monthly_cap_fen: d.monthly_cap_fen,
            large_one_off_threshold_fen: d.large_one_off_threshold_fen,
            arrears_warning_months: d.arrears_warning_months,
        }
    }
}

impl TryFrom<DuesRulesUnchecked> for DuesRules {
    type Error = ErrorCode;
    fn try_from(u: DuesRulesUnchecked) -> Result<Self, ErrorCode> {
        let rules = DuesRules {
            rounding: u.rounding,
            farmer_monthly_fen: u.farmer_monthly_fen,
            flat_monthly_fen: u.flat_monthly_fen,
            monthly_cap_fen: u.monthly_cap_fen,
            large_one_off_threshold_fen: u.large_one_off_threshold_fen,
            arrears_warning_months: u.arrears_warning_months,
        };
        rules.validate()?;
        Ok(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_rules_doc() {
        let r = DuesRules::default();
        assert_eq!(r.rounding, Rounding::HalfUpToFen);
        assert_eq!(r.farmer_monthly_fen, 50);
        assert_eq!(r.flat_monthly_fen, 20);
        assert_eq!(r.monthly_cap_fen, 100_000);
        assert_eq!(r.large_one_off_threshold_fen, 100_000);
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn validates_farmer_range() {
        let with_farmer = |fen| DuesRules {
            farmer_monthly_fen: fen,
            ..DuesRules::default()
        };
        assert_eq!(with_farmer(19).validate(), Err(ErrorCode::InvalidDuesRules));
        assert_eq!(
            with_farmer(101).validate(),
            Err(ErrorCode::InvalidDuesRules)
        );
        assert_eq!(with_farmer(20).validate(), Ok(()));
        assert_eq!(with_farmer(100).validate(), Ok(()));
        let no_cap = DuesRules {
            monthly_cap_fen: 0,
            ..DuesRules::default()
        };
        assert_eq!(no_cap.validate(), Err(ErrorCode::InvalidDuesRules));
        let warning_after_leaving = DuesRules {
            arrears_warning_months: 6,
            ..DuesRules::default()
        };
        assert_eq!(
            warning_after_leaving.validate(),
            Err(ErrorCode::InvalidDuesRules)
        );
    }

    #[test]
    fn serde_fills_defaults_and_validates() {
        let r: DuesRules =
            serde_json::from_str(r#"{"rounding":"up_to_yuan","farmer_monthly_fen":100}"#).unwrap();
        assert_eq!(r.rounding, Rounding::UpToYuan);
        assert_eq!(r.farmer_monthly_fen, 100);
        assert_eq!(r.flat_monthly_fen, 20);
        assert!(serde_json::from_str::<DuesRules>(r#"{"farmer_monthly_fen":5}"#).is_err());
        let back: DuesRules =
            serde_json::from_str(&serde_json::to_string(&DuesRules::default()).unwrap()).unwrap();
        assert_eq!(back, DuesRules::default());
    }
}
