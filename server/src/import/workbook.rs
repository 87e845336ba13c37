//! Reading the first sheet of an uploaded workbook into the importer's cells.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use domain::import::Cell;

/// Rows of cells as the clerk sees them: row 0 is Excel's row 1. `Err` carries a Chinese message.
pub fn rows(bytes: &[u8], columns: usize) -> Result<Vec<Vec<Cell>>, String> {
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("无法读取这个 Excel 文件（请保存为 .xlsx 格式）：{e}"))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return Err(format!("无法读取第一个工作表：{e}")),
        None => return Err("文件中没有工作表".to_owned()),
    };
    let Some((last_row, _)) = range.end() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for r in 0..=last_row {
        let row: Vec<Cell> = (0..columns)
            .map(|c| {
                let col = u32::try_from(c).unwrap_or(u32::MAX);
                cell(range.get_value((r, col)).unwrap_or(&Data::Empty))
            })
            .collect();
        out.push(row);
    }
    // Trailing rows a clerk formatted but left empty are not rows.
    while out.last().is_some_and(|row| row.iter().all(Cell::is_blank)) {
        out.pop();
    }
    Ok(out)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        #[allow(clippy::cast_precision_loss)]
        // a cell's integer: an ID rounded here is refused later
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
        // A date cell: its serial, which the importer reads as a date.
        Data::DateTime(dt) => Cell::Number(dt.as_f64().floor()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}
