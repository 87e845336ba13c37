//! Nobody raises their own record, answers their own suggestion or rewrites the login of
//! someone above them (docs/security.md#self-service): refused by the server, over HTTP, on
//! both engines.

use crate::common::{self, error_code, login_cookie, scalar_i64, send_json};

use reqwest::{Method, StatusCode};
use serde_json::json;
use server::seed::DemoPlan;

async fn member_of(app: &common::TestApp, mobile: &str) -> i64 {
    scalar_i64(
        app,
        "SELECT member_id FROM accounts WHERE mobile = $1",
        mobile,
    )
    .await
}

on_both_engines! {
    async fn an_officer_changes_only_the_contact_fields_of_their_own_file(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        for officer in ["13800000002", "13800000001", "13800000006"] {
            let cookie = login_cookie(&app, officer).await;
            let own = member_of(&app, officer).await;
            let path = format!("/api/v1/members/{own}");
            for patch in [
                json!({ "training_hours": 99 }),
                json!({ "rewards_penalties": "2026 年优秀共产党员" }),
                json!({ "education": "博士研究生" }),
                json!({ "mobile": "13912340000" }),
                json!({ "name": "改个名" }),
            ] {
                let (status, body) = send_json(&app, &cookie, Method::PATCH, &path, patch.clone()).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{officer} {patch}: {body}");
                assert!(matches!(error_code(&body), "own_file_contact_only" | "not_permitted_for_role"), "{body}");
            }
            let (status, body) = send_json(&app, &cookie, Method::PATCH, &path, json!({ "job": "村党支部书记（兼）", "employer": "新田县某村" })).await;
            assert_eq!(status, StatusCode::OK, "{officer}: {body}");
        }
        // The same change to someone else's file, by the branch's secretary, goes through.
        let secretary = login_cookie(&app, "13800000002").await;
        let other = member_of(&app, "13800000007").await;
        let (status, body) = send_json(&app, &secretary, Method::PATCH, &format!("/api/v1/members/{other}"), json!({ "training_hours": 12 })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn a_login_mobile_changes_only_by_someone_who_outranks_the_account(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let committee = login_cookie(&app, "13800000001").await;
        let secretary = login_cookie(&app, "13800000002").await;
        // A member of the village branch becomes an administrator of its committee.
        let superior = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000007").await;
        let committee_org = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000001").await;
        let (status, body) = send_json(&app, &county, Method::POST, &format!("/api/v1/accounts/{superior}/roles"),
            json!({ "role": "committee_admin", "scope_org_id": committee_org })).await;
        assert!(status.is_success(), "{body}");
        let file = format!("/api/v1/members/{}", member_of(&app, "13800000007").await);
        // Their branch's secretary may edit the file, but not the login of someone above; nor may
        // a peer of the same committee.
        for who in [&secretary, &committee] {
            let (status, body) = send_json(&app, who, Method::PATCH, &file, json!({ "mobile": "13912340007" })).await;
            assert_eq!((status, error_code(&body)), (StatusCode::FORBIDDEN, "login_identity_outranked"), "{body}");
        }
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM accounts WHERE mobile = $1", "13800000007").await, 1, "nothing changed");
        let (status, body) = send_json(&app, &county, Method::PATCH, &file, json!({ "mobile": "13912340007" })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM accounts WHERE mobile = $1", "13912340007").await, 1);
        // A plain member's number is still the branch's to correct.
        let plain = format!("/api/v1/members/{}", member_of(&app, "13800000008").await);
        let (status, body) = send_json(&app, &secretary, Method::PATCH, &plain, json!({ "mobile": "13912340008" })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn a_suggestion_is_never_handled_by_its_author(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = login_cookie(&app, "13800000002").await;
        let committee = login_cookie(&app, "13800000001").await;
        let form = |cookie: &str, path: &str, fields: &[(&str, &str)]| {
            let request = app.client.post(app.url(path)).header("cookie", cookie)
                .header("accept", "application/json").form(fields);
            async move {
                let r = request.send().await.unwrap();
                (r.status(), r.text().await.unwrap())
            }
        };
        let (status, body) = form(&secretary, "/api/submit_suggestion",
            &[("to", "branch"), ("title", "书记自己的建议"), ("body", "建议村里给党员活动室添置书架。")]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let id = scalar_i64(&app, "SELECT MAX(id) FROM suggestions WHERE title = $1", "书记自己的建议").await.to_string();
        for verb in ["adopt", "reply", "forward"] {
            let (status, body) = form(&secretary, "/api/handle_suggestion", &[("id", &id), ("verb", verb), ("reply", "我自己采纳")]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{verb}: {body}");
            assert!(body.contains("own_suggestion"), "{body}");
        }
        assert_eq!(scalar_i64(&app, "SELECT points_awarded FROM suggestions WHERE title = $1", "书记自己的建议").await, 0);
        // Not in the author's own queue; handled one level up.
        let (_, queue) = form(&secretary, "/api/suggestions", &[]).await;
        let queue: serde_json::Value = serde_json::from_str(&queue).unwrap();
        assert!(!queue["queue"].as_array().unwrap().iter().any(|s| s["title"] == "书记自己的建议"), "{queue}");
        let (status, body) = form(&committee, "/api/handle_suggestion", &[("id", &id), ("verb", "adopt"), ("reply", "采纳")]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        assert_eq!(scalar_i64(&app, "SELECT points_awarded FROM suggestions WHERE title = $1", "书记自己的建议").await, 5);
    }

    async fn a_number_held_outside_reach_is_refused_without_saying_by_whom(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = login_cookie(&app, "13800000002").await;
        let file = format!("/api/v1/members/{}", member_of(&app, "13800000008").await);
        // Within the branch: the form may say the number is another member's.
        let (status, body) = send_json(&app, &secretary, Method::PATCH, &file, json!({ "mobile": "13800000009" })).await;
        assert_eq!((status, error_code(&body)), (StatusCode::CONFLICT, "mobile_taken"), "{body}");
        // A Dongguan member's number, and the county administrator's: not said to be anyone's.
        for elsewhere in ["13800000004", "13800000000"] {
            let (status, body) = send_json(&app, &secretary, Method::PATCH, &file, json!({ "mobile": elsewhere })).await;
            assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "mobile_unavailable"), "{body}");
            assert!(!body.to_string().contains("其他党员"), "{body}");
        }
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE mobile = $1", "13800000008").await, 1, "nothing changed");
    }
}
