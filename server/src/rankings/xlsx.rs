//! The boards as an Excel workbook (.xlsx), the basis of the year-end 考核评价 and 评先评优:
//! one sheet per board the reader sees on `/rankings` (cut by the same policy), each row with
//! its rank, score, composite parts, list and the reason for a black list; and 重点警示.

use app::rankings::{BranchBoard, CompositeBoard, RankingsView};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn header(sheet: &mut Worksheet, title: &str, columns: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (c, h) in columns.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    Ok(())
}

fn list_cells(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    list: Option<domain::ranking::ListKind>,
    why: Option<&str>,
) -> Result<(), XlsxError> {
    sheet.write_string(row, col, list.map_or("", |l| l.label_zh()))?;
    sheet.write_string(row, col + 1, why.unwrap_or_default())?;
    Ok(())
}

fn branch_sheet(book: &mut Workbook, name: &str, board: &BranchBoard) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet().set_name(name)?;
    header(
        sheet,
        &board.title,
        &["名次", "组织", "党员人数", "人均积分", "榜单", "原因"],
    )?;
    for (i, r) in board.rows.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, f64::from(r.rank))?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_number(row, 2, r.members as f64)?;
        sheet.write_number(row, 3, r.average_points as f64)?;
        list_cells(sheet, row, 4, r.list, r.why.as_deref())?;
    }
    Ok(())
}

fn composite_sheet(
    book: &mut Workbook,
    name: &str,
    board: &CompositeBoard,
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet().set_name(name)?;
    header(
        sheet,
        &board.title,
        &[
            "名次",
            "组织",
            "规模",
            "综合评分",
            "党员积分",
            "组织生活",
            "任务",
            "党费",
            "榜单",
            "原因",
        ],
    )?;
    let number = |s: &str| s.parse::<f64>().unwrap_or(0.0);
    for (i, r) in board.rows.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, f64::from(r.rank))?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_number(row, 2, r.size as f64)?;
        sheet.write_number(row, 3, number(&r.score))?;
        if let Some(parts) = &r.parts {
            for (c, p) in parts.iter().enumerate() {
                sheet.write_number(row, 4 + c as u16, number(p))?;
            }
        }
        list_cells(sheet, row, 8, r.list, r.why.as_deref())?;
    }
    Ok(())
}

pub fn workbook(view: &RankingsView) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    if let Some(board) = &view.members {
        let sheet = book.add_worksheet().set_name("党员积分")?;
        header(
            sheet,
            &format!("{} {} 年党员积分排名", board.org_name, view.year),
            &["名次", "姓名", "积分", "榜单", "原因"],
        )?;
        for (i, r) in board.rows.iter().enumerate() {
            let row = i as u32 + 2;
            sheet.write_number(row, 0, f64::from(r.rank))?;
            sheet.write_string(row, 1, &r.name)?;
            sheet.write_number(row, 2, r.points as f64)?;
            list_cells(sheet, row, 3, r.list, r.why.as_deref())?;
        }
    }
    if let Some(board) = &view.scope_members {
        let sheet = book.add_worksheet().set_name("辖区党员积分")?;
        header(
            sheet,
            &format!(
                "{} {} 年党员积分排名（共 {} 人）",
                board.org_name, view.year, board.total
            ),
            &["名次", "姓名", "所在支部", "积分", "榜单", "原因"],
        )?;
        for (i, r) in board.rows.iter().enumerate() {
            let row = i as u32 + 2;
            sheet.write_number(row, 0, f64::from(r.rank))?;
            sheet.write_string(row, 1, &r.name)?;
            sheet.write_string(row, 2, r.branch.as_deref().unwrap_or_default())?;
            sheet.write_number(row, 3, r.points as f64)?;
            list_cells(sheet, row, 4, r.list, r.why.as_deref())?;
        }
    }
    if let Some(board) = &view.committee {
        branch_sheet(&mut book, "党委内支部", board)?;
    }
    if let Some(board) = &view.county {
        branch_sheet(&mut book, "全县支部", board)?;
    }
    if let Some(board) = &view.composite {
        composite_sheet(&mut book, "支部综合评分", board)?;
    }
    if let Some(board) = &view.committees {
        composite_sheet(&mut book, "党委综合评分", board)?;
    }
    if let Some(rows) = &view.warnings {
        let sheet = book.add_worksheet().set_name("重点警示")?;
        header(sheet, "重点警示", &["组织", "原因"])?;
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 2;
            sheet.write_string(row, 0, &r.name)?;
            sheet.write_string(row, 1, &r.reasons)?;
        }
    }
    if book.worksheets().is_empty() {
        let sheet = book.add_worksheet().set_name("排名")?;
        sheet.write_string(0, 0, "本县目前未开放排名查看。")?;
    }
    book.save_to_buffer()
}
