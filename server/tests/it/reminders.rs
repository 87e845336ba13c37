//! Daily inbox reminders: deadlines from `domain::deadlines` reach the right admins once per
//! stage; ranking nudges follow the county's policy and the real change of place; one run per
//! day however many instances try. Both engines.

use crate::common::{self, exec};

use domain::{
    deadlines::{election_due, TermInput},
    ranking::{Visibility, VisibilityPolicy},
    Date, OrgId, OrgKind,
};
use server::{
    access::Actor,
    reminders::{run_daily, DailyReport},
    seed::DemoPlan,
};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

/// Messages to an account whose title is `title`, newest first.
async fn messages(app: &common::TestApp, account: i64, title: &str) -> Vec<String> {
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT body FROM notifications WHERE account_id = $1 AND title = $2 ORDER BY id DESC")
            .bind(account)
            .bind(title)
            .fetch_all(pool)
            .await
            .unwrap()
    })
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A term start for `org` so that its election falls `days` after `today`.
fn start_for(kind: OrgKind, village: bool, today: Date, days: i64) -> Date {
    let due = today.add_days(days).unwrap();
    let years = (1..=5)
        .find(|y| {
            let start = due.add_years(-y).unwrap();
            let input = TermInput {
                org_id: OrgId::new(1).unwrap(),
                kind,
                village_or_community: village,
                elected_on: start,
                postponed_to: None,
            };
            election_due(&input).unwrap() == Some(due)
        })
        .expect("a term length of 1 to 5 years");
    due.add_years(-years).unwrap()
}

on_both_engines! {
    async fn deadlines_reach_the_admins_once_per_stage(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get();
        #[derive(sqlx::FromRow)]
        struct Branch {
            kind: OrgKind,
            is_village: i64,
            name: String,
            parent_id: i64,
        }
        let Branch { kind, is_village: village, name, parent_id: parent } = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT kind, is_village, name, parent_id FROM organizations WHERE id = $1")
                .bind(branch).fetch_one(pool).await.unwrap()
        });
        let committee = common::scalar_i64(&app, "SELECT id FROM accounts WHERE scope_org_id = CAST($1 AS BIGINT) AND role = 'committee_admin'", &parent.to_string()).await;
        // Only this branch's term and one probationer matter here.
        exec(&app, "UPDATE organizations SET term_start = NULL").await;
        exec(&app, "UPDATE members SET status = 'full'").await;
        let today = day("2026-06-15");
        let start = start_for(kind, village != 0, today, 30);
        exec(&app, &format!("UPDATE organizations SET term_start = '{start}' WHERE id = {branch}")).await;
        // The committee's own term ran out five days ago: its admin and the county hear of it.
        let committee_kind: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1").bind(parent).fetch_one(pool).await.unwrap()
        });
        let overdue = start_for(OrgKind::parse(&committee_kind).unwrap(), false, today, -5);
        exec(&app, &format!("UPDATE organizations SET term_start = '{overdue}' WHERE id = {parent}")).await;
        let county = actor(&app, "13800000000").await;
        let member = actor(&app, "13800000003").await;
        let member_id = member.member_id.unwrap();
        exec(&app, &format!("UPDATE members SET status = 'probationary', joined_on = '2025-06-25' WHERE id = {member_id}")).await;

        assert!(matches!(run_daily(&app.db, today).await.unwrap(), DailyReport::Done { nudges: 0, reminders: 4, .. }));
        let escalated = messages(&app, county.account_id.get(), "换届提醒").await;
        assert_eq!(escalated.len(), 1);
        assert!(escalated[0].contains("已超期 5 天"), "{}", escalated[0]);
        assert_eq!(messages(&app, committee, "换届提醒").await.len(), 1, "its own term");
        let term = messages(&app, secretary.account_id.get(), "换届提醒").await;
        assert_eq!(term.len(), 1);
        assert!(term[0].starts_with(&format!("{name}：")), "{}", term[0]);
        assert!(term[0].contains("还有 30 天"), "{}", term[0]);
        let probation = messages(&app, secretary.account_id.get(), "预备党员转正提醒").await;
        assert_eq!(probation.len(), 1);
        assert!(probation[0].contains("预备期将于 2026-06-25 届满（还有 10 天）"), "{}", probation[0]);
        // The branch is not overdue yet: the committee is not told of it; members never get
        // admins' reminders.
        assert!(!messages(&app, committee, "换届提醒").await.iter().any(|m| m.starts_with(&format!("{name}："))));
        assert!(messages(&app, member.account_id.get(), "换届提醒").await.is_empty());

        // Once a day, however often it runs.
        assert_eq!(run_daily(&app.db, today).await.unwrap(), DailyReport::AlreadyDone);
        // The next day the same deadline is not repeated.
        assert!(matches!(run_daily(&app.db, day("2026-06-16")).await.unwrap(), DailyReport::Done { nudges: 0, reminders: 0, .. }));
        // Overdue: the secretary hears once more, and now the committee too.
        let report = run_daily(&app.db, day("2026-07-20")).await.unwrap();
        assert!(matches!(report, DailyReport::Done { nudges: 0, reminders: 3, .. }), "{report:?}");
        let term = messages(&app, secretary.account_id.get(), "换届提醒").await;
        assert_eq!(term.len(), 2);
        assert!(term[0].contains("已超期 5 天"), "{}", term[0]);
        assert_eq!(messages(&app, committee, "换届提醒").await.len(), 2);
        assert!(messages(&app, committee, "换届提醒").await[0].starts_with(&format!("{name}：")));
        assert!(messages(&app, secretary.account_id.get(), "预备党员转正提醒").await[0].contains("请尽快召开支部党员大会讨论转正"));
    }
}

