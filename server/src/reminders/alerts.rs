//! 重点警示 to committees (docs/rules.md#key-warnings): each branch on the list is reported to
//! the administrators of the organization that reviews it, once per set of reasons — a branch
//! that studies again and falls silent again is reported again.

use std::collections::HashMap;

use domain::{AccountId, Date, OrgId};

use super::{admins_of, Outgoing};
use crate::{error::ServiceResult, storage::Db};

pub(super) async fn key_warnings(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let found = crate::alerts::county(db, today).await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut admins: HashMap<OrgId, Vec<AccountId>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    let mut out = Vec::new();
    for w in &found {
        let key: Vec<String> = w.reasons.iter().map(|r| r.key()).collect();
        let Some(reviewer) = w.reviewer else { continue };
        for &account_id in admins.get(&reviewer).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: "重点警示".into(),
                body: format!("{}：{}。", w.name, w.reasons_zh()),
                link: "/rankings#key-warnings".into(),
                dedupe_key: Some(format!("alert:{}:{}", w.org_id, key.join(","))),
            });
        }
    }
    Ok(out)
}
