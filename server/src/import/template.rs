//! The workbooks county staff fill in: the header in row 1, one example row in row 2 (skipped
//! on import while it is unchanged), pick lists for the enumerated columns, identity numbers and
//! mobiles formatted as text (Excel rounds long numbers), and a second sheet explaining each column.

use domain::import::{EDUCATION_LEVELS, MEMBER_COLUMNS, MEMBER_EXAMPLE, ORG_COLUMNS, ORG_EXAMPLE};
use domain::{dues::DuesCategory, OrgKind};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

/// Rows the pick lists and text formats cover.
const ROWS: u32 = 50_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Orgs,
    Members,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "orgs" => Some(Kind::Orgs),
            "members" => Some(Kind::Members),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Orgs => "orgs",
            Kind::Members => "members",
        }
    }
}

fn help(kind: Kind) -> Vec<(&'static str, &'static str)> {
    match kind {
        Kind::Orgs => vec![
            ("组织名称", "必填。全县唯一的全称，党员表的“所在党组织”按此名称查找。"),
            ("组织类别", "必填。党委、党工委、流动党委、党总支、党支部、流动党支部、党小组。"),
            ("上级组织", "必填。县级党组织（dangjian init 时的名称）或本表中的另一行；党委、党工委、流动党委设在县级党组织之下，党总支、党支部设在党委之下，流动党支部设在流动党委之下。"),
            ("地址", "选填。"),
            ("经度", "选填，与纬度同时填写，如 112.2034（县级地图上的红旗位置）。"),
            ("纬度", "选填，与经度同时填写，如 25.9051。"),
        ],
        Kind::Members => vec![
            ("姓名", "必填。"),
            ("性别", "必填：男或女，须与公民身份号码一致。"),
            ("民族", "必填：56 个民族之一，如“汉族”，也可只写“汉”。"),
            ("公民身份号码", "必填，18 位，末位可为 X；请保持为文本格式，不要让 Excel 转成数字（会丢失末几位）。同一号码再次导入时更新该党员。"),
            ("手机号码", "必填，11 位，即登录账号，不能与他人重复。"),
            ("出生日期", "选填，空着时取自公民身份号码；填写时须一致。日期可写 2005-07-01、2005/7/1 或 2005年7月1日。"),
            ("学历", "必填：小学、初中、高中、中专、大专、本科、研究生、硕士、博士（“大学本科”等写法也可）。"),
            ("入党日期", "必填，入党时须年满 18 周岁。"),
            ("转正日期", "预备党员空着；正式党员填写，须晚于入党日期。"),
            ("所在党组织", "必填：党员所在支部的全称，须已导入（先导入组织表）。"),
            ("党费类别", "选填，空着按在职党员：在职党员、年薪制党员、个体经营党员、离退休党员、农民党员、学生党员、下岗失业党员、低保党员。"),
            ("流动去向", "选填：外出务工、经商所在地，如“广东省东莞市长安镇”。"),
            ("备注", "选填。"),
        ],
    }
}

pub fn workbook(kind: Kind) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let (name, columns, example): (&str, &[&str], &[&str]) = match kind {
        Kind::Orgs => ("党组织", &ORG_COLUMNS, &ORG_EXAMPLE),
        Kind::Members => ("党员", &MEMBER_COLUMNS, &MEMBER_EXAMPLE),
    };
    let sheet = book.add_worksheet().set_name(name)?;
    for (c, header) in (0u16..).zip(columns.iter()) {
        sheet.set_column_width(c, 16)?;
        // Every column is text: identity numbers and mobiles keep all their digits, and dates
        // stay as typed (the importer reads every way of writing them).
        sheet.set_column_format(c, &text)?;
        sheet.write_string_with_format(0, c, *header, &bold)?;
    }
    for (c, value) in (0u16..).zip(example.iter()) {
        sheet.write_string(1, c, *value)?;
    }
    let list = |values: Vec<&str>| DataValidation::new().allow_list_strings(&values);
    match kind {
        Kind::Orgs => {
            let kinds: Vec<&str> = OrgKind::ALL
                .iter()
                .filter(|k| **k != OrgKind::CountyOrgDept)
                .map(|k| k.label_zh())
                .collect();
            sheet.add_data_validation(1, 1, ROWS, 1, &list(kinds)?)?;
        }
        Kind::Members => {
            sheet.add_data_validation(1, 1, ROWS, 1, &list(vec!["男", "女"])?)?;
            sheet.add_data_validation(1, 6, ROWS, 6, &list(EDUCATION_LEVELS.to_vec())?)?;
            let categories: Vec<&str> = DuesCategory::ALL.iter().map(|c| c.label_zh()).collect();
            sheet.add_data_validation(1, 10, ROWS, 10, &list(categories)?)?;
        }
    }
    let notes = book.add_worksheet().set_name("填写说明")?;
    notes.set_column_width(0, 16)?;
    notes.set_column_width(1, 100)?;
    notes.write_string_with_format(0, 0, "列", &bold)?;
    notes.write_string_with_format(0, 1, "怎么填", &bold)?;
    for (r, (column, how)) in (1u32..).zip(help(kind)) {
        notes.write_string(r, 0, column)?;
        notes.write_string(r, 1, how)?;
    }
    notes.write_string(
        help(kind).len() as u32 + 2,
        0,
        "第 2 行是示例，原样保留时导入会跳过它；也可以删除。表头（第 1 行）不要改动。",
    )?;
    book.save_to_buffer()
}
