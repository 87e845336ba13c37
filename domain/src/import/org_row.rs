//! One row of the organizations workbook (党组织信息导入模板).

use super::{Cell, Problem};
use crate::OrgKind;

pub const ORG_COLUMNS: [&str; 6] = ["组织名称", "组织类别", "上级组织", "地址", "经度", "纬度"];

pub const ORG_EXAMPLE: [&str; 6] = [
    "示例村党支部",
    "党支部",
    "示例镇党委",
    "示例镇示例村村部",
    "112.2034",
    "25.9051",
];

use crate::org::reshape::MAX_ORG_NAME_CHARS as MAX_NAME_CHARS;

#[derive(Clone, Debug, PartialEq)]
pub struct OrgRow {
    pub row: u32,
    pub name: String,
    pub kind: OrgKind,
    /// The parent's name as typed: the county (as `dangjian init` named it) or a row above.
    pub parent_name: String,
    pub address: Option<String>,
    /// Longitude and latitude in millionths of a degree, for the county map.
    pub location: Option<(i64, i64)>,
}

impl OrgRow {
    pub fn is_example(cells: &[Cell]) -> bool {
        ORG_EXAMPLE
            .iter()
            .enumerate()
            .all(|(i, want)| cells.get(i).map(Cell::text).unwrap_or_default() == *want)
    }

    pub fn parse(row: u32, cells: &[Cell]) -> Result<OrgRow, Vec<Problem>> {
        let text = |i: usize| cells.get(i).map(Cell::text).unwrap_or_default();
        let mut problems = Vec::new();
        let mut problem = |column: &'static str, message: String| {
            problems.push(Problem {
                row,
                column,
                message,
            });
        };
        let name = text(0);
        if name.is_empty() {
            problem("组织名称", "不能为空".to_owned());
        } else if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            problem("组织名称", format!("不能超过 {MAX_NAME_CHARS} 个字"));
        }
        let kind = match OrgKind::parse(&text(1)) {
            Ok(OrgKind::CountyOrgDept) => {
                problem(
                    "组织类别",
                    "县级党组织由 dangjian init 创建，不能导入".to_owned(),
                );
                None
            }
            Ok(kind) => Some(kind),
            Err(_) => {
                let labels: Vec<&str> = OrgKind::ALL
                    .iter()
                    .filter(|k| **k != OrgKind::CountyOrgDept)
                    .map(|k| k.label_zh())
                    .collect();
                problem(
                    "组织类别",
                    format!("「{}」不是组织类别（{}）", text(1), labels.join("、")),
                );
                None
            }
        };
        let parent_name = text(2);
        if parent_name.is_empty() {
            problem("上级组织", "不能为空".to_owned());
        } else if parent_name == name {
            problem("上级组织", "不能是本组织".to_owned());
        }
        let coordinate =
            |i: usize, range: core::ops::RangeInclusive<f64>| -> Result<Option<i64>, String> {
                let cell = cells.get(i).cloned().unwrap_or(Cell::Empty);
                let value = match cell {
                    Cell::Empty => return Ok(None),
                    Cell::Number(n) => n,
                    other => match other.text().parse::<f64>() {
                        Ok(n) => n,
                        Err(_) if other.is_blank() => return Ok(None),
                        Err(_) => return Err(format!("「{}」不是数字", other.text())),
                    },
                };
                if !range.contains(&value) {
                    return Err(format!(
                        "应在 {} 到 {} 之间（中国境内）",
                        range.start(),
                        range.end()
                    ));
                }
                #[allow(clippy::cast_possible_truncation)] // within ±180 degrees
                Ok(Some((value * 1_000_000.0).round() as i64))
            };
        let lng = coordinate(4, 73.0..=136.0).unwrap_or_else(|m| {
            problem("经度", m);
            None
        });
        let lat = coordinate(5, 3.0..=54.0).unwrap_or_else(|m| {
            problem("纬度", m);
            None
        });
        let location = match (lng, lat) {
            (Some(lng), Some(lat)) => Some((lng, lat)),
            (None, None) => None,
            (Some(_), None) => {
                problem("纬度", "填写了经度，也要填写纬度".to_owned());
                None
            }
            (None, Some(_)) => {
                problem("经度", "填写了纬度，也要填写经度".to_owned());
                None
            }
        };
        if text(3).chars().count() > super::MAX_FREE_TEXT_CHARS {
            problem(
                "地址",
                format!("不能超过 {} 个字", super::MAX_FREE_TEXT_CHARS),
            );
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(OrgRow {
                row,
                name,
                kind,
                parent_name,
                address: Some(text(3)).filter(|t| !t.is_empty()),
                location,
            }),
            _ => Err(problems),
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

    #[test]
    fn rows_read_with_their_location() {
        let row = OrgRow::parse(
            3,
            &cells(&[
                "大坪塘村党支部",
                "党支部",
                "龙泉镇党委",
                "",
                "112.2",
                "25.9",
            ]),
        )
        .unwrap();
        assert_eq!(row.kind, OrgKind::Branch);
        assert_eq!(row.location, Some((112_200_000, 25_900_000)));
        assert_eq!(row.address, None);
        assert!(OrgRow::is_example(&cells(&ORG_EXAMPLE)));
    }

    #[test]
    fn problems_name_their_column() {
        let problems =
            OrgRow::parse(5, &cells(&["", "支部委员会", "", "", "200", ""])).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column).collect();
        assert_eq!(columns, ["组织名称", "组织类别", "上级组织", "经度"]);
        let county =
            OrgRow::parse(6, &cells(&["新田县", "县委组织部", "新田县", "", "", ""])).unwrap_err();
        assert!(county.iter().any(|p| p.column == "组织类别"));
        let long = "路".repeat(201);
        let address = OrgRow::parse(
            7,
            &cells(&["甲村党支部", "党支部", "龙泉镇党委", &long, "", ""]),
        )
        .unwrap_err();
        assert_eq!(
            address.iter().map(|p| p.column).collect::<Vec<_>>(),
            ["地址"]
        );
        let kept = OrgRow::parse(
            7,
            &cells(&["甲村党支部", "党支部", "龙泉镇党委", "甲村村部", "", ""]),
        )
        .unwrap();
        assert_eq!(kept.address.as_deref(), Some("甲村村部"));
    }
}
