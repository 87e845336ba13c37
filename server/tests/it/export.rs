//! Roster exports: the subtree the reader may list, masked by default; unmasked only with a
//! reason, for those who may see identities, and recorded in the trail.

use server::seed::DemoPlan;

use crate::common::{self, login_cookie, scalar_i64, TestApp};

async fn export(app: &TestApp, cookie: &str, org: i64, query: &str) -> (u16, Vec<u8>) {
    let r = app
        .client
        .get(app.url(&format!("/api/v1/orgs/{org}/members.xlsx?{query}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

/// The data rows (below the title and the header) of an exported workbook.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let rows = server::import::read_rows(bytes, 13).unwrap();
    assert!(rows[1][0].text() == "所在党组织", "the header in row 2");
    rows.into_iter()
        .skip(2)
        .map(|r| r.iter().map(|c| c.text()).collect())
        .collect()
}

on_both_engines! {
    async fn rosters_export_masked_and_unmasked_only_with_a_reason(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let branch = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        let in_branch = scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await;
        let county = login_cookie(&app, "13800000000").await;

        let (status, bytes) = export(&app, &county, branch, "").await;
        assert_eq!(status, 200);
        let masked = rows(&bytes);
        assert_eq!(masked.len() as i64, in_branch);
        assert!(masked.iter().all(|r| r[5].contains('*') && r[6].contains('*')), "identity and mobile masked");

        // Unmasked: a reason first, then full numbers and a trail event with the reason and count.
        assert_eq!(export(&app, &county, branch, "unmasked=1").await.0, 422);
        assert_eq!(export(&app, &county, branch, "unmasked=1&reason=%20%20").await.0, 422);
        let (status, bytes) = export(&app, &county, branch, "unmasked=1&reason=%E6%8D%A2%E5%B1%8A%E9%80%89%E4%B8%BE").await;
        assert_eq!(status, 200);
        let full = rows(&bytes);
        assert!(full.iter().all(|r| r[6].len() == 11 && !r[6].contains('*')), "{:?}", full.first());
        let (after, actor): (String, Option<i64>) = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT after_json, actor_account_id FROM audit_events WHERE action = 'roster.export'")
                .fetch_one(pool).await.unwrap()
        });
        let event: serde_json::Value = serde_json::from_str(&after).unwrap();
        assert_eq!(event["reason"], "换届选举");
        assert_eq!(event["rows"], in_branch);
        assert!(actor.is_some());
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());

        // Filters: only probationary members.
        let probationary = scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE status = 'probationary' AND org_id = CAST($1 AS BIGINT)", &branch.to_string()).await;
        let (_, bytes) = export(&app, &county, branch, "status=%E9%A2%84%E5%A4%87").await;
        let some = rows(&bytes);
        assert_eq!(some.len() as i64, probationary);
        assert!(some.iter().all(|r| r[10] == "预备"));
        assert_eq!(export(&app, &county, branch, "status=x").await.0, 400);

        // The auditor reads masked lists only; the secretary only their branch; members nothing.
        let auditor = login_cookie(&app, "13800000005").await;
        assert_eq!(export(&app, &auditor, branch, "").await.0, 200);
        assert_eq!(export(&app, &auditor, branch, "unmasked=1&reason=audit").await.0, 403);
        let secretary = login_cookie(&app, "13800000002").await;
        assert_eq!(export(&app, &secretary, branch, "").await.0, 200);
        let root = scalar_i64(&app, "SELECT id FROM organizations WHERE parent_id IS NULL AND '' = $1", "").await;
        assert_eq!(export(&app, &secretary, root, "").await.0, 403);
        let member = login_cookie(&app, "13800000003").await;
        assert_eq!(export(&app, &member, branch, "").await.0, 403);
        let exports = scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'roster.export' AND '' = $1", "").await;
        assert_eq!(exports, 1, "refused and masked exports write nothing");
    }
}
