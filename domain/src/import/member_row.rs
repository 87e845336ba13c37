//! One row of the members workbook (党员信息导入模板), checked on its own; what needs the
//! database (the organization named, numbers already taken) the server checks after.

use super::{labels, Cell, Problem};
use crate::{dues::DuesCategory, Date, MemberStatus, Mobile, PersonName, ResidentId, Sex};

/// The template's columns, in order.
pub const MEMBER_COLUMNS: [&str; 13] = [
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "手机号码",
    "出生日期",
    "学历",
    "入党日期",
    "转正日期",
    "所在党组织",
    "党费类别",
    "流动去向",
    "备注",
];

/// The template's example row (row 2): a row still equal to it is skipped.
pub const MEMBER_EXAMPLE: [&str; 13] = [
    "张三",
    "男",
    "汉族",
    "430726198001011237",
    "13800001234",
    "1980-01-01",
    "本科",
    "2005-07-01",
    "2006-07-01",
    "示例村党支部",
    "在职党员",
    "",
    "示例行，导入时跳过",
];

#[derive(Clone, Debug, PartialEq)]
pub struct MemberRow {
    /// The Excel row number.
    pub row: u32,
    pub name: PersonName,
    pub sex: Sex,
    pub ethnicity: &'static str,
    pub id_number: ResidentId,
    pub mobile: Mobile,
    pub birth_date: Date,
    pub education: &'static str,
    pub joined_on: Date,
    /// Blank for a probationary member (预备党员).
    pub full_on: Option<Date>,
    /// The organization's name as typed; the server finds it.
    pub org_name: String,
    pub dues_category: DuesCategory,
    pub flowing_destination: Option<String>,
    pub note: Option<String>,
}

impl MemberRow {
    pub fn status(&self) -> MemberStatus {
        if self.full_on.is_some() {
            MemberStatus::Full
        } else {
            MemberStatus::Probationary
        }
    }

    /// Whether `cells` are the template's example row, left in place.
    pub fn is_example(cells: &[Cell]) -> bool {
        MEMBER_EXAMPLE
            .iter()
            .enumerate()
            .all(|(i, want)| cells.get(i).map(Cell::text).unwrap_or_default() == *want)
    }

