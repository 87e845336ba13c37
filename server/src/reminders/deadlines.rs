//! Deadline reminders from `domain::deadlines`: a term of office coming to its end (换届) goes to
//! the organization's own secretary or admins, and once overdue to its parent's as well; a
//! probation coming to its end (预备党员转正) goes to the branch's secretary or admins until the
//! branch files its proposal (docs/rules.md#admission-to-full-membership).

use crate::error::ServiceResult;
use std::collections::HashMap;

use domain::{
    deadlines::{
        probation_reminders, term_reminders, DeadlineSettings, ProbationInput, Reminder, TermInput,
    },
    Date, MemberId, OrgId, OrgKind,
};

use super::{admins_of, Outgoing};
use crate::{storage::Db, with_pool};

pub(super) async fn deadline_reminders(db: &Db, today: Date) -> ServiceResult<Vec<Outgoing>> {
    let settings: DeadlineSettings = crate::settings::deadlines(db).await?;
    let mut admins: HashMap<domain::OrgId, Vec<domain::AccountId>> = HashMap::new();
    for (org, account) in admins_of(db).await? {
        admins.entry(org).or_default().push(account);
    }
    let mut out = Vec::new();
    let mut send = |org: domain::OrgId, r: &Reminder, subject: &str, link: String| {
        let stage = if r.overdue { "overdue" } else { "near" };
        for &account_id in admins.get(&org).into_iter().flatten() {
            out.push(Outgoing {
                account_id,
                title: r.kind.label_zh().to_string(),
                body: format!("{subject}：{}", r.message_zh),
                link: link.clone(),
                dedupe_key: Some(format!(
                    "{}:{}:{}:{stage}",
                    r.kind.code(),
                    r.subject_id,
                    r.due
                )),
            });
        }
    };

    #[derive(sqlx::FromRow)]
    struct TermRow {
        id: OrgId,
        parent_id: Option<OrgId>,
        name: String,
        kind: OrgKind,
        is_village: i64,
        term_start: Date,
    }
    let orgs: Vec<TermRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, parent_id, name, kind, is_village, term_start FROM organizations \
             WHERE term_start IS NOT NULL AND dissolved_at IS NULL",
        )
        .fetch_all(pool)
        .await
        ?
    });
    let mut terms = Vec::with_capacity(orgs.len());
    let mut by_id = HashMap::new();
    for o in &orgs {
        terms.push(TermInput {
            org_id: o.id,
            kind: o.kind,
            village_or_community: o.is_village != 0,
            elected_on: o.term_start,
            postponed_to: None,
        });
        by_id.insert(o.id.get(), (o.parent_id, o.name.as_str()));
    }
    for r in term_reminders(&terms, today, &settings)? {
        let Some(&(parent, name)) = by_id.get(&r.subject_id) else {
            continue;
        };
        let link = format!("/org?id={}", r.subject_id);
        send(OrgId::new(r.subject_id)?, &r, name, link.clone());
        if let (true, Some(parent)) = (r.overdue, parent) {
            send(parent, &r, name, link);
        }
    }

    #[derive(sqlx::FromRow)]
    struct Probationer {
        id: MemberId,
        org_id: OrgId,
        name: String,
        joined_on: Date,
        probation_extension_months: Option<i64>,
    }
    let probationers: Vec<Probationer> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.org_id, m.name, m.joined_on, m.probation_extension_months FROM members m \
             WHERE m.status = 'probationary' AND m.standing = 'active' AND NOT EXISTS (\
               SELECT 1 FROM conversions c WHERE c.member_id = m.id AND c.state = 'proposed')",
        )
        .fetch_all(pool)
        .await
        ?
    });
    let inputs = probationers
        .iter()
        .map(|p| ProbationInput {
            member_id: p.id,
            admitted_on: p.joined_on,
            extension_months: p
                .probation_extension_months
                .and_then(|m| u8::try_from(m).ok()),
        })
        .collect::<Vec<_>>();
    let members: HashMap<i64, (OrgId, &str)> = probationers
        .iter()
        .map(|p| (p.id.get(), (p.org_id, p.name.as_str())))
        .collect();
    for r in probation_reminders(&inputs, today, &settings)? {
        let Some(&(org, name)) = members.get(&r.subject_id) else {
            continue;
        };
        send(
            org,
            &r,
            &format!("预备党员{name}"),
            format!("/members/{}#probation", r.subject_id),
        );
    }
    Ok(out)
}
