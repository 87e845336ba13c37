//! The demo county loads completely, once, on both engines.

use crate::common;

use server::seed::{seed_demo, DemoPlan, SeedReport};

on_both_engines! {
    async fn demo_county_loads_once(app: TestApp) {
        let report = seed_demo(&app.db, &DemoPlan::new(None)).await.unwrap();
        assert!(matches!(report, SeedReport::Seeded { organizations: 852, members: 20_138, .. }), "{report:?}");
        let again = seed_demo(&app.db, &DemoPlan::new(None)).await.unwrap();
        assert!(matches!(again, SeedReport::AlreadySeeded { .. }), "{again:?}");

        #[derive(sqlx::FromRow)]
        struct Counts {
            orgs: i64,
            members: i64,
            accounts: i64,
        }
        let Counts { orgs, members, accounts } = server::with_pool!(&app.db, pool => {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM organizations) AS orgs, \
                 (SELECT COUNT(*) FROM members) AS members, (SELECT COUNT(*) FROM accounts) AS accounts",
            )
            .fetch_one(pool)
            .await
            .unwrap()
        });
        assert_eq!((orgs, members, accounts), (852, 20_138, 20_138));

        // The materialized path answers subtree questions: the Dongguan flowing committee's
        // subtree holds its branches' members.
        let in_subtree: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM members m JOIN organizations o ON o.id = m.org_id \
                 WHERE o.path LIKE (SELECT path FROM organizations WHERE name = $1) || '%'",
            )
            .bind("中共新田县驻东莞流动党委")
            .fetch_one(pool)
            .await
            .unwrap()
        });
        assert!(in_subtree >= 7 * 30, "{in_subtree}");
        // Ids continue after the seeded ones on both engines (PostgreSQL identity sequences).
        let new_id: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar(
                "INSERT INTO organizations (parent_id, kind, name, path, depth, created_at) \
                 VALUES (1, 'branch', '新建党支部', '/1/new/', 1, '2026-11-28T00:00:00Z') RETURNING id",
            )
            .fetch_one(pool)
            .await
            .unwrap()
        });
        assert_eq!(new_id, 853);
    }
}
