//! The demo county as the county's own Excel workbooks would hold it, for the import benchmark
//! (`dangjian bench workbooks`, bench/import.sh): every organization below the root and every
//! member, in the import templates' columns.

use std::collections::HashMap;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{build_dataset, DemoPlan};

/// (root's name, organizations workbook, members workbook).
pub fn demo_workbooks(plan: &DemoPlan) -> Result<(String, Vec<u8>, Vec<u8>), XlsxError> {
    let data = build_dataset(plan);
    let names: HashMap<i64, &str> = data.orgs.iter().map(|o| (o.id, o.name.as_str())).collect();
    let root = data
        .orgs
        .iter()
        .find(|o| o.parent_id.is_none())
        .map(|o| o.name.clone())
        .unwrap_or_default();

    let mut orgs = Workbook::new();
    let sheet = orgs.add_worksheet();
    for (c, h) in (0u16..).zip(domain::import::ORG_COLUMNS) {
        sheet.write_string(0, c, h)?;
    }
    for (r, o) in (1u32..).zip(data.orgs.iter().filter(|o| o.parent_id.is_some())) {
        let kind = domain::OrgKind::parse(o.kind).map_or(o.kind, |k| k.label_zh());
        let parent = o
            .parent_id
            .and_then(|p| names.get(&p))
            .copied()
            .unwrap_or("");
        sheet.write_string(r, 0, &o.name)?;
        sheet.write_string(r, 1, kind)?;
        sheet.write_string(r, 2, parent)?;
        sheet.write_number(r, 4, o.lng_e6 as f64 / 1e6)?;
        sheet.write_number(r, 5, o.lat_e6 as f64 / 1e6)?;
    }

    let mut members = Workbook::new();
    let sheet = members.add_worksheet();
    for (c, h) in (0u16..).zip(domain::import::MEMBER_COLUMNS) {
        sheet.write_string(0, c, h)?;
    }
    for (r, m) in (1u32..).zip(&data.members) {
        let (joined_on, full_on) = adult_joining(m);
        let sex = domain::Sex::parse(m.sex).map_or(m.sex, |s| s.label_zh());
        let category = domain::dues::DuesCategory::parse(m.dues_category)
            .map_or(m.dues_category, |c| c.label_zh());
        let cells = [
            m.name.as_str(),
            sex,
            m.ethnicity,
            &m.id_number,
            &m.mobile,
            &m.birth_date,
            m.education,
            &joined_on,
            full_on.as_deref().unwrap_or(""),
            names.get(&m.org_id).copied().unwrap_or(""),
            category,
            m.flowing_destination.as_deref().unwrap_or(""),
        ];
        for (c, v) in (0u16..).zip(cells) {
            if !v.is_empty() {
                sheet.write_string(r, c, v)?;
            }
        }
    }
    Ok((root, orgs.save_to_buffer()?, members.save_to_buffer()?))
}

/// The demo generator lets a few members join before their 18th birthday, which the rules and
/// the importer refuse: their joining moves to that birthday, and full membership a year later.
fn adult_joining(m: &super::MemberRow) -> (String, Option<String>) {
    let year = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
    let (Some(born), Some(joined)) = (year(&m.birth_date), year(&m.joined_on)) else {
        return (m.joined_on.clone(), m.full_on.clone());
    };
    let month_day = m.birth_date.get(4..).unwrap_or("-01-01");
    let adult = format!("{}{month_day}", born + 18);
    if joined > born + 18 || (joined == born + 18 && m.joined_on.as_str() >= adult.as_str()) {
        return (m.joined_on.clone(), m.full_on.clone());
    }
    let full = m
        .full_on
        .as_ref()
        .map(|_| format!("{}{month_day}", born + 19));
    (adult, full)
}
