//! The members workbook: rows checked against each other and the database, then written.

use std::collections::HashMap;

use domain::import::{Cell, MemberRow, Problem, MEMBER_COLUMNS};
use domain::{AccountId, Date, ErrorCode, MemberId, OrgId, OrgKind};

use super::{data_rows, Checked, Outcome, Phase, Progress};
use crate::{
    clock,
    error::ServiceResult,
    rankings::TotalsTx,
    storage::Db,
    trail::{
        records::{to_json, MemberRecord, MEMBER_COLUMNS as RECORD_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// What applying the file will do.
pub struct MemberPlan {
    rows: usize,
    new: Vec<(MemberRow, OrgId)>,
    /// Before and after, for members whose resident ID is already on file.
    changed: Vec<(MemberRecord, MemberRecord)>,
    unchanged: usize,
}

impl MemberPlan {
    pub fn outcome(&self) -> Outcome {
        Outcome {
            rows: self.rows,
            created: self.new.len(),
            updated: self.changed.len(),
            unchanged: self.unchanged,
        }
    }
}

#[derive(sqlx::FromRow)]
struct OrgName {
    id: OrgId,
    name: String,
    kind: OrgKind,
}

/// The record a row describes, over what is on file (`current`) or fresh.
fn record_of(row: &MemberRow, org_id: OrgId, current: &MemberRecord) -> MemberRecord {
    MemberRecord {
        org_id,
        name: row.name.as_str().to_owned(),
        sex: row.sex.code().to_owned(),
        ethnicity: row.ethnicity.to_owned(),
        birth_date: row.birth_date.to_string(),
        id_number: row.id_number.as_str().to_owned(),
        mobile: row.mobile.as_str().to_owned(),
        education: row.education.to_owned(),
        joined_on: row.joined_on.to_string(),
        full_on: row.full_on.map(|d| d.to_string()),
        status: row.status(),
        dues_category: row.dues_category.code().to_owned(),
        flowing_destination: row.flowing_destination.clone(),
        remarks: row.note.clone(),
        ..current.clone()
    }
}

pub async fn check_members(
    db: &Db,
    bytes: &[u8],
    today: Date,
    progress: &Progress,
) -> ServiceResult<Checked<MemberPlan>> {
    match data_rows(bytes, &MEMBER_COLUMNS, MemberRow::is_example) {
        Ok(rows) => check_member_rows(db, &rows, today, progress).await,
        Err(problems) => Ok(Checked::Refused(problems)),
    }
}

/// The checks of [`check_members`] on rows already read: (Excel row number, cells in the
/// template's column order). The 新增党员 form checks its one row here too.
pub async fn check_member_rows(
    db: &Db,
    rows: &[(u32, Vec<Cell>)],
    today: Date,
    progress: &Progress,
) -> ServiceResult<Checked<MemberPlan>> {
    let (orgs, members): (Vec<OrgName>, Vec<MemberRecord>) = with_pool!(db, pool => {
        (
            sqlx::query_as("SELECT id, name, kind FROM organizations WHERE dissolved_at IS NULL").fetch_all(pool).await?,
            sqlx::query_as(&format!("SELECT {RECORD_COLUMNS} FROM members")).fetch_all(pool).await?,
        )
    });
    let mut by_name: HashMap<&str, Vec<&OrgName>> = HashMap::new();
    for org in &orgs {
        by_name.entry(org.name.as_str()).or_default().push(org);
    }
    let by_id_number: HashMap<&str, &MemberRecord> =
        members.iter().map(|m| (m.id_number.as_str(), m)).collect();
    let by_mobile: HashMap<&str, &MemberRecord> =
        members.iter().map(|m| (m.mobile.as_str(), m)).collect();

    let mut problems: Vec<Problem> = Vec::new();
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut seen_mobiles: HashMap<String, u32> = HashMap::new();
    let mut plan = MemberPlan {
        rows: rows.len(),
        new: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    progress.start(Phase::Checking, rows.len());
    for (index, (number, cells)) in rows.iter().enumerate() {
        progress.set(index);
        let row = match MemberRow::parse(*number, cells, today) {
            Ok(row) => row,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let mut problem = |column: &'static str, message: String| {
            problems.push(Problem {
                row: *number,
                column,
                message,
            });
        };
        if let Some(first) = seen_ids.insert(row.id_number.as_str().to_owned(), *number) {
            problem("公民身份号码", format!("与第 {first} 行重复"));
        }
        if let Some(first) = seen_mobiles.insert(row.mobile.as_str().to_owned(), *number) {
            problem("手机号码", format!("与第 {first} 行重复"));
        }
        let org = match by_name.get(row.org_name.as_str()).map(Vec::as_slice) {
            None | Some([]) => {
                problem(
                    "所在党组织",
                    format!(
                        "找不到名为「{}」的党组织：请先导入组织表，或核对全称",
                        row.org_name
                    ),
                );
                None
            }
            Some([org]) if !org.kind.is_branch_level() => {
                problem(
                    "所在党组织",
                    format!(
                        "「{}」是{}：党员应登记在党支部或党总支",
                        org.name,
                        org.kind.label_zh()
                    ),
                );
                None
            }
            Some([org]) => Some(org.id),
            Some(several) => {
                problem(
                    "所在党组织",
                    format!(
                        "有 {} 个党组织都叫「{}」：请在组织表中改用全称",
                        several.len(),
                        row.org_name
                    ),
                );
                None
            }
        };
        let current = by_id_number.get(row.id_number.as_str()).copied();
        if let Some(other) = by_mobile.get(row.mobile.as_str()) {
            if current.map(|c| c.id) != Some(other.id) {
                problem("手机号码", "已被另一名党员使用".to_owned());
            }
        }
        let Some(org_id) = org else { continue };
        match current {
            Some(current) => {
                let next = record_of(&row, org_id, current);
                if next == *current {
                    plan.unchanged += 1;
                } else if current.standing.has_left() {
                    // A member off the rolls keeps their file as it was (docs/rules.md#standing-changes).
                    problem(
                        "公民身份号码",
                        format!(
                            "{}的党籍状态为「{}」，档案只读，不能再修改",
                            current.name,
                            current.standing.label_zh()
                        ),
                    );
                } else {
                    plan.changed.push((current.clone(), next));
                }
            }
            None => plan.new.push((row, org_id)),
        }
    }
    progress.set(rows.len());
    if !problems.is_empty() {
        return Ok(Checked::Refused(problems));
    }
    Ok(Checked::Ready(plan))
}

/// Writes the plan in one transaction; each new member and each change is a trail event, so a
/// changed row shows in the member's history.
pub async fn apply_members(
    db: &Db,
    plan: &MemberPlan,
    actor: Option<AccountId>,
    progress: &Progress,
) -> ServiceResult<(Outcome, Vec<MemberId>)> {
    let now = clock::now_rfc3339();
    progress.start(Phase::Writing, plan.new.len() + plan.changed.len());
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Checked again under the lock: an organization dissolved since the check takes no one
        // in (docs/rules.md#reshaping-the-tree).
        let mut targets: Vec<OrgId> = plan.new.iter().map(|(_, org)| *org).collect();
        targets.extend(plan.changed.iter().map(|(_, after)| after.org_id));
        targets.sort_unstable();
        targets.dedup();
        for &org in &targets {
            let dissolved: Option<Option<String>> =
                sqlx::query_scalar("SELECT dissolved_at FROM organizations WHERE id = $1")
                    .bind(org)
                    .fetch_optional(&mut *tx)
                    .await?;
            if !matches!(dissolved, Some(None)) {
                return Err(ErrorCode::OrgDissolved.into());
            }
        }
        // And a member who left the rolls since the check keeps their file as it was.
        for (before, _) in &plan.changed {
            let standing: domain::standing::Standing =
                sqlx::query_scalar("SELECT standing FROM members WHERE id = $1")
                    .bind(before.id)
                    .fetch_one(&mut *tx)
                    .await?;
            if standing.has_left() {
                return Err(ErrorCode::MemberHasLeft.into());
            }
        }
        let mut events = Vec::with_capacity(plan.new.len() + plan.changed.len());
        let mut created = Vec::with_capacity(plan.new.len());
        for (row, org_id) in &plan.new {
            let record: MemberRecord = sqlx::query_as(&format!(
                "INSERT INTO members (org_id, name, sex, ethnicity, birth_date, id_number, mobile, education, \
                 joined_on, full_on, status, job, dues_category, dues_base_fen, flowing_destination, created_at, remarks) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12, 0, $13, $14, $15) RETURNING {RECORD_COLUMNS}"
            ))
            .bind(org_id)
            .bind(row.name.as_str())
            .bind(row.sex.code())
            .bind(row.ethnicity)
            .bind(row.birth_date.to_string())
            .bind(row.id_number.as_str())
            .bind(row.mobile.as_str())
            .bind(row.education)
            .bind(row.joined_on.to_string())
            .bind(row.full_on.map(|d| d.to_string()))
            .bind(row.status())
            .bind(row.dues_category.code())
            .bind(&row.flowing_destination)
            .bind(&now)
            .bind(&row.note)
            .fetch_one(&mut *tx)
            .await?;
            created.push(record.id);
            progress.set(created.len());
            events.push(Change {
                actor,
                action: "member.import",
                entity: "members",
                entity_id: Some(record.id.to_string()),
                before: None,
                after: Some(to_json(&record)),
            });
        }
        for (before, after) in &plan.changed {
            sqlx::query(
                "UPDATE members SET org_id = $1, name = $2, sex = $3, ethnicity = $4, birth_date = $5, \
                 mobile = $6, education = $7, joined_on = $8, full_on = $9, status = $10, dues_category = $11, \
                 flowing_destination = $12, remarks = $13 WHERE id = $14",
            )
            .bind(after.org_id)
            .bind(&after.name)
            .bind(&after.sex)
            .bind(&after.ethnicity)
            .bind(&after.birth_date)
            .bind(&after.mobile)
            .bind(&after.education)
            .bind(&after.joined_on)
            .bind(&after.full_on)
            .bind(after.status)
            .bind(&after.dues_category)
            .bind(&after.flowing_destination)
            .bind(&after.remarks)
            .bind(after.id)
            .execute(&mut *tx)
            .await?;
            progress.set(events.len() + 1);
            events.push(Change {
                actor,
                action: "member.update",
                entity: "members",
                entity_id: Some(after.id.to_string()),
                before: Some(to_json(before)),
                after: Some(to_json(after)),
            });
        }
        if !events.is_empty() {
            tx.append_all(events).await?;
        }
        // The boards' totals of every organization a member joined or left.
        let mut touched = targets;
        touched.extend(plan.changed.iter().map(|(before, _)| before.org_id));
        touched.sort_unstable();
        touched.dedup();
        for org in touched {
            tx.recount_org(org).await?;
        }
        tx.commit().await?;
        Ok::<_, crate::error::ServiceError>(created)
    })
    .map(|created| (plan.outcome(), created))
}
