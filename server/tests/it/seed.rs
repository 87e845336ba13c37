//! The demo county loads completely, once, on both engines.

use crate::common;

use server::seed::{seed_demo, DemoPlan, SeedReport};

on_both_engines! {
    async fn demo_county_loads_once(app: TestApp) {
        let store = tempfile::tempdir().unwrap();
        let files: server::files::SharedFileStore = std::sync::Arc::new(server::files::LocalDir::new(store.path()));
        let report = seed_demo(&app.db, &files, &DemoPlan::new(None)).await.unwrap();
        assert!(matches!(report, SeedReport::Seeded { organizations: 852, members: 20_138, .. }), "{report:?}");
        demo_life(&app, store.path()).await;
        let again = seed_demo(&app.db, &files, &DemoPlan::new(None)).await.unwrap();
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

/// What the demo shows on first start (docs/operations.md#the-demo-county), all of it written
/// as the pages write it: the trail holds it and verifies.
async fn demo_life(app: &common::TestApp, store: &std::path::Path) {
    use domain::ranking::Visibility;
    let count = |sql: &'static str| async move {
        server::with_pool!(&app.db, pool => {
            sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap()
        })
    };
    // The boards and the morning nudge are on in the demo (off after `init`: tests/it/import.rs).
    let policy = server::settings::visibility(&app.db).await.unwrap();
    assert_eq!(policy.member_ranking, Visibility::OwnOrganization);
    assert_eq!(policy.ranking_nudges, Visibility::SelfOnly);

    // Meetings in every state of their review, past ones with their records.
    let statuses: Vec<String> = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT DISTINCT status FROM meetings ORDER BY status").fetch_all(pool).await.unwrap()
    });
    assert_eq!(
        statuses,
        ["approved", "planned", "returned", "reviewed", "submitted"]
    );
    let held_open =
        count("SELECT COUNT(*) FROM meetings WHERE status = 'planned' AND minutes <> ''");
    let planned_ahead =
        count("SELECT COUNT(*) FROM meetings WHERE status = 'planned' AND minutes = ''");
    assert!(held_open.await >= 1 && planned_ahead.await >= 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM meetings WHERE status <> 'planned' AND minutes = ''").await,
        0
    );
    assert!(count("SELECT COUNT(*) FROM meeting_attendance WHERE status = 'absent'").await >= 1);
    // The flowing branch's theme party days have their photos, in the file store.
    let photos: Vec<String> = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar(
            "SELECT p.file_key FROM meeting_photos p JOIN meetings m ON m.id = p.meeting_id \
             JOIN organizations o ON o.id = m.org_id WHERE o.name = '新田驻东莞第三流动党支部' AND m.kind = 'theme_party_day'",
        )
        .fetch_all(pool).await.unwrap()
    });
    assert_eq!(photos.len(), 4);
    assert!(photos.iter().all(|k| store.join(k).is_file()), "{photos:?}");

    // Suggestions in every state.
    let statuses: Vec<String> = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT DISTINCT status FROM suggestions ORDER BY status").fetch_all(pool).await.unwrap()
    });
    assert_eq!(statuses, ["adopted", "forwarded", "replied", "submitted"]);

    // Two months of the flowing branch's notices; its members have the newest two unread.
    let notices = count(
        "SELECT COUNT(*) FROM notices n JOIN accounts a ON a.id = n.author_account_id WHERE a.mobile = '13800000006'",
    );
    assert_eq!(notices.await, 4);
    let unread = count(
        "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
         WHERE a.mobile = '13800000004' AND n.read_at IS NULL AND n.link LIKE '/notices#n%'",
    );
    assert_eq!(unread.await, 2);

    // Every bill shown paid with something to pay has its payment, for exactly its amount,
    // within its month (nothing in advance: docs/rules.md#paying-and-billing); no receipt for
    // nothing; the flowing branch paid the last two months and this one online.
    let unreceipted = count("SELECT COUNT(*) FROM dues_bills WHERE paid_at IS NOT NULL AND payment_id IS NULL AND amount_fen > 0");
    assert_eq!(unreceipted.await, 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM dues_payments WHERE amount_fen = 0").await,
        0
    );
    let advance = count(
        "SELECT COUNT(*) FROM dues_bills b JOIN dues_payments p ON p.id = b.payment_id WHERE SUBSTR(p.paid_at, 1, 7) <> b.month",
    );
    assert_eq!(advance.await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM dues_bills b JOIN dues_payment_bills l ON l.bill_id = b.id WHERE l.payment_id <> b.payment_id").await, 0);
    let mismatched = count(
        "SELECT COUNT(*) FROM (SELECT p.id FROM dues_payments p JOIN dues_bills b ON b.payment_id = p.id \
         GROUP BY p.id, p.amount_fen HAVING SUM(b.amount_fen) <> p.amount_fen) t",
    );
    assert_eq!(mismatched.await, 0);
    let covering_nothing = count(
        "SELECT COUNT(*) FROM dues_payments p WHERE NOT EXISTS (SELECT 1 FROM dues_bills b WHERE b.payment_id = p.id)",
    );
    assert_eq!(covering_nothing.await, 0);
    let online = count(
        "SELECT COUNT(DISTINCT b.month) FROM dues_bills b JOIN dues_payments p ON p.id = b.payment_id \
         JOIN organizations o ON o.id = b.org_id WHERE p.channel = 'wechat' AND o.name = '新田驻东莞第三流动党支部'",
    );
    assert_eq!(online.await, 3);

    let report = server::trail::verify(&app.db).await.unwrap();
    assert!(report.is_intact(), "{report}");
}
