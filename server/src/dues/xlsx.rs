//! The ledger as an Excel workbook (.xlsx): the months, the organizations below, and the
//! arrears list with names masked (张*明) — exported files travel by e-mail and USB sticks.

use app::dues::LedgerView;
use rust_xlsxwriter::{Format, Workbook};

fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [] | [_] => name.to_string(),
        [first, _] => format!("{first}*"),
        [first, middle @ .., last] => format!("{first}{}{last}", "*".repeat(middle.len())),
    }
}

pub fn workbook(view: &LedgerView) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let months = book.add_worksheet().set_name("按月收缴")?;
    months.write_string_with_format(
        0,
        0,
        format!("{} {} 年党费收缴", view.org_name, view.year),
        &bold,
    )?;
    for (c, h) in ["月份", "应交（元）", "实交（元）", "收缴率"]
        .iter()
        .enumerate()
    {
        months.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    for (i, m) in view.months.iter().enumerate() {
        let r = i as u32 + 2;
        months.write_string(r, 0, &m.month)?;
        months.write_number(r, 1, m.expected.parse::<f64>().unwrap_or(0.0))?;
        months.write_number(r, 2, m.collected.parse::<f64>().unwrap_or(0.0))?;
        months.write_string(r, 3, &m.rate)?;
    }
    let orgs = book.add_worksheet().set_name("下级组织")?;
    for (c, h) in ["组织", "应交（元）", "实交（元）", "收缴率", "欠交人数"]
        .iter()
        .enumerate()
    {
        orgs.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, o) in view.children.iter().enumerate() {
        let r = i as u32 + 1;
        orgs.write_string(r, 0, &o.name)?;
        orgs.write_number(r, 1, o.expected.parse::<f64>().unwrap_or(0.0))?;
        orgs.write_number(r, 2, o.collected.parse::<f64>().unwrap_or(0.0))?;
        orgs.write_string(r, 3, &o.rate)?;
        orgs.write_number(r, 4, o.in_arrears as f64)?;
    }
    let arrears = book.add_worksheet().set_name("欠交名单")?;
    for (c, h) in [
        "姓名",
        "所在组织",
        "连续欠交月数",
        "起始月份",
        "状态",
        "原因",
    ]
    .iter()
    .enumerate()
    {
        arrears.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, a) in view.arrears.iter().enumerate() {
        let r = i as u32 + 1;
        arrears.write_string(r, 0, mask_name(&a.name))?;
        arrears.write_string(r, 1, &a.org_name)?;
        arrears.write_number(r, 2, f64::from(a.months))?;
        arrears.write_string(r, 3, &a.since)?;
        arrears.write_string(r, 4, &a.level_label)?;
        arrears.write_string(r, 5, a.note.as_deref().unwrap_or(""))?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::mask_name;

    #[test]
    fn names_keep_their_first_and_last_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳明月"), "欧**月");
        assert_eq!(mask_name("李小明"), "李*明");
    }
}
