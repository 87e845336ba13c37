//! The record trail: every write through the app is recorded, and any change made to the
//! database behind the app's back — to a record row or to the trail itself — is detected.

use crate::common;

use common::{exec, login_cookie, scalar_i64, TestApp};
use serde_json::{json, Value};
use server::{
    seed::DemoPlan,
    trail::{verify, VerifyReport},
};

async fn report(app: &TestApp) -> VerifyReport {
    verify(&app.db).await.unwrap()
}

async fn patch_member(app: &TestApp, cookie: &str, id: i64, body: Value) -> (u16, Value) {
    let r = app
        .client
        .patch(app.url(&format!("/api/v1/members/{id}")))
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// A plain member of the village branch the secretary 13800000002 runs.
async fn village_member(app: &TestApp) -> i64 {
    scalar_i64(
        app,
        "SELECT MIN(m.id) FROM members m JOIN accounts a ON a.mobile = $1 \
         JOIN members s ON s.id = a.member_id WHERE m.org_id = s.org_id AND m.id <> s.id \
         AND m.id NOT IN (SELECT member_id FROM accounts WHERE mobile LIKE '1380000000%')",
        "13800000002",
    )
    .await
}

on_both_engines! {
    async fn tampering_with_rows_or_events_is_detected(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let clean = report(&app).await;
        assert!(clean.is_intact(), "{clean}");
        assert!(clean.rows_checked > 2_000 * 2, "members, accounts, ledger: {}", clean.rows_checked);

        let secretary = login_cookie(&app, "13800000002").await;
        let edited = village_member(&app).await;
        let (status, body) = patch_member(&app, &secretary, edited, json!({ "job": "村医", "training_hours": 24 })).await;
        assert_eq!(status, 200, "{body}");
        assert!(report(&app).await.is_intact());

        // A sealed (imported) row changed directly: its seal no longer matches.
        let sealed = scalar_i64(&app, "SELECT MAX(id) FROM members WHERE id < CAST($1 AS BIGINT)", &edited.to_string()).await;
        exec(&app, &format!("UPDATE members SET dues_base_fen = dues_base_fen + 1 WHERE id = {sealed}")).await;
        let r = report(&app).await;
        assert!(r.problems.iter().any(|p| p.to_string().contains("members 第")), "{r}");
        exec(&app, &format!("UPDATE members SET dues_base_fen = dues_base_fen - 1 WHERE id = {sealed}")).await;
        assert!(report(&app).await.is_intact(), "restoring the value restores the seal");

        // A row edited through the app, then again behind its back.
        exec(&app, &format!("UPDATE members SET job = '个体' WHERE id = {edited}")).await;
        let r = report(&app).await;
        assert_eq!(r.problems.len(), 1, "{r}");
        assert!(r.problems[0].to_string().contains(&format!("members #{edited}")), "{r}");
        exec(&app, &format!("UPDATE members SET job = '村医' WHERE id = {edited}")).await;

        // A password hash swapped to take over an account.
        exec(&app, "UPDATE accounts SET must_change_password = 0 WHERE id = 100").await;
        let r = report(&app).await;
        assert!(r.problems.iter().any(|p| p.to_string().contains("accounts 第")), "{r}");
        exec(&app, "UPDATE accounts SET must_change_password = 1 WHERE id = 100").await;
        assert!(report(&app).await.is_intact());

        // Points booked directly, and a booked point deleted.
        exec(&app, &format!("INSERT INTO points_ledger (member_id, day, activity_key, points, rule_version, created_at) VALUES ({edited}, '2026-11-01', 'article_read', 1, 1, 'x')")).await;
        let r = report(&app).await;
        assert!(r.problems.iter().any(|p| p.to_string().contains("不在记录链中")), "{r}");
        exec(&app, "DELETE FROM points_ledger WHERE created_at = 'x'").await;
        exec(&app, "DELETE FROM points_ledger WHERE id = 5").await;
        let r = report(&app).await;
        assert!(r.problems.iter().any(|p| p.to_string().contains("points_ledger 第")), "{r}");

        // An event rewritten: the chain breaks exactly there.
        let seq = scalar_i64(&app, "SELECT MAX(seq) FROM audit_events WHERE entity = $1", "members").await;
        exec(&app, &format!("UPDATE audit_events SET after_json = REPLACE(after_json, '村医', '个体') WHERE seq = {seq}")).await;
        let r = report(&app).await;
        assert!(r.problems[0].to_string().contains(&format!("第 {seq} 条事件")), "{r}");
        assert!(r.problems[0].to_string().contains("事件内容被修改"), "{r}");

        // An event removed from the middle.
        exec(&app, &format!("UPDATE audit_events SET after_json = REPLACE(after_json, '个体', '村医') WHERE seq = {seq}")).await;
        exec(&app, "DELETE FROM audit_events WHERE seq = 10").await;
        let r = report(&app).await;
        assert!(r.problems[0].to_string().contains("第 11 条事件"), "{r}");
    }

    async fn cutting_the_tail_of_the_trail_is_detected(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let last = scalar_i64(&app, "SELECT MAX(seq) FROM audit_events WHERE entity <> $1", "").await;
        exec(&app, &format!("DELETE FROM audit_events WHERE seq = {last}")).await;
        let r = report(&app).await;
        assert!(r.problems.iter().any(|p| p.to_string().contains("截断")), "{r}");
    }

    async fn member_file_edits_are_validated_and_kept_in_history(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = login_cookie(&app, "13800000002").await;
        let id = village_member(&app).await;
        let history = |cookie: String| {
            let app = &app;
            async move {
                app.client
                    .get(app.url(&format!("/api/v1/members/{id}/history")))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap()
                    .json::<Value>()
                    .await
                    .unwrap()
            }
        };

        // Bad input: a specific error, and nothing changes.
        let (status, body) = patch_member(&app, &secretary, id, json!({ "mobile": "1234", "job": "教师" })).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "invalid_mobile");
        assert!(body["error"]["message"].as_str().unwrap().contains("mobile"));
        let (status, body) = patch_member(&app, &secretary, id, json!({ "id_number": "110105194912310021" })).await;
        assert_eq!(status, 400, "identity is not editable here: {body}");
        let (status, body) = patch_member(&app, &secretary, id, json!({ "mobile": "13800000003" })).await;
        assert_eq!(status, 409, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("其他党员"));
        assert_eq!(history(secretary.clone()).await, json!([]));

        // A good edit: recorded with who and what, the login number follows the file.
        let (status, body) = patch_member(&app, &secretary, id, json!({ "mobile": "199 0000 1234", "employer": "新田县人民医院" })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["mobile"], "19900001234");
        let h = history(secretary.clone()).await;
        assert_eq!(h.as_array().unwrap().len(), 1, "{h}");
        assert_eq!(h[0]["action"], "member.update");
        assert!(h[0]["actor"].as_str().is_some_and(|a| !a.is_empty()));
        let fields: Vec<&str> = h[0]["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["employer", "mobile"]);
        assert_eq!(h[0]["changes"][0]["label"], "工作单位");
        assert_eq!(h[0]["changes"][1]["after"], "19900001234");
        // The auditor sees the same history with the numbers masked.
        let auditor = login_cookie(&app, "13800000005").await;
        let h = history(auditor).await;
        assert_eq!(h[0]["changes"][1]["after"], "199****1234");
        let account_mobile: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT mobile FROM accounts WHERE member_id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        assert_eq!(account_mobile, "19900001234");
        assert!(report(&app).await.is_intact());
    }
}

/// The operator's commands, as run on a server: `dangjian audit verify` and `dangjian backup`.
mod cli {
    use super::*;
    use std::process::Command;

    fn dangjian(url: &str, args: &[&str]) -> (bool, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_dangjian"))
            .args(args)
            .env("DANGJIAN_DATABASE_URL", url)
            .env("DANGJIAN_DEMO", "1")
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn audit_verify_names_the_first_broken_link() {
        let app = common::spawn_seeded(common::Engine::Sqlite, DemoPlan::new(Some(2_000)))
            .await
            .unwrap();
        let (ok, out) = dangjian(&app.db_url, &["audit", "verify"]);
        assert!(ok, "{out}");
        assert!(out.contains("记录链完整"), "{out}");
        exec(
            &app,
            "UPDATE audit_events SET at = '2020-01-01T00:00:00Z' WHERE seq = 7",
        )
        .await;
        exec(
            &app,
            "UPDATE audit_events SET at = '2020-01-01T00:00:00Z' WHERE seq = 9",
        )
        .await;
        let (ok, out) = dangjian(&app.db_url, &["audit", "verify"]);
        assert!(!ok, "{out}");
        assert!(out.contains("第 7 条事件"), "{out}");
        assert!(
            !out.contains("第 9 条事件"),
            "only the first broken link: {out}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_backup_restores_to_the_same_database() {
        let app = common::spawn_seeded(common::Engine::Sqlite, DemoPlan::new(Some(2_000)))
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("backup.db");
        let (ok, out) = dangjian(&app.db_url, &["backup", "--to", copy.to_str().unwrap()]);
        assert!(ok, "{out}");
        let (ok, out) = dangjian(&app.db_url, &["backup", "--to", copy.to_str().unwrap()]);
        assert!(!ok && out.contains("已存在"), "never overwrites: {out}");

        // Restoring is using the copy as the database file.
        let restored_url = format!("sqlite://{}", copy.display());
        let restored = server::storage::Db::connect(&restored_url).await.unwrap();
        let (a, b) = (
            verify(&app.db).await.unwrap(),
            verify(&restored).await.unwrap(),
        );
        assert!(b.is_intact(), "{b}");
        assert_eq!(
            (a.head_hash, a.events, a.rows_checked),
            (b.head_hash, b.events, b.rows_checked)
        );
        for table in [
            "organizations",
            "members",
            "accounts",
            "leadership",
            "points_ledger",
            "audit_events",
            "app_meta",
        ] {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let count = |db: server::storage::Db| {
                let sql = sql.clone();
                async move {
                    server::with_pool!(&db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await.unwrap())
                }
            };
            assert_eq!(
                count(app.db.clone()).await,
                count(restored.clone()).await,
                "{table}"
            );
        }
        let (ok, out) = dangjian(&restored_url, &["audit", "verify"]);
        assert!(ok, "{out}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_backup_points_to_pg_dump() {
        let Some(app) = common::spawn_app(common::Engine::Postgres).await else {
            return;
        };
        let (ok, out) = dangjian(&app.db_url, &["backup", "--to", "/tmp/never-written.db"]);
        assert!(!ok);
        assert!(
            out.contains("pg_dump") && out.contains("pg_restore"),
            "{out}"
        );
        assert!(!std::path::Path::new("/tmp/never-written.db").exists());
    }
}
