//! `spawn_app()`: the real router on a random port of 127.0.0.1 over a fresh database — a new
//! SQLite file, or a new database on the test PostgreSQL cluster (DANGJIAN_TEST_PG_URL, started
//! by scripts/test-all.sh). No mocks: the same code as production, end to end over HTTP.
//!
//! Without DANGJIAN_TEST_PG_URL the PostgreSQL half of every test fails, unless
//! DANGJIAN_SKIP_PG=1 skips it (each skip is printed; see `pg_admin_url`).
#![allow(dead_code)]

use std::{net::SocketAddr, path::PathBuf};

use server::{
    config::Config,
    http::AppState,
    seed::{seed_demo, DemoPlan},
    storage::Db,
};

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    pub site_root: PathBuf,
    pub db_url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// The test cluster's admin URL, DANGJIAN_TEST_PG_URL (`scripts/pg.sh start DIR` prints one).
/// Without it a PostgreSQL test fails — a plain `cargo test` must not pass on SQLite alone —
/// unless DANGJIAN_SKIP_PG=1 asks to skip the PostgreSQL half: then `None`, and the skip is
/// written to the terminal past the test harness's capture, so it shows even for a passing test.
/// DANGJIAN_REQUIRE_PG (set by scripts/test-all.sh, which starts the cluster) overrides the skip.
pub fn pg_admin_url() -> Option<String> {
    if let Ok(url) = std::env::var("DANGJIAN_TEST_PG_URL") {
        return Some(url);
    }
    assert!(
        std::env::var_os("DANGJIAN_REQUIRE_PG").is_none(),
        "DANGJIAN_REQUIRE_PG is set but DANGJIAN_TEST_PG_URL is not: PostgreSQL did not start"
    );
    assert!(
        std::env::var("DANGJIAN_SKIP_PG").as_deref() == Ok("1"),
        "DANGJIAN_TEST_PG_URL is not set: this test runs on PostgreSQL too. Start a throwaway \
         cluster with `scripts/pg.sh start /tmp/pg` and export the URL it prints as \
         DANGJIAN_TEST_PG_URL, or set DANGJIAN_SKIP_PG=1 to skip the PostgreSQL half"
    );
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED on PostgreSQL (DANGJIAN_SKIP_PG=1): {test}"
    );
    None
}