    /// Reads one row; every problem in it, not only the first.
    pub fn parse(row: u32, cells: &[Cell], today: Date) -> Result<MemberRow, Vec<Problem>> {
        let mut problems = Vec::new();
        let cell = |i: usize| cells.get(i).cloned().unwrap_or(Cell::Empty);
        let column = |i: usize| MEMBER_COLUMNS.get(i).copied().unwrap_or("");
        let mut problem = |i: usize, message: String| {
            problems.push(Problem {
                row,
                column: column(i),
                message,
            });
        };
        let required = |i: usize| -> Result<String, String> {
            let t = cell(i).text();
            if t.is_empty() {
                Err("不能为空".to_owned())
            } else {
                Ok(t)
            }
        };
        let optional =
            |i: usize| -> Option<String> { Some(cell(i).text()).filter(|t| !t.is_empty()) };

        let name =
            required(0).and_then(|t| PersonName::parse(&t).map_err(|c| c.message_zh().to_owned()));
        let sex =
            required(1).and_then(|t| Sex::parse(&t).map_err(|_| "请填写“男”或“女”".to_owned()));
        let ethnicity = required(2).and_then(|t| {
            labels::ethnicity(&t)
                .ok_or_else(|| format!("「{t}」不是 56 个民族之一（如“汉族”“瑶族”）"))
        });
        let id_number = cell(3)
            .digits()
            .and_then(|t| {
                if t.is_empty() {
                    Err("不能为空".to_owned())
                } else {
                    Ok(t)
                }
            })
            .and_then(|t| ResidentId::parse(&t).map_err(|c| c.message_zh().to_owned()));
        let mobile = cell(4)
            .digits()
            .and_then(|t| {
                if t.is_empty() {
                    Err("不能为空".to_owned())
                } else {
                    Ok(t)
                }
            })
            .and_then(|t| Mobile::parse(&t).map_err(|c| c.message_zh().to_owned()));
        let birth = if cell(5).is_blank() {
            None
        } else {
            Some(cell(5).date())
        };
        let education = required(6).and_then(|t| {
            labels::education(&t).ok_or_else(|| {
                format!("「{t}」不是学历（小学、初中、高中、中专、大专、本科、研究生、硕士、博士）")
            })
        });
        let joined_on = cell(7).date();
        let full_on = if cell(8).is_blank() {
            None
        } else {
            Some(cell(8).date())
        };
        let org_name = required(9);
        let dues_category = match optional(10) {
            // The rules' default: a member with no category given pays as employed.
            None => Ok(DuesCategory::Employed),
            Some(t) => DuesCategory::parse(&t)
                .or_else(|_| DuesCategory::parse(&format!("{t}党员")))
                .map_err(|_| format!("「{t}」不是党费类别（如“在职党员”“离退休党员”“农民党员”）")),
        };

        macro_rules! take {
            ($i:expr, $r:expr) => {
                match $r {
                    Ok(v) => Some(v),
                    Err(message) => {
                        problem($i, message);
                        None
                    }
                }
            };
        }
        let name = take!(0, name);
        let sex = take!(1, sex);
        let ethnicity = take!(2, ethnicity);
        let id_number = take!(3, id_number);
        let mobile = take!(4, mobile);
        let birth = match birth {
            Some(r) => take!(5, r),
            None => None,
        };
        let education = take!(6, education);
        let joined_on = take!(7, joined_on);
        let full_on = match full_on {
            Some(r) => take!(8, r).map(Some),
            None => Some(None),
        };
        let org_name = take!(9, org_name);
        let dues_category = take!(10, dues_category);

        // What the columns say together.
        if let (Some(id), Some(sex)) = (&id_number, sex) {
            if id.sex() != sex {
                problem(
                    1,
                    format!("与公民身份号码不符（号码为{}性）", id.sex().label_zh()),
                );
            }
        }
        if let (Some(id), Some(birth)) = (&id_number, birth) {
            if id.birth_date() != birth {
                problem(
                    5,
                    format!("与公民身份号码中的出生日期 {} 不符", id.birth_date()),
                );
            }
        }
        if let (Some(joined), Some(id)) = (joined_on, &id_number) {
            if joined > today {
                problem(7, "晚于今天".to_owned());
            } else if id.birth_date().years_until(joined) < 18 {
                problem(7, "入党时未满 18 周岁".to_owned());
            }
        }
        if let (Some(joined), Some(Some(full))) = (joined_on, full_on) {
            if full <= joined {
                problem(8, "应晚于入党日期".to_owned());
            } else if full > today {
                problem(8, "晚于今天".to_owned());
            }
        }
        for (i, max) in [
            (11, super::MAX_DESTINATION_CHARS),
            (12, super::MAX_FREE_TEXT_CHARS),
        ] {
            if optional(i).is_some_and(|t| t.chars().count() > max) {
                problem(i, format!("不能超过 {max} 个字"));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        match (
            name,
            sex,
            ethnicity,
            id_number,
            mobile,
            education,
            joined_on,
            full_on,
            org_name,
            dues_category,
        ) {
            (
                Some(name),
                Some(sex),
                Some(ethnicity),
                Some(id_number),
                Some(mobile),
                Some(education),
                Some(joined_on),
                Some(full_on),
                Some(org_name),
                Some(dues_category),
            ) => Ok(MemberRow {
                row,
                name,
                sex,
                ethnicity,
                birth_date: id_number.birth_date(),
                id_number,
                mobile,
                education,
                joined_on,
                full_on,
                org_name,
                dues_category,
                flowing_destination: optional(11),
                note: optional(12),
            }),
            _ => Err(vec![Problem {
                row,
                column: "",
                message: "这一行无法读取".to_owned(),
            }]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(values: &[&str]) -> Vec<Cell> {
        values
            .iter()
            .map(|v| {
                if v.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text((*v).to_owned())
                }
            })
            .collect()
    }

    fn today() -> Date {
        Date::parse("2026-12-05").unwrap()
    }

    const GOOD: [&str; 13] = [
        "李四",
        "女",
        "汉",
        "430726198505051240",
        "13900001111",
        "1985/5/5",
        "大学本科",
        "2010年7月1日",
        "2011-07-01",
        "示例村党支部",
        "",
        "",
        "",
    ];

    #[test]
    fn a_good_row_reads_with_the_defaults() {
        let row = MemberRow::parse(3, &cells(&GOOD), today()).unwrap();
        assert_eq!(row.ethnicity, "汉族");
        assert_eq!(row.education, "本科");
        assert_eq!(row.dues_category, DuesCategory::Employed);
        assert_eq!(row.status(), MemberStatus::Full);
        assert_eq!(row.birth_date, Date::parse("1985-05-05").unwrap());
        assert_eq!(row.flowing_destination, None);
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let mut bad = GOOD;
        bad[3] = "430726198505051241"; // wrong check digit
        bad[9] = "";
        bad[10] = "土豪党员";
        let problems = MemberRow::parse(7, &cells(&bad), today()).unwrap_err();
        let named: Vec<(u32, &str)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(
            named,
            [(7, "公民身份号码"), (7, "所在党组织"), (7, "党费类别")]
        );
        assert!(
            problems[0]
                .to_string()
                .starts_with("第 7 行「公民身份号码」："),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn columns_must_agree_with_the_resident_id() {
        let mut bad = GOOD;
        bad[1] = "男";
        bad[5] = "1985-05-06";
        bad[8] = "2009-01-01";
        let problems = MemberRow::parse(4, &cells(&bad), today()).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column).collect();
        assert_eq!(columns, ["性别", "出生日期", "转正日期"]);
    }

    #[test]
    fn remarks_are_kept_and_bounded() {
        let mut good = GOOD;
        good[12] = "2019 年从广东转入";
        let row = MemberRow::parse(3, &cells(&good), today()).unwrap();
        assert_eq!(row.note.as_deref(), Some("2019 年从广东转入"));
        let long = "长".repeat(201);
        let mut bad = GOOD;
        bad[12] = &long;
        let problems = MemberRow::parse(3, &cells(&bad), today()).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.column).collect::<Vec<_>>(),
            ["备注"]
        );
    }

    #[test]
    fn the_example_row_is_recognised() {
        assert!(MemberRow::is_example(&cells(&MEMBER_EXAMPLE)));
        assert!(!MemberRow::is_example(&cells(&GOOD)));
        // The example row itself is valid, so a clerk copying it gets a working row.
        assert!(MemberRow::parse(2, &cells(&MEMBER_EXAMPLE), today()).is_ok());
    }
}
