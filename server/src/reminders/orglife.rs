//! Organizational-life reminders: which branches and reviewers are told is decided by
//! `domain::deadlines::orglife_reminders`; here the branches and meetings are read and the
//! messages worded — one to a branch's secretary listing what is missing, one per reviewer
//! listing its branches that missed one.

use crate::error::ServiceResult;
use crate::orgs::reviewer_of_o;
use std::collections::HashMap;

use domain::{
    deadlines::{orglife_reminders as due, Branch},
    AccountId, Date, OrgId,
};

use super::{admins_of, Outgoing};
use crate::{storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct BranchRow {
    id: OrgId,
    reviewer: Option<OrgId>,
    name: String,
}

pub(super) async fn orglife_reminders(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let history = crate::settings::orglife_rules(db).await?;
    let branches: Vec<BranchRow> = with_pool!(db, pool => {
        // With the organization that reviews each (its nearest ancestor that is not a branch).
        sqlx::query_as(
            concat!("SELECT o.id, ", reviewer_of_o!(), " AS reviewer, o.name \
             FROM organizations o WHERE o.kind IN ('branch', 'flowing_branch') AND o.dissolved_at IS NULL \
             ORDER BY o.path"),
        )
            .fetch_all(pool)
            .await
            ?
    });
    let meetings = crate::orglife::compliance::meetings_since(db, today.add_days(-400)?).await?;
    let listed: Vec<Branch> = branches
        .iter()
        .map(|b| Branch {
            id: b.id,
            reviewer: b.reviewer,
        })
        .collect();
    let lead = crate::settings::deadlines(db).await?.orglife_lead_days;
    let due = due(&history, &listed, &meetings, today, i64::from(lead))?;

    let names: HashMap<OrgId, &str> = branches.iter().map(|b| (b.id, b.name.as_str())).collect();
    let mut admins: HashMap<OrgId, Vec<AccountId>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    let mut out = Vec::new();
    for branch in &due.due {
        let kinds: Vec<&str> = branch.missing.iter().map(|(k, _)| k.label_zh()).collect();
        let key: Vec<String> = branch
            .missing
            .iter()
            .map(|(k, s)| format!("{}@{s}", k.code()))
            .collect();
        for &account_id in admins.get(&branch.branch).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: "组织生活提醒".into(),
                body: format!("本期尚未开展：{}。请及时安排并记录。", kinds.join("、")),
                link: "/org-life".into(),
                dedupe_key: Some(format!("orglife:{}:{}:near", branch.branch, key.join(","))),
            });
        }
    }
    for warning in &due.warnings {
        let behind: Vec<String> = warning
            .behind
            .iter()
            .map(|(b, k)| {
                let name = names.get(b).copied().unwrap_or_default();
                format!("{name}（{}）", k.label_zh())
            })
            .collect();
        for &account_id in admins.get(&warning.reviewer).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: "组织生活预警".into(),
                body: format!(
                    "上一期有 {} 项未按要求开展：{}",
                    behind.len(),
                    behind
                        .iter()
                        .take(20)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                link: "/compliance".into(),
                dedupe_key: Some(format!(
                    "orglife:{}:{}:overdue",
                    warning.reviewer, warning.ended
                )),
            });
        }
    }
    Ok(out)
}
