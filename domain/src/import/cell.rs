//! One spreadsheet cell as the importer sees it, and the readings every column shares: text,
//! dates typed in any of the ways clerks type them, numbers that Excel may have mangled.

use crate::{Date, ErrorCode};

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell; dates typed into a cell without a date format arrive as their serial.
    Number(f64),
    /// A cell Excel formatted as a date.
    Date(Date),
}

/// Excel's day 0 for serial dates (1899-12-30, which absorbs its 1900 leap-year bug for every
/// date after February 1900).
const EXCEL_EPOCH_DAY_NUMBER: i64 = -25_569;

impl Cell {
    /// The cell as text; whole numbers without a decimal point.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text().is_empty()
    }

    /// A date written as a date cell, an Excel serial number, or text: `2005-07-01`,
    /// `2005/7/1`, `2005.7.1`, `2005年7月1日`, `20050701`.
    pub fn date(&self) -> Result<Date, String> {
        match self {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e12 => {
                #[allow(clippy::cast_possible_truncation)] // whole and well inside i64
                let whole = *n as i64;
                if (19_000_101..=29_991_231).contains(&whole) {
                    // 20050701 typed as a number.
                    parse_date_text(&whole.to_string())
                } else if (1..=2_958_465).contains(&whole) {
                    // An Excel serial (years 1900–9999).
                    Date::from_day_number(EXCEL_EPOCH_DAY_NUMBER + whole)
                        .map_err(|c| c.message_zh().to_owned())
                } else {
                    Err("不是日期".to_owned())
                }
            }
            Cell::Number(_) => Err("不是日期".to_owned()),
            Cell::Text(s) => parse_date_text(s.trim()),
            Cell::Empty => Err("不能为空".to_owned()),
        }
    }

    /// Digits typed as a number: exact only up to 15 digits, beyond which Excel has already
    /// replaced the last digits with zeros (an 18-digit resident ID stored as a number).
    pub fn digits(&self) -> Result<String, String> {
        match self {
            Cell::Number(n) if n.abs() >= 1e15 => Err(
                "被 Excel 存成了数字，末尾几位已丢失：请把这一列设为“文本”后重新输入".to_owned(),
            ),
            other => Ok(other.text()),
        }
    }
}

fn parse_date_text(s: &str) -> Result<Date, String> {
    let bad = || format!("「{s}」不是日期：请写成 2005-07-01、2005/7/1 或 2005年7月1日");
    let normalized: String = s
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '－' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let normalized = normalized.trim();
    if normalized.len() == 8 && normalized.chars().all(|c| c.is_ascii_digit()) {
        return Date::parse_compact(normalized).map_err(|_| bad());
    }
    let parts: Vec<&str> = normalized.split('-').map(str::trim).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(bad());
    };
    Date::new(y, m, d).map_err(|code| match code {
        ErrorCode::DateOutOfRange => code.message_zh().to_owned(),
        _ => bad(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn dates_as_clerks_type_them() {
        for typed in [
            "2005-07-01",
            "2005/7/1",
            "2005.7.1",
            "2005年7月1日",
            "2005年07月01日",
            "20050701",
            " 2005-7-1 ",
        ] {
            assert_eq!(
                Cell::Text(typed.into()).date(),
                Ok(d("2005-07-01")),
                "{typed}"
            );
        }
        // 2005-07-01 is Excel serial 38534.
        assert_eq!(Cell::Number(38_534.0).date(), Ok(d("2005-07-01")));
        assert_eq!(Cell::Number(20_050_701.0).date(), Ok(d("2005-07-01")));
        assert_eq!(Cell::Date(d("2005-07-01")).date(), Ok(d("2005-07-01")));
        assert!(Cell::Text("2005-02-30".into()).date().is_err());
        assert!(Cell::Text("七月一日".into()).date().is_err());
        assert!(Cell::Empty.date().is_err());
    }

    #[test]
    fn long_numbers_that_excel_rounded_are_refused() {
        assert_eq!(
            Cell::Number(13_800_000_000.0).digits(),
            Ok("13800000000".to_owned())
        );
        assert!(Cell::Number(430_726_198_001_011_234.0).digits().is_err());
        assert_eq!(
            Cell::Text(" 43072619800101123X ".into()).digits(),
            Ok("43072619800101123X".to_owned())
        );
    }
}
