//! Organizational life the demo county kept before it came to the platform, carried over like
//! the import (docs/operations.md#the-demo-county): two branches in three have an approved
//! record of every required meeting in the unit of each kind that ended last, so the county
//! map shows red flags beside the grey ones of branches behind. Three village branches of the
//! first town have all but last month's 支委会, which waits for the committee's review — approving
//! it raises their flag (the end-to-end test of the map does). A county task past its deadline
//! leaves some villages of the other towns overdue (amber flags).

use domain::{
    orglife::{period_of, MeetingKind, OrgLifeRules},
    Date,
};
use sqlx::QueryBuilder;

use crate::{storage::Db, with_pool};

/// The waiting 支委会's topics, one per waiting branch (the end-to-end projects take one each).
pub const WAITING_TOPICS: [&str; 3] = [
    "冬季防火安全检查部署（一）",
    "冬季防火安全检查部署（二）",
    "冬季防火安全检查部署（三）",
];

struct Row {
    org: i64,
    kind: MeetingKind,
    topic: String,
    day: Date,
    waiting: bool,
}

/// `county` is the account the records are carried over by; `town` the first town committee;
/// `skip` branches whose own story the demo tells (the demo village and its neighbour).
pub async fn kept_meetings(
    db: &Db,
    today: Date,
    county: i64,
    town: i64,
    skip: &[i64],
) -> anyhow::Result<()> {
    let branches: Vec<(i64, i64, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, COALESCE(parent_id, 0), is_village FROM organizations \
             WHERE kind IN ('branch', 'flowing_branch') ORDER BY id",
        )
        .fetch_all(pool)
        .await?
    });
    let waiting: Vec<i64> = branches
        .iter()
        .filter(|(id, parent, village)| *parent == town && *village == 1 && !skip.contains(id))
        .map(|(id, _, _)| *id)
        .take(WAITING_TOPICS.len())
        .collect();
    let rules = OrgLifeRules::default();
    // The unit of each required kind that ended last: the one before today's.
    let mut units = Vec::new();
    for &kind in MeetingKind::ALL {
        let Some(freq) = rules.frequency(kind) else {
            continue;
        };
        let (start, _) = period_of(freq, today)?;
        let (from, _) = period_of(freq, start.add_days(-1)?)?;
        units.push((kind, from.add_days(9)?));
    }
    let mut rows = Vec::new();
    for (id, _, _) in &branches {
        let slot = waiting.iter().position(|w| w == id);
        if slot.is_none() && (id % 3 == 0 || skip.contains(id)) {
            continue;
        }
        for &(kind, day) in &units {
            let waits = slot.is_some() && kind == MeetingKind::BranchCommittee;
            rows.push(Row {
                org: *id,
                kind,
                topic: match (waits, slot) {
                    (true, Some(n)) => WAITING_TOPICS[n].to_string(),
                    _ => format!("{}（{}）", kind.label_zh(), day),
                },
                // A day after the others: the branch's last meeting is the one waiting.
                day: if waits { day.add_days(1)? } else { day },
                waiting: waits,
            });
        }
    }
    let now = crate::clock::now_rfc3339();
    for chunk in rows.chunks(500) {
        with_pool!(db, pool => {
            let mut q = QueryBuilder::new(
                "INSERT INTO meetings (org_id, kind, topic, starts_at, ends_at, place, status, created_by, \
                 created_at, host, recorder, minutes, decisions, sign_code, submitted_at, approved_at) ",
            );
            q.push_values(chunk, |mut b, r| {
                let done = format!("{}T21:00:00.000Z", r.day);
                b.push_bind(r.org)
                    .push_bind(r.kind.code())
                    .push_bind(r.topic.clone())
                    .push_bind(format!("{}T19:30", r.day))
                    .push_bind(format!("{}T21:00", r.day))
                    .push_bind("党员活动室")
                    .push_bind(if r.waiting { "submitted" } else { "approved" })
                    .push_bind(county)
                    .push_bind(now.clone())
                    .push_bind("支部书记")
                    .push_bind("组织委员")
                    .push_bind(format!("## {}\n\n会议按程序召开，记录已存档。", r.topic))
                    .push_bind("")
                    .push_bind(format!("{:06}", (r.org * 7919 + r.day.to_day_number()) % 1_000_000))
                    .push_bind(done.clone())
                    .push_bind((!r.waiting).then_some(done));
            });
            q.build().execute(pool).await?;
        });
    }
    overdue_task(db, today, county, town).await
}

/// A county task from last month whose deadline has passed: a fifth of the village branches
/// outside the first town have not reported (their flags show it), another fifth's reports were
/// accepted. The first town's branches are left to the tests that follow its tasks; its
/// committee reported for itself and was accepted.
async fn overdue_task(db: &Db, today: Date, county: i64, town: i64) -> anyhow::Result<()> {
    let deadline = today.add_days(-5)?;
    let sent = format!("{}T01:00:00.000Z", today.add_days(-20)?);
    let accepted = today.add_days(-6)?.to_string();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let task: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (org_id, title, instructions, deadline, evidence, unit, addressed, created_by, created_at) \
             SELECT a.scope_org_id, $1, $2, $3, 'text', '', 'orgs', a.id, $4 FROM accounts a WHERE a.id = $5 RETURNING id",
        )
        .bind("报送冬训工作开展情况")
        .bind("请各村党支部报送本支部冬训学习的时间、参加人数和主要内容。")
        .bind(deadline.to_string())
        .bind(&sent)
        .bind(county)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO task_assignments (task_id, org_id, recipient, state, report_text, reported_on, \
             review_note, accepted_on, updated_at) \
             SELECT $1, o.id, 'org:' || CAST(o.id AS TEXT), \
             CASE WHEN o.id % 5 = 0 AND o.id <> $4 THEN 'open' ELSE 'accepted' END, \
             CASE WHEN o.id % 5 = 0 AND o.id <> $4 THEN '' ELSE '已组织全体党员集中学习两次。' END, \
             CASE WHEN o.id % 5 = 0 AND o.id <> $4 THEN NULL ELSE $2 END, '', \
             CASE WHEN o.id % 5 = 0 AND o.id <> $4 THEN NULL ELSE $2 END, $3 \
             FROM organizations o WHERE (o.kind = 'branch' AND o.is_village = 1 AND o.id % 5 IN (0, 1) \
             AND COALESCE(o.parent_id, 0) <> $4) OR o.id = $4",
        )
        .bind(task)
        .bind(&accepted)
        .bind(&sent)
        .bind(town)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}
