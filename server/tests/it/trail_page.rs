//! The trail page's reading (`/trail`): only the county's administrators and auditors; filters
//! by an organization's subtree, a member, a kind of step and China days, each refusal
//! specific; every event filed under the organization and member it concerns, which
//! `audit verify` checks and the migration's backfill reproduces.

use crate::common;

use common::{exec, login_cookie, scalar_i64, TestApp};
use serde_json::{json, Value};
use server::{seed::DemoPlan, trail::verify};

async fn call(app: &TestApp, cookie: &str, path: &str, form: &[(String, String)]) -> (u16, String) {
    common::post_fn(app, cookie, path, form).await
}

/// One page of the trail with these filters (the page's query string, as the form sends it).
async fn trail(app: &TestApp, cookie: &str, filter: &[(&str, &str)]) -> (u16, String) {
    let mut form: Vec<(String, String)> = filter
        .iter()
        .map(|(k, v)| (format!("filter[{k}]"), v.to_string()))
        .collect();
    if form.is_empty() {
        form.push(("filter[org]".into(), String::new()));
    }
    call(app, cookie, "/api/trail", &form).await
}

/// The events of a successful reading, as (action, entity, entity_id).
async fn events(app: &TestApp, cookie: &str, filter: &[(&str, &str)]) -> Vec<Value> {
    let (status, body) = trail(app, cookie, filter).await;
    assert_eq!(status, 200, "{filter:?}: {body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["events"].as_array().unwrap().clone()
}

fn has(events: &[Value], action: &str, id: i64) -> bool {
    events
        .iter()
        .any(|e| e["action"] == action && e["entity_id"].as_str() == Some(id.to_string().as_str()))
}

/// The backfill statement of the migration that added the filing columns, for this engine.
fn backfill(app: &TestApp) -> String {
    let engine = match app.db {
        server::storage::Db::Sqlite(_) => "sqlite",
        server::storage::Db::Postgres(_) => "postgres",
    };
    let path = format!(
        "{}/migrations/{engine}/0023_trail_index.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let sql = std::fs::read_to_string(path).unwrap();
    let start = sql.find("UPDATE audit_events").unwrap();
    let end = start + sql[start..].find(";\n").unwrap();
    sql[start..end].to_string()
}

on_both_engines! {
    async fn the_county_and_auditors_read_the_trail_by_organization_member_step_and_day(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let secretary = login_cookie(&app, "13800000002").await;

        // The secretary corrects a member's mobile; the county renames a committee elsewhere.
        let member = scalar_i64(&app, "SELECT MIN(m.id) FROM members m JOIN accounts a ON a.mobile = $1 \
             JOIN members s ON s.id = a.member_id WHERE m.org_id = s.org_id AND m.id <> s.id \
             AND m.id NOT IN (SELECT member_id FROM accounts WHERE mobile LIKE '1380000000%')", "13800000002").await;
        let branch = scalar_i64(&app, "SELECT org_id FROM members WHERE id = CAST($1 AS BIGINT)", &member.to_string()).await;
        let r = app.client.patch(app.url(&format!("/api/v1/members/{member}"))).header("cookie", secretary.as_str())
            .json(&json!({ "mobile": "199 0000 1234" })).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let other: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT MIN(o.id) FROM organizations o, organizations b WHERE b.id = $1 \
                 AND o.kind = 'party_committee' AND b.path NOT LIKE o.path || '%'")
                .bind(branch).fetch_one(pool).await.unwrap()
        });
        let r = app.client.patch(app.url(&format!("/api/v1/orgs/{other}"))).header("cookie", county.as_str())
            .json(&json!({ "name": "审计测试乡镇党委" })).send().await.unwrap();
        assert_eq!(r.status(), 200);

        // The server refuses everyone but the county's administrators and auditors.
        for mobile in ["13800000001", "13800000002", "13800000003"] {
            let cookie = login_cookie(&app, mobile).await;
            assert_eq!(trail(&app, &cookie, &[]).await.0, 403, "{mobile}");
            assert_eq!(call(&app, &cookie, "/api/check_trail", &[]).await.0, 403, "{mobile}");
        }
        let auditor = login_cookie(&app, "13800000005").await;
        let all = events(&app, &auditor, &[]).await;
        assert!(has(&all, "member.update", member) && has(&all, "org.rename", other));

        // An organization's subtree, by number or by its (new) name.
        let under_branch = events(&app, &county, &[("org", &branch.to_string())]).await;
        assert!(has(&under_branch, "member.update", member));
        assert!(!has(&under_branch, "org.rename", other));
        let (status, body) = trail(&app, &county, &[("org", &branch.to_string())]).await;
        assert!(status == 200 && body.contains(&format!("（编号 {branch}）")), "{body}");
        let renamed = events(&app, &county, &[("org", "审计测试乡镇党委")]).await;
        assert!(has(&renamed, "org.rename", other));
        assert!(!has(&renamed, "member.update", member));

        // A member: their own events only, personal data masked.
        let theirs = events(&app, &auditor, &[("member", &member.to_string())]).await;
        assert!(!theirs.is_empty() && theirs.iter().all(|e| e["entity"] != "organizations"));
        let update = theirs.iter().find(|e| e["action"] == "member.update").unwrap();
        let mobile = update["changes"].as_array().unwrap().iter().find(|c| c["field"] == "mobile").unwrap();
        assert_eq!(mobile["after"], "199****1234");

        // A kind of step, or one step.
        let org_steps = events(&app, &county, &[("action", "org")]).await;
        assert!(!org_steps.is_empty() && org_steps.iter().all(|e| e["action"].as_str().unwrap().starts_with("org.")));
        let renames = events(&app, &county, &[("action", "org.rename")]).await;
        assert!(has(&renames, "org.rename", other) && renames.iter().all(|e| e["action"] == "org.rename"));

        // Days in China time: today holds both steps, tomorrow nothing.
        let today = server::clock::today_china();
        let tomorrow = today.add_days(1).unwrap().to_string();
        let today = today.to_string();
        let today_events = events(&app, &county, &[("from", &today), ("to", &today)]).await;
        assert!(has(&today_events, "member.update", member) && has(&today_events, "org.rename", other));
        assert!(events(&app, &county, &[("from", &tomorrow)]).await.is_empty());
        // Paging back from an event leaves it out.
        let seq = update["seq"].as_i64().unwrap();
        let older = events(&app, &county, &[("member", &member.to_string()), ("before", &seq.to_string())]).await;
        assert!(older.iter().all(|e| e["seq"].as_i64().unwrap() < seq));

        // Each refusal says what to fix.
        let duplicate: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT name FROM members GROUP BY name HAVING COUNT(*) > 1 ORDER BY name LIMIT 1")
                .fetch_one(pool).await.unwrap()
        });
        for (filter, code) in [
            (("org", "没有这个组织"), "trail_org_unknown"),
            (("member", "999999"), "trail_member_unknown"),
            (("member", duplicate.as_str()), "trail_name_ambiguous"),
            (("action", "login"), "trail_action_unknown"),
            (("from", "2026-13-01"), "invalid_date"),
        ] {
            let (status, body) = trail(&app, &county, &[filter]).await;
            assert!(status >= 400 && body.contains(code), "{filter:?}: {status} {body}");
        }
        let (_, body) = trail(&app, &county, &[("member", &duplicate)]).await;
        assert!(body.contains("编号"), "the namesakes are listed with their numbers: {body}");
        let (_, body) = trail(&app, &county, &[("from", &tomorrow), ("to", &today)]).await;
        assert!(body.contains("ends_before_start"), "{body}");

        // The chain checked on demand, with the head hash the database holds.
        let (status, body) = call(&app, &auditor, "/api/check_trail", &[]).await;
        assert_eq!(status, 200, "{body}");
        let check: Value = serde_json::from_str(&body).unwrap();
        let head: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT hash FROM audit_head WHERE id = 1").fetch_one(pool).await.unwrap()
        });
        assert_eq!((check["intact"].as_bool(), check["head_hash"].as_str()), (Some(true), Some(head.as_str())));
    }

    async fn each_event_is_filed_under_what_it_concerns_and_verify_checks_it(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = login_cookie(&app, "13800000002").await;
        let member = scalar_i64(&app, "SELECT MIN(m.id) FROM members m JOIN accounts a ON a.mobile = $1 \
             JOIN members s ON s.id = a.member_id WHERE m.org_id = s.org_id AND m.id <> s.id \
             AND m.id NOT IN (SELECT member_id FROM accounts WHERE mobile LIKE '1380000000%')", "13800000002").await;
        let r = app.client.patch(app.url(&format!("/api/v1/members/{member}"))).header("cookie", secretary.as_str())
            .json(&json!({ "job": "村医" })).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let seq = scalar_i64(&app, "SELECT MAX(seq) FROM audit_events WHERE action = $1", "member.update").await;
        let filed = scalar_i64(&app, "SELECT member_id FROM audit_events WHERE seq = CAST($1 AS BIGINT)", &seq.to_string()).await;
        assert_eq!(filed, member);
        assert!(verify(&app.db).await.unwrap().is_intact());

        // Filed elsewhere behind the app's back: the filters would hide it, and verify says so.
        exec(&app, &format!("UPDATE audit_events SET member_id = NULL WHERE seq = {seq}")).await;
        let r = verify(&app.db).await.unwrap();
        assert!(r.problems.iter().any(|p| p.to_string().contains(&format!("第 {seq} 条事件所归"))), "{r}");

        // The migration's backfill files every event exactly as appending does.
        exec(&app, "UPDATE audit_events SET org_id = NULL, member_id = NULL").await;
        assert!(!verify(&app.db).await.unwrap().is_intact());
        exec(&app, &backfill(&app)).await;
        let r = verify(&app.db).await.unwrap();
        assert!(r.is_intact(), "{r}");
    }
}
