//! Ranking boards read the yearly totals kept beside the ledger; the numbers must equal the
//! ledger's own sums, ranked by `domain::ranking::rank`, on both engines.

use crate::common;

use server::{rankings, seed::DemoPlan};

on_both_engines! {
    async fn boards_match_the_ledger(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let year = server::clock::today_china().year();
        // The village branch of the demo member 13800000003.
        let branch = domain::OrgId::new(
            common::scalar_i64(
                &app,
                "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1",
                "13800000003",
            )
            .await,
        )
        .unwrap();
        let board = rankings::branch_members(&app.db, branch, year).await.unwrap();
        assert!(board.len() >= 3);
        for pair in board.windows(2) {
            assert!(pair[0].points >= pair[1].points);
            assert!(pair[0].rank <= pair[1].rank);
        }
        assert_eq!(board[0].rank, 1);
        let mut ledger_sums = Vec::new();
        for standing in &board {
            let from_ledger: i64 = server::with_pool!(&app.db, pool => {
                sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger \
                     WHERE member_id = $1 AND day >= $2",
                )
                .bind(standing.member_id)
                .bind(format!("{year}-01-01"))
                .fetch_one(pool)
                .await
                .unwrap()
            });
            assert_eq!(standing.points, from_ledger, "{}", standing.name);
            ledger_sums.push(from_ledger);
        }
        let branch_size = common::scalar_i64(
            &app,
            "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT)",
            &branch.to_string(),
        )
        .await;
        assert_eq!(ledger_sums.len() as i64, branch_size);

        let root_path: domain::OrgPath = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL").fetch_one(pool).await.unwrap()
        });
        let county = rankings::branches_under(&app.db, &root_path, year).await.unwrap();
        assert_eq!(county.iter().map(|b| b.members).sum::<i64>(), 3_000);
        let ours = county.iter().find(|b| b.org_id == branch).unwrap();
        let sum: i64 = ledger_sums.iter().sum();
        assert_eq!(ours.average_points, expected_average(sum, branch_size), "sum {sum} over {branch_size}");
        assert_eq!(ours.members, branch_size, "sum {sum}");
        for pair in county.windows(2) {
            assert!(pair[0].average_points >= pair[1].average_points);
        }
    }
}

async fn actor(app: &common::TestApp, mobile: &str) -> server::access::Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

on_both_engines! {
    async fn boards_follow_the_county_visibility_policy(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        use domain::ranking::{Visibility, VisibilityPolicy};
        let year = server::clock::today_china().year();
        let member = actor(&app, "13800000003").await;
        let county = actor(&app, "13800000000").await;
        let boards = rankings::BoardCache::default();
        let settings_events = "SELECT COUNT(*) FROM audit_events WHERE entity = $1";
        let events_before = common::scalar_i64(&app, settings_events, "settings").await;

        // The conservative default (the demo widens it; a county starts with it): only one's
        // own rank; branches visible within the committee; no county board.
        server::settings::set_visibility(&app.db, &county, &VisibilityPolicy::default()).await.unwrap();
        let v = rankings::boards::view(&app.db, &boards, &member, (year, false, None), server::clock::today_china()).await.unwrap();
        let board = v.members.unwrap();
        assert_eq!(board.rows.len(), 1);
        assert!(board.total > 1);
        assert_eq!(board.rows[0].member_id, member.member_id.unwrap());
        assert!(v.committee.unwrap().rows.len() > 1);
        assert!(v.county.is_none());
        assert!(!v.can_configure);

        // Only the county sets the policy; the change is in the trail.
        let public = VisibilityPolicy { member_ranking: Visibility::Public, branch_ranking: Visibility::Public, ..VisibilityPolicy::default() };
        let auditor = actor(&app, "13800000005").await;
        assert_eq!(server::settings::set_visibility(&app.db, &auditor, &public).await.map_err(|e| e.code()), Err(domain::ErrorCode::Forbidden));
        server::settings::set_visibility(&app.db, &county, &public).await.unwrap();
        let v = rankings::boards::view(&app.db, &boards, &member, (year, true, None), server::clock::today_china()).await.unwrap();
        let board = v.members.unwrap();
        assert_eq!(board.rows.len(), board.total);
        assert!(v.county.is_some());

        let off = VisibilityPolicy::all_off();
        server::settings::set_visibility(&app.db, &county, &off).await.unwrap();
        let v = rankings::boards::view(&app.db, &boards, &member, (year, false, None), server::clock::today_china()).await.unwrap();
        assert!(v.members.is_none() && v.committee.is_none() && v.county.is_none());
        // Administrators keep their management view.
        let v = rankings::boards::view(&app.db, &boards, &county, (year, true, None), server::clock::today_china()).await.unwrap();
        let whole = v.county.unwrap();
        assert!(whole.rows.len() > 100 && !whole.truncated);
        assert_eq!(whole.rows.len(), whole.total);
        // At a glance: the leaders only, and the board says rows were left out.
        let v = rankings::boards::view(&app.db, &boards, &county, (year, false, None), server::clock::today_china()).await.unwrap();
        let glance = v.county.unwrap();
        assert_eq!(glance.rows.len(), app::rankings::GLANCE_ROWS);
        assert!(glance.truncated);
        assert_eq!(glance.rows[..], whole.rows[..app::rankings::GLANCE_ROWS]);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        let events = common::scalar_i64(&app, settings_events, "settings").await;
        assert_eq!(events - events_before, 3);
    }
}

