//! A deployment's first day: a production server on an empty database says how to start; `dangjian
//! init` creates the county and its first administrator, once; the one-time password it prints
//! signs in and must be changed first.

use std::process::Command;

use crate::common;

fn dangjian(url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dangjian"))
        .args(args)
        .env("DANGJIAN_DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn get(app: &common::TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut r = app
        .client
        .get(app.url(path))
        .header("accept", "application/json");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(
    app: &common::TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut r = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .form(form);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.send().await.unwrap()
}

async fn first_start(engine: common::Engine) {
    let Some(app) = common::spawn_app_with(engine, |c| {
        c.demo = false;
        c.payment = server::config::PaymentSettings::default();
    })
    .await
    else {
        return;
    };
    // Before init: every page says how to start; the health check answers.
    let (status, page) = get(&app, "/", None).await;
    assert_eq!(status, 503, "{page}");
    assert!(
        page.contains("党建云尚未初始化") && page.contains("dangjian init --county"),
        "{page}"
    );
    assert_eq!(get(&app, "/login", None).await.0, 503);
    assert_eq!(get(&app, "/healthz", None).await.0, 200);

    // Bad input is refused, in Chinese, and nothing is written.
    let (ok, _, err) = dangjian(
        &app.db_url,
        &[
            "init",
            "--county",
            "新田县委组织部",
            "--admin-mobile",
            "1380000",
        ],
    );
    assert!(!ok && err.contains("--admin-mobile"), "{err}");
    let (ok, _, err) = dangjian(
        &app.db_url,
        &["init", "--county", "  ", "--admin-mobile", "13900000001"],
    );
    assert!(!ok && err.contains("--county"), "{err}");
    assert_eq!(
        common::scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE '' = $1", "").await,
        0
    );

    let (ok, out, err) = dangjian(
        &app.db_url,
        &[
            "init",
            "--county",
            "新田县委组织部",
            "--admin-mobile",
            "139 0000 0001",
            "--admin-name",
            "张三",
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("「新田县委组织部」") && out.contains("13900000001"),
        "{out}"
    );
    let password = out
        .lines()
        .find_map(|l| {
            l.split_once("：")
                .filter(|(k, _)| k.starts_with("一次性密码"))
                .map(|(_, p)| p.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no password line in {out}"));
    assert_eq!(password.chars().count(), 12, "{out}");
    // The trail holds both creations, without the password.
    let trail: Vec<(String, String)> = server::with_pool!(&app.db, pool => {
        sqlx::query_as("SELECT action, COALESCE(after_json, '') FROM audit_events ORDER BY seq")
            .fetch_all(pool).await.unwrap()
    });
    let actions: Vec<&str> = trail.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["org.create", "account.create"]);
    assert!(trail.iter().all(|(_, after)| !after.contains(&password)));
    let report = server::trail::verify(&app.db).await.unwrap();
    assert!(report.is_intact(), "{report}");

    // Once only: a second init changes nothing and says why.
    let (ok, out2, err) = dangjian(
        &app.db_url,
        &[
            "init",
            "--county",
            "别的县",
            "--admin-mobile",
            "13900000002",
        ],
    );
    assert!(!ok, "{out2}");
    assert!(err.contains("已有县级党组织「新田县委组织部」"), "{err}");
    assert_eq!(
        common::scalar_i64(&app, "SELECT COUNT(*) FROM accounts WHERE '' = $1", "").await,
        1
    );

    // The gate opens by itself; the printed password signs in and must be changed first.
    assert_eq!(get(&app, "/login", None).await.0, 200);
    let county_id = common::scalar_i64(
        &app,
        "SELECT id FROM organizations WHERE name = $1",
        "新田县委组织部",
    )
    .await;
    let r = post(
        &app,
        "/api/login",
        None,
        &[("mobile", "13900000001"), ("password", &password)],
    )
    .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap_or_else(|| panic!("the printed password signs in"))
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let org_path = format!("/api/v1/orgs/{county_id}");
    let (status, body) = get(&app, &org_path, Some(&cookie)).await;
    assert_eq!(
        status, 403,
        "a one-time password is changed before anything else: {body}"
    );
    let r = post(
        &app,
        "/api/change_password",
        Some(&cookie),
        &[
            ("current", &password),
            ("new_password", "xintian2026"),
            ("confirm", "xintian2026"),
        ],
    )
    .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    // The old token ended with the change: the browser goes on under the new one.
    let cookie = common::new_session(&r).expect("a new session");
    let (status, body) = get(&app, &org_path, Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("新田县委组织部"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_sqlite() {
    first_start(common::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_postgres() {
    first_start(common::Engine::Postgres).await;
}
