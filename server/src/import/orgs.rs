//! The organizations workbook: each row placed under a parent that exists or comes from the same
//! file (in any order), by the tree's rules, then written top down.

use std::collections::HashMap;

use domain::import::{OrgRow, Problem, ORG_COLUMNS};
use domain::{AccountId, OrgId, OrgKind, OrgPath};

use super::{data_rows, Checked, Outcome, Phase, Progress};
use crate::{
    clock,
    error::ServiceResult,
    storage::Db,
    trail::{
        records::{to_json, OrgRecord, ORG_COLUMNS as RECORD_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// Rows to create, parents before children; `parent` is the name of an existing organization or
/// of a row earlier in the list.
pub struct OrgPlan {
    rows: usize,
    new: Vec<OrgRow>,
    /// Organizations on file whose address or map location the file changes.
    moved: Vec<(OrgId, OrgRow)>,
    unchanged: usize,
}

impl OrgPlan {
    pub fn outcome(&self) -> Outcome {
        Outcome {
            rows: self.rows,
            created: self.new.len(),
            updated: self.moved.len(),
            unchanged: self.unchanged,
        }
    }
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: OrgId,
    name: String,
    kind: OrgKind,
    parent_name: Option<String>,
    address: Option<String>,
    lng_e6: Option<i64>,
    lat_e6: Option<i64>,
}

impl Existing {
    fn location(&self) -> Option<(i64, i64)> {
        self.lng_e6.zip(self.lat_e6)
    }
}

pub async fn check_orgs(
    db: &Db,
    bytes: &[u8],
    progress: &Progress,
) -> ServiceResult<Checked<OrgPlan>> {
    let rows = match data_rows(bytes, &ORG_COLUMNS, OrgRow::is_example) {
        Ok(rows) => rows,
        Err(problems) => return Ok(Checked::Refused(problems)),
    };
    // A county has hundreds of organizations, checked in a blink: one step.
    progress.start(Phase::Checking, rows.len());
    let existing: Vec<Existing> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, o.kind, p.name AS parent_name, o.address, o.lng_e6, o.lat_e6 \
             FROM organizations o \
             LEFT JOIN organizations p ON p.id = o.parent_id WHERE o.dissolved_at IS NULL",
        )
        .fetch_all(pool)
        .await?
    });
    let mut known: HashMap<String, OrgKind> = HashMap::new();
    let mut duplicated_in_db: Vec<String> = Vec::new();
    for org in &existing {
        if known.insert(org.name.clone(), org.kind).is_some() {
            duplicated_in_db.push(org.name.clone());
        }
    }
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut pending: Vec<OrgRow> = Vec::new();
    let mut unchanged = 0;
    let mut moved = Vec::new();
    for (number, cells) in &rows {
        let row = match OrgRow::parse(*number, cells) {
            Ok(row) => row,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        if let Some(first) = seen.insert(row.name.clone(), *number) {
            problems.push(Problem {
                row: *number,
                column: "组织名称",
                message: format!("与第 {first} 行重复"),
            });
            continue;
        }
        if let Some(same) = existing.iter().find(|o| o.name == row.name) {
            // Already imported: the same organization again changes nothing; a new address or
            // map location is written over the old (the tree itself is edited on /org).
            if same.kind == row.kind
                && same.parent_name.as_deref() == Some(row.parent_name.as_str())
            {
                if same.address == row.address && same.location() == row.location {
                    unchanged += 1;
                } else {
                    moved.push((same.id, row));
                }
            } else {
                problems.push(Problem {
                    row: *number,
                    column: "组织名称",
                    message: format!(
                        "已有同名的{}（上级：{}）：组织名称须全县唯一",
                        same.kind.label_zh(),
                        same.parent_name.as_deref().unwrap_or("无")
                    ),
                });
            }
            continue;
        }
        pending.push(row);
    }
    // Place rows whose parent is known, again and again: a file may list children first.
    let mut placed: Vec<OrgRow> = Vec::new();
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for row in pending {
            match known.get(&row.parent_name) {
                Some(parent_kind) => {
                    if duplicated_in_db.contains(&row.parent_name) {
                        problems.push(Problem {
                            row: row.row,
                            column: "上级组织",
                            message: format!("有多个组织叫「{}」：无法确定上级", row.parent_name),
                        });
                    } else if !parent_kind.can_parent(row.kind) {
                        problems.push(Problem {
                            row: row.row,
                            column: "上级组织",
                            message: format!(
                                "{}不能设在{}「{}」之下",
                                row.kind.label_zh(),
                                parent_kind.label_zh(),
                                row.parent_name
                            ),
                        });
                    } else {
                        known.insert(row.name.clone(), row.kind);
                        placed.push(row);
                    }
                }
                None => rest.push(row),
            }
        }
        pending = rest;
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    for row in pending {
        problems.push(Problem {
            row: row.row,
            column: "上级组织",
            message: format!(
                "找不到名为「{}」的党组织：它须已存在，或在本表中",
                row.parent_name
            ),
        });
    }
    progress.set(rows.len());
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Ok(Checked::Refused(problems));
    }
    Ok(Checked::Ready(OrgPlan {
        rows: rows.len(),
        new: placed,
        moved,
        unchanged,
    }))
}