on_both_engines! {
    async fn my_standing_for_the_home_screen(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        use domain::ranking::{Movement, VisibilityPolicy};
        let today = server::clock::today_china();
        let member = actor(&app, "13800000003").await;
        let s = rankings::boards::my_standing(&app.db, &rankings::BoardCache::default(), &member, today).await.unwrap().unwrap();
        let board = rankings::branch_members(&app.db, member.scope_org_id, today.year()).await.unwrap();
        let mine = board.iter().find(|r| Some(r.member_id) == member.member_id).unwrap();
        assert_eq!(s.points_year, mine.points);
        assert_eq!(s.rank, Some(mine.rank));
        assert_eq!(s.total, board.len());
        // The demo history ends yesterday: nobody has points today, so nobody moved.
        assert_eq!(s.points_today, 0);
        assert_eq!(s.movement, Some(Movement::Same));

        // With boards off, no rank or list; the points stay.
        let county = actor(&app, "13800000000").await;
        server::settings::set_visibility(&app.db, &county, &VisibilityPolicy::all_off()).await.unwrap();
        let s = rankings::boards::my_standing(&app.db, &rankings::BoardCache::default(), &member, today).await.unwrap().unwrap();
        assert_eq!((s.rank, s.movement, s.list), (None, None, None));
        assert_eq!(s.points_year, mine.points);
    }
}

/// A branch's mean points per member to the nearest whole point, halves away from zero —
/// worked out here in floating point rather than with `domain::points::average_of_total`, the
/// function the boards use, so a wrong rounding there fails the tests below.
fn expected_average(sum: i64, members: i64) -> i64 {
    if members == 0 {
        return 0;
    }
    // Exact for these sizes: both fit in f64's 53 bits and a half is representable.
    (sum as f64 / members as f64).round() as i64
}

/// One organization on a branch board: what the boards show and what the test works out.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct BranchRow {
    org_id: i64,
    members: i64,
    average_points: i64,
}

/// The same organizations with the same numbers; a failure names only the rows that differ.
#[track_caller]
fn same_rows(shown: &[BranchRow], expected: &[BranchRow]) {
    let differ: Vec<(&BranchRow, &BranchRow)> =
        shown.iter().zip(expected).filter(|(s, e)| s != e).collect();
    assert!(
        shown.len() == expected.len() && differ.is_empty(),
        "{} rows shown, {} expected; differing (shown, expected): {differ:?}",
        shown.len(),
        expected.len()
    );
}

/// An organization's members and their summed points this year, straight from the tables.
#[derive(sqlx::FromRow)]
struct OrgSum {
    org_id: i64,
    members: i64,
    points: i64,
}

/// Every organization's members and average from the member files and the ledger directly.
async fn from_scratch(app: &common::TestApp, year: i32) -> Vec<BranchRow> {
    let rows: Vec<OrgSum> = server::with_pool!(&app.db, pool => {
        sqlx::query_as(
            "SELECT m.org_id AS org_id, COUNT(*) AS members, \
                    CAST(COALESCE(SUM(l.points), 0) AS BIGINT) AS points FROM members m \
             LEFT JOIN (SELECT member_id, SUM(points) AS points FROM points_ledger \
                        WHERE day >= $1 AND day <= $2 GROUP BY member_id) l ON l.member_id = m.id \
             GROUP BY m.org_id ORDER BY m.org_id",
        )
        .bind(format!("{year}-01-01"))
        .bind(format!("{year}-12-31"))
        .fetch_all(pool)
        .await
        .unwrap()
    });
    rows.into_iter()
        .map(|r| BranchRow {
            org_id: r.org_id,
            members: r.members,
            average_points: expected_average(r.points, r.members),
        })
        .collect()
}

