//! Requests shaped to probe: ids that exist elsewhere, pages past any roster, cross-site posts
//! of every kind, bodies that would be quoted back (docs/security.md#requests). Over HTTP, on
//! both engines.

use crate::common::{self, error_code, login_cookie, scalar_i64, send_json};

use reqwest::{Method, StatusCode};
use serde_json::json;
use server::seed::DemoPlan;

on_both_engines! {
    async fn ids_elsewhere_and_ids_of_nothing_are_answered_alike(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = login_cookie(&app, "13800000002").await;
        let county = login_cookie(&app, "13800000000").await;
        let elsewhere = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000004").await;
        let nothing = scalar_i64(&app, "SELECT MAX(id) + 1000 FROM members WHERE $1 = $1", "").await;
        let org_elsewhere = scalar_i64(&app, "SELECT org_id FROM members WHERE id = CAST($1 AS BIGINT)", &elsewhere.to_string()).await;
        let org_nothing = scalar_i64(&app, "SELECT MAX(id) + 1000 FROM organizations WHERE $1 = $1", "").await;
        for (what, a, b) in [("members", elsewhere, nothing), ("orgs", org_elsewhere, org_nothing)] {
            let (sa, ja) = send_json(&app, &secretary, Method::GET, &format!("/api/v1/{what}/{a}"), json!(null)).await;
            let (sb, jb) = send_json(&app, &secretary, Method::GET, &format!("/api/v1/{what}/{b}"), json!(null)).await;
            assert_eq!((sa, error_code(&ja)), (StatusCode::FORBIDDEN, "forbidden"), "{what} elsewhere: {ja}");
            assert_eq!((sb, error_code(&jb)), (StatusCode::FORBIDDEN, "forbidden"), "{what} of nothing: {jb}");
            // The county sees everything: "not found" tells it nothing new.
            let (sc, _) = send_json(&app, &county, Method::GET, &format!("/api/v1/{what}/{b}"), json!(null)).await;
            assert_eq!(sc, StatusCode::NOT_FOUND, "{what}");
        }
    }

    async fn a_roster_page_past_any_county_is_refused_unread(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let (status, _) = send_json(&app, &county, Method::GET, "/api/v1/orgs/1/members?per_page=100&page=2000", json!(null)).await;
        assert_eq!(status, StatusCode::OK, "the deepest page allowed");
        let (status, body) = send_json(&app, &county, Method::GET, "/api/v1/orgs/1/members?per_page=100&page=2002", json!(null)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _) = send_json(&app, &county, Method::GET, "/api/v1/orgs/1/members?per_page=10&page=1000000", json!(null)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn cross_site_writes_of_every_kind_are_refused(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let member = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
        let events = || scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE $1 = $1", "");
        let before = events().await;
        for origin in ["null", "https://evil.example"] {
            let patch = app.client.patch(app.url(&format!("/api/v1/members/{member}"))).header("cookie", &county)
                .header("origin", origin).json(&json!({ "job": "跨站改的" })).send().await.unwrap();
            assert_eq!(patch.status(), StatusCode::FORBIDDEN, "PATCH from {origin}");
            let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.xlsx"));
            let multipart = app.client.post(app.url("/api/v1/import/orgs?dry_run=1")).header("cookie", &county)
                .header("origin", origin).multipart(form).send().await.unwrap();
            assert_eq!(multipart.status(), StatusCode::FORBIDDEN, "multipart from {origin}");
            let form = app.client.post(app.url("/api/logout")).header("cookie", &county)
                .header("origin", origin).form(&[("x", "1")]).send().await.unwrap();
            assert_eq!(form.status(), StatusCode::FORBIDDEN, "form from {origin}");
        }
        assert_eq!(events().await, before, "nothing written");
        let (status, _) = send_json(&app, &county, Method::GET, "/api/v1/orgs/1", json!(null)).await;
        assert_eq!(status, StatusCode::OK, "the session still works");
    }

    async fn a_bad_body_is_named_not_quoted_back(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let member = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
        let path = format!("/api/v1/members/{member}");
        for body in [r#"{"<script>alert(1)</script>": 1}"#, r#"{"training_hours": "<img src=x>"}"#, "{not json"] {
            let r = app.client.patch(app.url(&path)).header("cookie", &county)
                .header("content-type", "application/json").body(body).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
            let text = r.text().await.unwrap();
            assert!(!text.contains("script") && !text.contains("img") && !text.contains("training_hours"), "{text}");
            assert!(text.contains("第 1 行"), "{text}");
        }
    }
}
