//! Ranking boards read the yearly totals kept beside the ledger; the numbers must equal the
//! ledger's own sums, ranked by `domain::ranking::rank`, on both engines.

mod common;

use server::{
    rankings,
    seed::{seed_demo, DemoPlan},
};

on_both_engines! {
    async fn boards_match_the_ledger(app: TestApp) {
        seed_demo(&app.db, &DemoPlan::new(Some(3_000))).await.unwrap();
        let year = server::clock::today_china().year();
        // The village branch of the demo member 13800000003.
        let branch = common::scalar_i64(
            &app,
            "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1",
            "13800000003",
        )
        .await;
        let board = rankings::branch_members(&app.db, branch, year).await.unwrap();
        assert!(board.len() >= 3);
        for pair in board.windows(2) {
            assert!(pair[0].points >= pair[1].points);
            assert!(pair[0].rank <= pair[1].rank);
        }
        assert_eq!(board[0].rank, 1);
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
        }

        let root_path: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL").fetch_one(pool).await.unwrap()
        });
        let county = rankings::branches_under(&app.db, &root_path, year).await.unwrap();
        assert_eq!(county.iter().map(|b| b.members).sum::<i64>(), 3_000);
        let ours = county.iter().find(|b| b.org_id == branch).unwrap();
        let sum: i64 = board.iter().map(|s| s.points).sum();
        assert_eq!(ours.average_points, domain::points::average_points(&board.iter().map(|s| s.points).collect::<Vec<_>>()));
        assert_eq!(ours.members, board.len() as i64, "sum {sum}");
        for pair in county.windows(2) {
            assert!(pair[0].average_points >= pair[1].average_points);
        }
    }
}