on_both_engines! {
    async fn ranking_nudges_follow_the_policy_and_the_change(app: TestApp, seeded: DemoPlan { members: 3_000, today: day("2026-06-12") }) {
        // The demo's month of points ends before the days this test books on.
        let member = actor(&app, "13800000003").await;
        let secretary = actor(&app, "13800000002").await;
        let branch = member.scope_org_id.get();
        let me = member.member_id.unwrap();
        // The day before yesterday puts me on top; yesterday everyone else passes me.
        exec(&app, &format!("INSERT INTO points_ledger (member_id, day, activity_key, points, rule_version, created_at) \
                            VALUES ({me}, '2026-06-13', 'article_read', 5000, 1, 'x')")).await;
        exec(&app, &format!("INSERT INTO points_ledger (member_id, day, activity_key, points, rule_version, created_at) \
                            SELECT id, '2026-06-14', 'article_read', 10000, 1, 'x' FROM members WHERE org_id = {branch} AND id <> {me}")).await;
        server::rankings::rebuild_totals(&app.db).await.unwrap();
        let size = common::scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await;
        let title = "该学习了：你的排名下滑了";

        // Nudges off (the default, docs/rules.md#visibility; the demo turns them on): nothing is sent.
        let county = actor(&app, "13800000000").await;
        server::settings::set_visibility(&app.db, &county, &VisibilityPolicy::default()).await.unwrap();
        assert!(matches!(run_daily(&app.db, day("2026-06-15")).await.unwrap(), DailyReport::Done { nudges: 0, .. }));
        assert!(messages(&app, member.account_id.get(), title).await.is_empty());

        let policy = VisibilityPolicy { ranking_nudges: Visibility::SelfOnly, ..VisibilityPolicy::default() };
        server::settings::set_visibility(&app.db, &county, &policy).await.unwrap();
        // Two instances at once: one does the day, the other finds it done.
        let (a, b) = tokio::join!(run_daily(&app.db, day("2026-06-16")), run_daily(&app.db, day("2026-06-16")));
        let done: Vec<DailyReport> = [a.unwrap(), b.unwrap()].into_iter().filter(|r| *r != DailyReport::AlreadyDone).collect();
        assert_eq!(done.len(), 1);
        // Compared on the 16th: the 15th changed nothing, so no one moved.
        assert!(matches!(done[0], DailyReport::Done { nudges: 0, .. }));

        // Run for the morning of the 15th on a fresh day row: yesterday (14th) I dropped to last.
        exec(&app, "DELETE FROM job_runs").await;
        let report = run_daily(&app.db, day("2026-06-15")).await.unwrap();
        let DailyReport::Done { nudges, .. } = report else { panic!("{report:?}") };
        assert!(nudges >= 2, "{report:?}");
        let mine = messages(&app, member.account_id.get(), title).await;
        assert_eq!(mine.len(), 1);
        assert!(mine[0].contains(&format!("下降了 {} 位", size - 1)), "{}", mine[0]);
        assert!(mine[0].contains(&format!("第 {size} 名（共 {size} 人）")), "{}", mine[0]);
        let up = messages(&app, secretary.account_id.get(), "你的排名上升了").await;
        assert_eq!(up.len(), 1, "the secretary passed me");

        // Members who may not see their own rank are never nudged about it.
        exec(&app, "DELETE FROM job_runs").await;
        exec(&app, "DELETE FROM notifications").await;
        let hidden = VisibilityPolicy { member_ranking: Visibility::Off, ranking_nudges: Visibility::Public, ..VisibilityPolicy::default() };
        server::settings::set_visibility(&app.db, &county, &hidden).await.unwrap();
        assert!(matches!(run_daily(&app.db, day("2026-06-15")).await.unwrap(), DailyReport::Done { nudges: 0, .. }));
    }
}