/// The database URL for a fresh, empty database on `engine`; `None` only when
/// DANGJIAN_SKIP_PG=1 skips PostgreSQL (`pg_admin_url`).
pub async fn fresh_database(engine: Engine, dir: &std::path::Path) -> Option<String> {
    match engine {
        Engine::Sqlite => Some(format!("sqlite://{}/test.db", dir.display())),
        Engine::Postgres => {
            let admin_url = pg_admin_url()?;
            let name = format!("t_{:016x}", rand_u64());
            let admin = sqlx::PgPool::connect(&admin_url)
                .await
                .expect("connect to the test cluster");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
            Some(format!("{base}/{name}"))
        }
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

/// Seeding a demo county takes seconds and most tests want one: each plan is seeded once per
/// run (per test process when DANGJIAN_TEST_TEMPLATES, set by scripts/test-all.sh, is absent)
/// and every test gets its own copy — a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
/// PostgreSQL. The copy is the seeded database itself, so tests see exactly what seeding wrote.
async fn seeded_copy(engine: Engine, dir: &std::path::Path, plan: &DemoPlan) -> Option<String> {
    static BUILDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let templates = template_dir();
    let key = format!(
        "{}_{}",
        plan.members,
        plan.today.to_string().replace('-', "")
    );
    match engine {
        Engine::Sqlite => {
            let template = templates.join(format!("sqlite_{key}.db"));
            {
                let _one_at_a_time = BUILDING.lock().await;
                if !template.exists() {
                    let build = tempfile::tempdir_in(&templates).unwrap();
                    let url = fresh_database(engine, build.path()).await?;
                    let db = seed_into(&url, plan).await;
                    // VACUUM INTO writes one self-contained file (no WAL beside it).
                    let part = build.path().join("template.db");
                    server::with_pool!(&db, pool => {
                        sqlx::query(&format!("VACUUM INTO '{}'", part.display()))
                            .execute(pool)
                            .await
                            .expect("vacuum into the template");
                    });
                    close(db).await;
                    std::fs::rename(&part, &template).unwrap();
                }
            }
            std::fs::copy(&template, dir.join("test.db")).unwrap();
            Some(format!("sqlite://{}/test.db", dir.display()))
        }
        Engine::Postgres => {
            let admin_url = pg_admin_url()?;
            let run = {
                use std::hash::{BuildHasher, Hasher};
                let mut h = std::hash::BuildHasherDefault::<
                    std::collections::hash_map::DefaultHasher,
                >::default()
                .build_hasher();
                h.write(templates.as_os_str().as_encoded_bytes());
                h.finish() & 0xffff_ffff
            };
            let name = format!("tpl_{key}_{run:08x}");
            {
                let _one_at_a_time = BUILDING.lock().await;
                let marker = templates.join(&name);
                if !marker.exists() {
                    let url = fresh_database(engine, dir).await?;
                    close(seed_into(&url, plan).await).await;
                    let built = url.rsplit_once('/').unwrap().1.to_string();
                    pg_admin(
                        &admin_url,
                        &format!("ALTER DATABASE {built} RENAME TO {name}"),
                    )
                    .await;
                    std::fs::write(&marker, b"").unwrap();
                }
            }
            let copy = format!("t_{:016x}", rand_u64());
            pg_admin(
                &admin_url,
                &format!("CREATE DATABASE {copy} TEMPLATE {name}"),
            )
            .await;
            let (base, _) = admin_url.rsplit_once('/').unwrap();
            Some(format!("{base}/{copy}"))
        }
    }
}

fn template_dir() -> PathBuf {
    static PROCESS: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    match std::env::var_os("DANGJIAN_TEST_TEMPLATES") {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            PathBuf::from(dir)
        }
        None => PROCESS
            .get_or_init(|| tempfile::tempdir().unwrap())
            .path()
            .to_path_buf(),
    }
}

async fn seed_into(url: &str, plan: &DemoPlan) -> Db {
    let db = Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    // The demo's meeting photos go to a store no test reads: a copy of the database has no files.
    let files: server::files::SharedFileStore = std::sync::Arc::new(server::files::LocalDir::new(
        std::env::temp_dir().join("dangjian-template-files"),
    ));
    seed_demo(&db, &files, plan)
        .await
        .expect("seed the template");
    db
}

async fn close(db: Db) {
    server::with_pool!(&db, pool => pool.close().await);
}

async fn pg_admin(admin_url: &str, sql: &str) {
    let admin = sqlx::PgPool::connect(admin_url)
        .await
        .expect("connect to the test cluster");
    sqlx::query(sql)
        .execute(&admin)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    admin.close().await;
}

pub async fn spawn_app(engine: Engine) -> Option<TestApp> {
    spawn_app_from(engine, None, |_| {}).await
}

/// `spawn_app` with a configuration change (e.g. a public origin behind a proxy).
pub async fn spawn_app_with(
    engine: Engine,
    configure: impl FnOnce(&mut Config),
) -> Option<TestApp> {
    spawn_app_from(engine, None, configure).await
}

/// `spawn_app` over a copy of a demo county seeded by `plan` (see `seeded_copy`).
pub async fn spawn_seeded(engine: Engine, plan: DemoPlan) -> Option<TestApp> {
    spawn_app_from(engine, Some(plan), |_| {}).await
}

pub async fn spawn_app_from(
    engine: Engine,
    plan: Option<DemoPlan>,
    configure: impl FnOnce(&mut Config),
) -> Option<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let url = match plan {
        None => fresh_database(engine, dir.path()).await?,
        Some(plan) => seeded_copy(engine, dir.path(), &plan).await?,
    };
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");

    // A small site root standing in for the build step's output.
    let site_root = dir.path().join("site");
    std::fs::create_dir_all(site_root.join("pkg")).unwrap();
    std::fs::write(site_root.join("pkg/dangjian.wasm"), vec![b'a'; 4096]).unwrap();
    std::fs::write(site_root.join("favicon.ico"), b"icon").unwrap();

    let mut config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: url.clone(),
        site_root: site_root.clone(),
        demo: true,
        secure_cookies: false,
        file_store: dir.path().join("files").display().to_string(),
        // The payment simulator plays WeChat Pay, over real HTTP on the same port.
        payment: server::config::PaymentSettings {
            provider: server::config::PaymentProvider::Simulator,
            ..Default::default()
        },
        ..Config::default()
    };
    configure(&mut config);
    let addr = serve(&config, db.clone()).await;
    // A hung request fails its test after a minute instead of stalling the whole suite.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    Some(TestApp {
        addr,
        db,
        client,
        site_root,
        db_url: url,
        _dir: dir,
    })
}