on_both_engines! {
    /// The branch boards read per-organization totals kept by each award; after live awards
    /// (study finished by members of several branches) they still equal a from-scratch sum.
    async fn organization_totals_follow_live_awards(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let today = server::clock::today_china();
        let year = today.year();
        let root: domain::OrgPath = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL").fetch_one(pool).await.unwrap()
        });
        let board = |rows: Vec<app::rankings::BranchStanding>| {
            let mut v: Vec<BranchRow> = rows
                .into_iter()
                .map(|b| BranchRow { org_id: b.org_id.get(), members: b.members, average_points: b.average_points })
                .collect();
            v.sort();
            v
        };
        same_rows(&board(rankings::branches_under(&app.db, &root, year).await.unwrap()), &from_scratch(&app, year).await);
        // The cache serves the same rows, and sees the awards below at once.
        let cache = rankings::BoardCache::default();
        let cached = cache.snapshot(&app.db, year).await.unwrap().branches_under(&root).await.unwrap();
        same_rows(&board((*cached).clone()), &from_scratch(&app, year).await);
        assert!(std::sync::Arc::ptr_eq(&cached, &cache.snapshot(&app.db, year).await.unwrap().branches_under(&root).await.unwrap()));

        let items: Vec<i64> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT id FROM study_items WHERE kind = 'article' AND publish_at <= $1 ORDER BY id")
                .bind(server::clock::now_china_minute())
                .fetch_all(pool).await.unwrap()
        });
        assert!(items.len() >= 2);
        for mobile in ["13800000003", "13800000002", "13800000004", "13800000006"] {
            let member = actor(&app, mobile).await;
            for item in &items {
                server::study::finish(&app.db, &member, *item, None, today).await.unwrap();
            }
        }
        let after = board(rankings::branches_under(&app.db, &root, year).await.unwrap());
        same_rows(&after, &from_scratch(&app, year).await);
        let recached = cache.snapshot(&app.db, year).await.unwrap().branches_under(&root).await.unwrap();
        assert!(!std::sync::Arc::ptr_eq(&cached, &recached));
        same_rows(&board((*recached).clone()), &after);
        let flowing = actor(&app, "13800000004").await.scope_org_id;
        let members = cache.snapshot(&app.db, year).await.unwrap().branch_members(flowing).await.unwrap();
        assert_eq!(*members, rankings::branch_members(&app.db, flowing, year).await.unwrap());
        let before_total = rankings::branch_members(&app.db, flowing, year).await.unwrap();
        assert!(before_total.iter().any(|s| s.points > 0));

        // A bulk rebuild gives the same numbers as the live bookkeeping.
        rankings::rebuild_totals(&app.db).await.unwrap();
        same_rows(&board(rankings::branches_under(&app.db, &root, year).await.unwrap()), &after);
    }
}

on_both_engines! {
    async fn a_past_year_s_boards_are_read_as_they_stood_at_its_end(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let this_year = server::clock::today_china().year();
        let ask = |year: i32| {
            let app = &app;
            let county = county.clone();
            async move {
                let r = app.client.post(app.url("/api/rankings")).header("cookie", county).header("accept", "application/json")
                    .form(&[("full", "true".to_string()), ("year", year.to_string())]).send().await.unwrap();
                let status = r.status().as_u16();
                (status, r.json::<serde_json::Value>().await.unwrap_or_default())
            }
        };
        let (status, v) = ask(this_year - 1).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!((v["year"].as_i64(), v["this_year"].as_i64()), (Some(i64::from(this_year - 1)), Some(i64::from(this_year))));
        // Last year's points, branch by branch, are what the ledger booked in that year.
        let booked = common::scalar_i64(&app, "SELECT COALESCE(CAST(SUM(points) AS BIGINT), 0) FROM points_ledger WHERE day LIKE $1", &format!("{}-%", this_year - 1)).await;
        let shown: i64 = v["county"]["rows"].as_array().map_or(0, |rows| rows.iter().map(|r| r["average_points"].as_i64().unwrap() * r["members"].as_i64().unwrap()).sum());
        if booked == 0 {
            assert_eq!(shown, 0, "{v}");
        }
        assert!(v["composite"]["rows"].as_array().is_some_and(|r| !r.is_empty()), "{v}");
        // No year to come, none before the first.
        assert_eq!(ask(this_year + 1).await.0, 422);
        assert_eq!(ask(1999).await.0, 422);
        assert_eq!(ask(0).await.1["year"].as_i64(), Some(i64::from(this_year)));
    }
}