/// Creates the planned organizations in one transaction, parents first, each a trail event.
pub async fn apply_orgs(
    db: &Db,
    plan: &OrgPlan,
    actor: Option<AccountId>,
    progress: &Progress,
) -> ServiceResult<Outcome> {
    let now = clock::now_rfc3339();
    progress.start(Phase::Writing, plan.new.len() + plan.moved.len());
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let mut events = Vec::with_capacity(plan.new.len() + plan.moved.len());
        for row in &plan.new {
            let (parent_id, parent_path, parent_depth): (OrgId, OrgPath, i64) =
                sqlx::query_as("SELECT id, path, depth FROM organizations WHERE name = $1 AND dissolved_at IS NULL")
                    .bind(&row.parent_name)
                    .fetch_one(&mut *tx)
                    .await?;
            let id: OrgId = sqlx::query_scalar(
                "INSERT INTO organizations (parent_id, kind, name, path, depth, is_village, lng_e6, lat_e6, created_at, address) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(parent_id)
            .bind(row.kind)
            .bind(&row.name)
            .bind(format!("/import-{}-{now}/", row.row))
            .bind(parent_depth + 1)
            // Village and community organizations serve five-year terms (docs/rules.md).
            .bind(i64::from(row.name.contains('村') || row.name.contains("社区")))
            .bind(row.location.map(|(lng, _)| lng))
            .bind(row.location.map(|(_, lat)| lat))
            .bind(&now)
            .bind(&row.address)
            .fetch_one(&mut *tx)
            .await?;
            let record: OrgRecord = sqlx::query_as(&format!(
                "UPDATE organizations SET path = $1 WHERE id = $2 RETURNING {RECORD_COLUMNS}"
            ))
            .bind(parent_path.child(id))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            progress.set(events.len() + 1);
            events.push(Change {
                actor,
                action: "org.import",
                entity: "organizations",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(to_json(&record)),
            });
        }
        for (id, row) in &plan.moved {
            let before: OrgRecord = sqlx::query_as(&format!(
                "SELECT {RECORD_COLUMNS} FROM organizations WHERE id = $1"
            ))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let after: OrgRecord = sqlx::query_as(&format!(
                "UPDATE organizations SET address = $1, lng_e6 = $2, lat_e6 = $3 WHERE id = $4 \
                 RETURNING {RECORD_COLUMNS}"
            ))
            .bind(&row.address)
            .bind(row.location.map(|(lng, _)| lng))
            .bind(row.location.map(|(_, lat)| lat))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            progress.set(events.len() + 1);
            events.push(Change {
                actor,
                action: "org.update",
                entity: "organizations",
                entity_id: Some(id.to_string()),
                before: Some(to_json(&before)),
                after: Some(to_json(&after)),
            });
        }
        if !events.is_empty() {
            tx.append_all(events).await?;
        }
        tx.commit().await?;
        Ok::<_, crate::error::ServiceError>(())
    })?;
    Ok(plan.outcome())
}