/// Another server over the same database and file store, with its own memory and pool: what a
/// second process behind a load balancer is. Its address.
pub async fn second_server(app: &TestApp) -> SocketAddr {
    let db = Db::connect(&app.db_url).await.expect("connect");
    let dir = app.site_root.parent().expect("the test's directory");
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: app.db_url.clone(),
        site_root: app.site_root.clone(),
        demo: true,
        secure_cookies: false,
        file_store: dir.join("files").display().to_string(),
        payment: server::config::PaymentSettings {
            provider: server::config::PaymentProvider::Simulator,
            ..Default::default()
        },
        ..Config::default()
    };
    serve(&config, db).await
}

/// Serves the router on a free port, with the connection addresses the server resolves its
/// clients from, as `dangjian serve` does. Its address.
async fn serve(config: &Config, db: Db) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(config, db, addr).expect("app state");
    tokio::spawn(async move {
        axum::serve(
            listener,
            server::http::router(state)
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    addr
}

/// Declares one async test per engine: `name::sqlite` and `name::postgres`. With
/// `(app: TestApp, seeded: plan)` the app starts over a copy of the demo county seeded by `plan`.
/// `name::postgres` fails without a test cluster unless DANGJIAN_SKIP_PG=1 (`pg_admin_url`).
#[macro_export]
macro_rules! on_both_engines {
    ($($(#[$meta:meta])* async fn $name:ident($app:ident: TestApp $(, seeded: $plan:expr)? $(, configured: $configure:expr)?) $body:block)*) => {$(
        $(#[$meta])*
        mod $name {
            use super::*;
            async fn run($app: common::TestApp) $body
            async fn spawn(engine: common::Engine) -> Option<common::TestApp> {
                let plan: Option<server::seed::DemoPlan> = None $(.or(Some($plan)))?;
                #[allow(unused_variables)]
                let configure = |_: &mut server::config::Config| {};
                $(let configure = $configure;)?
                common::spawn_app_from(engine, plan, configure).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(spawn(common::Engine::Sqlite).await.expect("sqlite always runs")).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = spawn(common::Engine::Postgres).await {
                    run(app).await
                }
            }
        }
    )*};
}

/// Signs in a demo account (password demo1234) and returns its `Cookie` header value.
pub async fn login_cookie(app: &TestApp, mobile: &str) -> String {
    let r = app
        .client
        .post(app.url("/api/login"))
        .header("accept", "application/json")
        .form(&[("mobile", mobile), ("password", "demo1234")])
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap_or_else(|| panic!("{mobile} logged in"))
        .to_str()
        .unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// The session a response opened (`name=value` for a `Cookie` header): signing in, or the new
/// token a password change goes on under.
pub fn new_session(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dj_session=") && !c.contains("Max-Age=0"))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
}

/// Runs a statement on the test database: a fixture no service writes (its rows are not in the
/// record trail, so `trail::verify` reports what it changed in tracked tables).
pub async fn exec(app: &TestApp, sql: &str) {
    server::with_pool!(&app.db, pool => { sqlx::query(sql).execute(pool).await.unwrap(); });
}

/// Posts `form` to a server function with the session `cookie`, as the app does (answers in
/// JSON): the status and the body.
pub async fn post_fn<F: serde::Serialize + ?Sized>(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &F,
) -> (u16, String) {
    let r = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Sends `body` as JSON with the session `cookie`: the status and the JSON answer (`Null` when
/// there is none).
pub async fn send_json(
    app: &TestApp,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> (reqwest::StatusCode, serde_json::Value) {
    let r = app
        .client
        .request(method, app.url(path))
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// The error code of a JSON API answer (`{"error":{"code":…}}`), empty when it has none.
pub fn error_code(v: &serde_json::Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

/// One value from the test database.
pub async fn scalar_i64(app: &TestApp, sql: &str, bind: &str) -> i64 {
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar::<_, i64>(sql).bind(bind).fetch_one(pool).await.unwrap()
    })
}

/// Posts `bytes` as the `image` field of a multipart form to `path` (an upload address), as a
/// page with JavaScript (`json`) or without; returns the status, any `Location` and the body.
pub async fn upload_image(
    app: &TestApp,
    path: &str,
    cookie: &str,
    bytes: Vec<u8>,
    json: bool,
) -> (u16, Option<String>, String) {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("image.png")
        .mime_str("image/png")
        .unwrap();
    let r = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .header("origin", app.url(""))
        .header(
            "accept",
            if json {
                "application/json"
            } else {
                "text/html"
            },
        )
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, location, r.text().await.unwrap())
}
