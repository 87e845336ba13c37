//! Task reminders (docs/rules.md#tasks): the recipient of an unfinished task is reminded the
//! county's lead time before its deadline; on the first day past it, the committee above the
//! recipient is told — one message per committee and task, naming its late recipients.

use std::collections::{BTreeMap, HashMap};

use domain::{
    task::{nudge, AssignmentState, Nudge},
    Date, MemberId, OrgId, OrgKind, OrgPath,
};

use super::{admins_of, Outgoing};
use crate::{error::ServiceResult, storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct Unfinished {
    id: i64,
    task_id: i64,
    title: String,
    deadline: String,
    state: AssignmentState,
    org_id: OrgId,
    org_name: String,
    org_path: OrgPath,
    member_id: Option<MemberId>,
    member_name: Option<String>,
}

pub(super) async fn task_reminders(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let lead = crate::settings::deadlines(db).await?.task_lead_days;
    // The two deadlines a nudge can fall on today; `nudge` decides which is which.
    let near = today.add_days(i64::from(lead))?.to_string();
    let passed = today.add_days(-1)?.to_string();
    let rows: Vec<Unfinished> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.id, a.task_id, t.title, t.deadline, a.state, a.org_id, o.name AS org_name, \
             o.path AS org_path, a.member_id, m.name AS member_name \
             FROM task_assignments a JOIN tasks t ON t.id = a.task_id \
             JOIN organizations o ON o.id = a.org_id LEFT JOIN members m ON m.id = a.member_id \
             WHERE a.state IN ('open', 'returned') AND t.deadline IN ($1, $2) ORDER BY a.id",
        )
        .bind(&near)
        .bind(&passed)
        .fetch_all(pool)
        .await?
    });
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let kinds: HashMap<OrgId, OrgKind> = with_pool!(db, pool => {
        sqlx::query_as::<_, (OrgId, OrgKind)>("SELECT id, kind FROM organizations")
            .fetch_all(pool)
            .await?
    })
    .into_iter()
    .collect();
    let mut admins: HashMap<OrgId, Vec<domain::AccountId>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    let mut out = Vec::new();
    // (committee, task) → (title, the late recipients' names).
    let mut late: BTreeMap<(OrgId, i64), (String, Vec<String>)> = BTreeMap::new();
    for row in rows {
        let deadline = Date::parse(&row.deadline)?;
        match nudge(row.state, deadline, today, lead) {
            Some(Nudge::Recipient) => {
                let link = format!("/tasks/{}", row.task_id);
                let title = "任务即将到期".to_string();
                let body = format!("{}：截止 {deadline}，请按时上报。", row.title);
                let key = Some(format!("task:{}:remind", row.id));
                let accounts = match row.member_id {
                    Some(member) => member_accounts(db, member).await?,
                    None => admins.get(&row.org_id).cloned().unwrap_or_default(),
                };
                out.extend(accounts.into_iter().map(|account_id| Outgoing {
                    account_id,
                    title: title.clone(),
                    body: body.clone(),
                    link: link.clone(),
                    dedupe_key: key.clone(),
                }));
            }
            Some(Nudge::Committee) => {
                let Some(committee) = committee_above(&row.org_path, row.org_id, &kinds) else {
                    continue;
                };
                let who = match &row.member_name {
                    Some(name) => format!("{}（{name}）", row.org_name),
                    None => row.org_name.clone(),
                };
                late.entry((committee, row.task_id))
                    .or_insert_with(|| (row.title.clone(), Vec::new()))
                    .1
                    .push(who);
            }
            None => {}
        }
    }
    for ((committee, task), (title, names)) in late {
        let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
        let more = names.len().saturating_sub(shown.len());
        let mut body = format!("{title}已过截止日，未完成：{}", shown.join("、"));
        if more > 0 {
            body.push_str(&format!(" 等 {} 个", names.len()));
        }
        for account_id in admins.get(&committee).cloned().unwrap_or_default() {
            out.push(Outgoing {
                account_id,
                title: "任务逾期".into(),
                body: body.clone(),
                link: format!("/tasks/{task}"),
                dedupe_key: Some(format!("task:{task}:late:{committee}")),
            });
        }
    }
    Ok(out)
}

/// The nearest committee strictly above `org` on its path (the county's own when none).
fn committee_above(path: &OrgPath, org: OrgId, kinds: &HashMap<OrgId, OrgKind>) -> Option<OrgId> {
    let above: Vec<OrgId> = path.ids().filter(|id| *id != org).collect();
    above
        .iter()
        .rev()
        .find(|id| kinds.get(id).is_some_and(|k| k.is_committee()))
        .or(above.first())
        .copied()
}

async fn member_accounts(db: &Db, member: MemberId) -> ServiceResult<Vec<domain::AccountId>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM accounts WHERE member_id = $1 AND disabled = 0")
            .bind(member)
            .fetch_all(pool)
            .await?
    }))
}
