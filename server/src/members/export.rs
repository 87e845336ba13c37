//! A roster as an Excel workbook: the subtree of an organization the reader may list, filtered,
//! identity and mobile numbers masked. Unmasked only for those who may see identities there,
//! with a reason, and the export (reason, row count) recorded in the trail
//! (docs/operations.md#exporting).

use domain::{access::Action, dues::DuesCategory, ErrorCode, MemberStatus, OrgId};
use rust_xlsxwriter::{Format, Workbook};

use super::mask;
use crate::{
    access::Actor,
    error::{Context as _, ServiceError, ServiceResult},
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// Which members: all by default.
#[derive(Clone, Debug, Default)]
pub struct ExportFilter {
    pub status: Option<MemberStatus>,
    pub category: Option<DuesCategory>,
    /// `Some(true)`: only members working away (a flowing destination); `Some(false)`: only those at home.
    pub flowing: Option<bool>,
}

/// The longest reason kept for an unmasked export.
const MAX_REASON_CHARS: usize = 200;

#[derive(sqlx::FromRow)]
struct Row {
    org_name: String,
    name: String,
    sex: String,
    ethnicity: String,
    birth_date: String,
    id_number: String,
    mobile: String,
    education: String,
    joined_on: String,
    full_on: Option<String>,
    status: MemberStatus,
    dues_category: DuesCategory,
    flowing_destination: Option<String>,
    remarks: Option<String>,
}

pub struct Export {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub rows: usize,
}

pub async fn roster_xlsx(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    filter: &ExportFilter,
    unmasked_reason: Option<&str>,
) -> ServiceResult<Export> {
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let reach = actor.reach_org(&org.path);
    actor.require(Action::ListMembers, reach)?;
    let reason = match unmasked_reason {
        None => None,
        Some(reason) => {
            actor.require(Action::ViewMemberIdentity, reach)?;
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                return Err(ServiceError::field("reason", ErrorCode::InvalidText));
            }
            Some(reason.to_owned())
        }
    };
    let mut sql = String::from(
        "SELECT o.name AS org_name, m.name, m.sex, m.ethnicity, m.birth_date, m.id_number, m.mobile, \
         m.education, m.joined_on, m.full_on, m.status, m.dues_category, m.flowing_destination, m.remarks \
         FROM organizations o CROSS JOIN members m WHERE m.org_id = o.id AND o.path LIKE $1",
    );
    if filter.status.is_some() {
        sql.push_str(" AND m.status = $2");
    } else {
        sql.push_str(" AND $2 = ''");
    }
    if filter.category.is_some() {
        sql.push_str(" AND m.dues_category = $3");
    } else {
        sql.push_str(" AND $3 = ''");
    }
    match filter.flowing {
        Some(true) => sql.push_str(" AND COALESCE(m.flowing_destination, '') <> ''"),
        Some(false) => sql.push_str(" AND COALESCE(m.flowing_destination, '') = ''"),
        None => {}
    }
    sql.push_str(" ORDER BY o.path, m.id");
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(org.path.like_prefix())
            .bind(filter.status.map_or("", MemberStatus::code))
            .bind(filter.category.map_or("", DuesCategory::code))
            .fetch_all(pool)
            .await?
    });
    let bytes =
        workbook(&org.name, &rows, reason.is_some()).context("writing the roster workbook")?;
    if let Some(reason) = &reason {
        let record = serde_json::json!({
            "organization": org.name,
            "rows": rows.len(),
            "unmasked": true,
            "reason": reason,
            "status": filter.status.map(MemberStatus::code),
            "category": filter.category.map(DuesCategory::code),
            "flowing": filter.flowing,
        });
        with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            tx.lock().await?;
            tx.append(Change::by(actor.account_id, "roster.export", "roster_exports", org.id.get(), None, record))
                .await?;
            tx.commit().await?;
        });
    }
    let masked = if reason.is_some() {
        ""
    } else {
        "（已脱敏）"
    };
    Ok(Export {
        file_name: format!("{}党员名册{masked}.xlsx", org.name),
        bytes,
        rows: rows.len(),
    })
}

fn workbook(
    org_name: &str,
    rows: &[Row],
    unmasked: bool,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("党员名册")?;
    let title = if unmasked {
        format!("{org_name} 党员名册")
    } else {
        format!("{org_name} 党员名册（身份证号、手机号已脱敏）")
    };
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let header = [
        "所在党组织",
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "公民身份号码",
        "手机号码",
        "学历",
        "入党日期",
        "转正日期",
        "党员状态",
        "党费类别",
        "流动去向",
        "备注",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.set_column_width(c, 14)?;
        sheet.write_string_with_format(1, c, h, &bold)?;
    }
    for (r, row) in (2u32..).zip(rows) {
        let (id_number, mobile) = if unmasked {
            (row.id_number.clone(), row.mobile.clone())
        } else {
            (mask::id_number(&row.id_number), mask::mobile(&row.mobile))
        };
        let sex = domain::Sex::parse(&row.sex).map_or("", domain::Sex::label_zh);
        let values = [
            row.org_name.as_str(),
            &row.name,
            sex,
            &row.ethnicity,
            &row.birth_date,
            &id_number,
            &mobile,
            &row.education,
            &row.joined_on,
            row.full_on.as_deref().unwrap_or(""),
            row.status.label_zh(),
            row.dues_category.label_zh(),
            row.flowing_destination.as_deref().unwrap_or(""),
            row.remarks.as_deref().unwrap_or(""),
        ];
        for (c, v) in (0u16..).zip(values) {
            sheet.write_string(r, c, v)?;
        }
    }
    book.save_to_buffer()
}
