//! Importing a county from Excel: organizations in any order, members checked against the file
//! and the database, every problem named by row and column with nothing written, all or nothing,
//! idempotent, and a changed cell landing in the member's history.

use std::process::Command;

use rust_xlsxwriter::Workbook;
use secrecy::ExposeSecret as _;
use server::import::{self, Checked, Outcome};

use crate::common::{self, TestApp};

/// A cell of a test workbook: text, or a number as a clerk's Excel stores it.
enum C<'a> {
    T(&'a str),
    N(f64),
}

fn workbook(header: &[&str], rows: &[Vec<C<'_>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(0, c, *h).unwrap();
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                C::T("") => {}
                C::T(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                C::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A valid resident ID born 1990-01-01 with sequence `seq` (odd: male, even: female).
fn resident_id(seq: u32) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let base = format!("43072619900101{seq:03}");
    let sum: u32 = base
        .chars()
        .zip(W)
        .map(|(d, w)| d.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{base}{check}")
}

const ORG_HEADER: [&str; 6] = ["组织名称", "组织类别", "上级组织", "地址", "经度", "纬度"];
const MEMBER_HEADER: [&str; 13] = [
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "手机号码",
    "出生日期",
    "学历",
    "入党日期",
    "转正日期",
    "所在党组织",
    "党费类别",
    "流动去向",
    "备注",
];

/// Two committees and four branches; children listed before their parents.
pub fn orgs_book() -> Vec<u8> {
    orgs_book_with_address("")
}

/// `orgs_book` with 甲村党支部's address.
fn orgs_book_with_address(address: &str) -> Vec<u8> {
    let row = |name, kind, parent| {
        vec![
            C::T(name),
            C::T(kind),
            C::T(parent),
            C::T(if name == "甲村党支部" {
                address
            } else {
                ""
            }),
            C::N(112.2),
            C::N(25.9),
        ]
    };
    workbook(
        &ORG_HEADER,
        &[
            row("甲村党支部", "党支部", "龙泉镇党委"),
            row("乙村党支部", "党支部", "龙泉镇党委"),
            row("龙泉镇党委", "党委", "测试县委组织部"),
            row("驻东莞流动党委", "流动党委", "测试县委组织部"),
            row("东莞长安流动党支部", "流动党支部", "驻东莞流动党委"),
            row("东莞虎门流动党支部", "流动党支部", "驻东莞流动党委"),
        ],
    )
}

pub struct Person {
    name: String,
    seq: u32,
    mobile: String,
    education: &'static str,
    branch: &'static str,
    remark: &'static str,
}

pub fn people() -> Vec<Person> {
    let branches = [
        "甲村党支部",
        "乙村党支部",
        "东莞长安流动党支部",
        "东莞虎门流动党支部",
    ];
    (0..20)
        .map(|i| Person {
            name: format!(
                "{}{}",
                ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"][(i % 10) as usize],
                ["建明", "秀华"][(i / 10) as usize]
            ),
            seq: 100 + i,
            mobile: format!("139{:08}", 10_000 + i),
            education: "高中",
            branch: branches[(i % 4) as usize],
            remark: "",
        })
        .collect()
}

pub fn members_book(people: &[Person]) -> Vec<u8> {
    members_book_with_id(people, usize::MAX, "")
}

/// The members workbook, with row `index`'s resident ID replaced by `id`. Mobiles are typed as
/// numbers and the join date as an Excel serial, as clerks' files have them.
fn members_book_with_id(people: &[Person], index: usize, id: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(MEMBER_HEADER) {
        sheet.write_string(0, c, h).unwrap();
    }
    for (r, (i, p)) in (1u32..).zip(people.iter().enumerate()) {
        let sex = if p.seq % 2 == 1 { "男" } else { "女" };
        let rid = if i == index {
            id.to_owned()
        } else {
            resident_id(p.seq)
        };
        for (c, v) in (0u16..).zip([
            p.name.as_str(),
            sex,
            "汉",
            &rid,
            "",
            "",
            p.education,
            "",
            "2012年7月1日",
            p.branch,
        ]) {
            if !v.is_empty() {
                sheet.write_string(r, c, v).unwrap();
            }
        }
        sheet
            .write_number(r, 4, p.mobile.parse::<f64>().unwrap())
            .unwrap();
        sheet.write_number(r, 7, 40_725.0).unwrap(); // 2011-07-01
        if !p.remark.is_empty() {
            sheet.write_string(r, 12, p.remark).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn init(app: &TestApp) -> server::setup::Initialized {
    server::setup::init(
        &app.db,
        &server::setup::InitInput {
            county: "测试县委组织部",
            admin_mobile: "13900000001",
            admin_name: None,
        },
    )
    .await
    .unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    common::scalar_i64(
        app,
        &format!("SELECT COUNT(*) FROM {table} WHERE '' = $1"),
        "",
    )
    .await
}

fn today() -> domain::Date {
    domain::Date::parse("2026-12-05").unwrap()
}

async fn import_members(
    app: &TestApp,
    bytes: &[u8],
) -> Result<Outcome, Vec<domain::import::Problem>> {
    match import::check_members(&app.db, bytes, today(), &Default::default())
        .await
        .unwrap()
    {
        Checked::Ready(plan) => {
            Ok(
                import::apply_members(&app.db, &plan, None, &Default::default())
                    .await
                    .unwrap()
                    .0,
            )
        }
        Checked::Refused(problems) => Err(problems),
    }
}

on_both_engines! {
    async fn a_county_imports_its_organizations_and_members(app: TestApp) {
        init(&app).await;
        // A county of its own starts with the conservative boards: no member ranking beyond
        // oneself, no nudges (the demo turns them on: tests/it/seed.rs).
        assert_eq!(server::settings::visibility(&app.db).await.unwrap(), domain::ranking::VisibilityPolicy::default());
        let Checked::Ready(plan) = import::check_orgs(&app.db, &orgs_book(), &Default::default()).await.unwrap() else {
            panic!("the organizations check")
        };
        assert_eq!(import::apply_orgs(&app.db, &plan, None, &Default::default()).await.unwrap(), Outcome { rows: 6, created: 6, updated: 0, unchanged: 0 });
        let Checked::Ready(again) = import::check_orgs(&app.db, &orgs_book(), &Default::default()).await.unwrap() else { panic!() };
        assert_eq!(again.outcome(), Outcome { rows: 6, created: 0, updated: 0, unchanged: 6 });
        // An address given later updates that organization alone, as a change in the trail.
        let Checked::Ready(addressed) = import::check_orgs(&app.db, &orgs_book_with_address("龙泉镇甲村村部"), &Default::default()).await.unwrap() else { panic!() };
        assert_eq!(import::apply_orgs(&app.db, &addressed, None, &Default::default()).await.unwrap(), Outcome { rows: 6, created: 0, updated: 1, unchanged: 5 });
        let address: Option<String> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT address FROM organizations WHERE name = '甲村党支部'").fetch_one(pool).await.unwrap()
        });
        assert_eq!(address.as_deref(), Some("龙泉镇甲村村部"));
        // The tree: paths nest, and the map has the flags' places.
        let branch_path: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT path FROM organizations WHERE name = '甲村党支部'").fetch_one(pool).await.unwrap()
        });
        let committee_id = common::scalar_i64(&app, "SELECT id FROM organizations WHERE name = $1", "龙泉镇党委").await;
        assert!(branch_path.contains(&format!("/{committee_id}/")), "{branch_path}");

        // A wrong row, the file's last: named, nothing written.
        let mut everyone = people();
        everyone[19].branch = "不存在的党支部";
        let problems = import_members(&app, &members_book(&everyone)).await.unwrap_err();
        assert_eq!(problems.iter().map(|p| (p.row, p.column)).collect::<Vec<_>>(), [(21, "所在党组织")]);
        assert!(problems[0].message.contains("不存在的党支部"), "{}", problems[0]);
        assert_eq!(count(&app, "members").await, 0, "all or nothing");
        // And a wrong check digit besides: both rows named.
        let bad = format!("{}{}", &resident_id(104)[..17], if resident_id(104).ends_with('1') { "2" } else { "1" });
        let problems = import_members(&app, &members_book_with_id(&everyone, 4, &bad)).await.unwrap_err();
        let named: Vec<(u32, &str)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(named, [(6, "公民身份号码"), (21, "所在党组织")], "{problems:?}");
        assert_eq!(count(&app, "members").await, 0);

        // The fixed file goes in whole; again, it changes nothing.
        let good = members_book(&people());
        assert_eq!(import_members(&app, &good).await.unwrap(), Outcome { rows: 20, created: 20, updated: 0, unchanged: 0 });
        let events = count(&app, "audit_events").await;
        assert_eq!(import_members(&app, &good).await.unwrap(), Outcome { rows: 20, created: 0, updated: 0, unchanged: 20 });
        assert_eq!(count(&app, "audit_events").await, events, "an unchanged file writes nothing");

        // One cell changed: one member updated, and the change is in the member's history.
        let mut changed = people();
        changed[7].education = "大学本科";
        changed[7].remark = "2019 年从广东转入";
        assert_eq!(import_members(&app, &members_book(&changed)).await.unwrap(), Outcome { rows: 20, created: 0, updated: 1, unchanged: 19 });
        let id = common::scalar_i64(&app, "SELECT id FROM members WHERE id_number = $1", &resident_id(107)).await;
        let history = server::members::history(&app.db, domain::MemberId::new(id).unwrap(), false).await.unwrap();
        let change = history.iter().flat_map(|h| &h.changes).find(|c| c.field == "education").expect("education in the history");
        assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("高中"), Some("本科")));
        let remark = history.iter().flat_map(|h| &h.changes).find(|c| c.field == "remarks").expect("the remark in the history");
        assert_eq!((remark.label.as_str(), remark.after.as_deref()), ("备注", Some("2019 年从广东转入")));
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn a_member_may_not_take_anothers_mobile_or_appear_twice(app: TestApp) {
        let first = init(&app).await;
        let Checked::Ready(plan) = import::check_orgs(&app.db, &orgs_book(), &Default::default()).await.unwrap() else { panic!() };
        import::apply_orgs(&app.db, &plan, None, &Default::default()).await.unwrap();
        let mut twice = people();
        twice[3].seq = twice[1].seq;
        twice[5].mobile = twice[2].mobile.clone();
        let problems = import_members(&app, &members_book(&twice)).await.unwrap_err();
        let named: Vec<(u32, &str)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert!(named.contains(&(5, "公民身份号码")) && named.contains(&(7, "手机号码")), "{problems:?}");
        // A member under a committee, not a branch.
        let mut misplaced = people();
        misplaced[0].branch = "龙泉镇党委";
        let problems = import_members(&app, &members_book(&misplaced)).await.unwrap_err();
        assert!(problems[0].message.contains("党员应登记在党支部"), "{problems:?}");

        // A member off the rolls keeps their file: a row that would rewrite it is named.
        assert_eq!(import_members(&app, &members_book(&people())).await.unwrap().created, 20);
        // The county's administrator, past the first sign-in's password change, records it.
        let county = first.account_id;
        server::auth::Accounts::new(app.db.clone())
            .change_password(county, "", first.one_time_password.expose_secret(), "xintian2026")
            .await
            .unwrap();
        let county = server::access::Actor::from_account(&app.db, county).await.unwrap();
        let id = common::scalar_i64(&app, "SELECT id FROM members WHERE id_number = $1", &resident_id(107)).await;
        let form = server::members::standing::StandingForm {
            change: "decease".into(),
            on: server::clock::today_china().to_string(),
            reason: "病故".into(),
        };
        server::members::standing::change(&app.db, &county, domain::MemberId::new(id).unwrap(), &form).await.unwrap();
        assert_eq!(import_members(&app, &members_book(&people())).await.unwrap().unchanged, 20);
        let mut changed = people();
        changed[7].education = "大学本科";
        let problems = import_members(&app, &members_book(&changed)).await.unwrap_err();
        assert_eq!(problems.iter().map(|p| (p.row, p.column)).collect::<Vec<_>>(), [(9, "公民身份号码")]);
        assert!(problems[0].message.contains("档案只读"), "{problems:?}");
    }
}

/// The command line: the template, and a dry run over a wrong file that names the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_writes_templates_and_refuses_wrong_files() {
    let app = common::spawn_app(common::Engine::Sqlite).await.unwrap();
    init(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dangjian"))
            .args(args)
            .env("DANGJIAN_DATABASE_URL", &app.db_url)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let template = dir.path().join("members.xlsx");
    let (ok, out) = run(&["import", "template", "members", template.to_str().unwrap()]);
    assert!(ok, "{out}");
    // The template as downloaded: its example row is skipped, so there is nothing to import.
    let (ok, out) = run(&["import", "members", template.to_str().unwrap(), "--dry-run"]);
    assert!(ok && out.contains("共 0 行"), "{out}");
    let orgs = dir.path().join("orgs.xlsx");
    std::fs::write(&orgs, orgs_book()).unwrap();
    let (ok, out) = run(&["import", "orgs", orgs.to_str().unwrap(), "--dry-run"]);
    assert!(ok && out.contains("新增 6"), "{out}");
    assert_eq!(
        count(&app, "organizations").await,
        1,
        "a dry run writes nothing"
    );
    let mut wrong = people();
    wrong[2].branch = "甲村党支部x";
    let members = dir.path().join("wrong.xlsx");
    std::fs::write(&members, members_book(&wrong)).unwrap();
    let (ok, out) = run(&["import", "members", members.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("第 4 行「所在党组织」") && out.contains("没有写入任何数据"),
        "{out}"
    );
    assert_eq!(count(&app, "members").await, 0);

    // Applied: organizations, then members with their one-time passwords, one sheet per branch.
    let (ok, out) = run(&["import", "orgs", orgs.to_str().unwrap()]);
    assert!(ok && out.contains("新增 6"), "{out}");
    std::fs::write(&members, members_book(&people())).unwrap();
    let sheets = dir.path().join("passwords");
    let (ok, out) = run(&[
        "import",
        "members",
        members.to_str().unwrap(),
        "--passwords-out",
        sheets.to_str().unwrap(),
    ]);
    assert!(
        ok && out.contains("新增 20") && out.contains("已为 20 名党员生成登录账号"),
        "{out}"
    );
    let mut files: Vec<_> = std::fs::read_dir(&sheets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
    let rows = import::read_rows(&std::fs::read(&files[0]).unwrap(), 3).unwrap();
    assert_eq!(
        rows.len(),
        2 + 5,
        "a title, the header and the branch's five members"
    );
    let (mobile, password) = (rows[2][1].text(), rows[2][2].text());
    let login = app
        .client
        .post(app.url("/api/login"))
        .header("accept", "application/json")
        .form(&[("mobile", mobile.as_str()), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        login.headers().get("set-cookie").is_some(),
        "the sheet's password signs in: {}",
        login.status()
    );
    // Never in the trail in clear; importing the same file again issues nothing new.
    let trail = count(&app, "audit_events").await;
    let leaked = common::scalar_i64(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%' || $1 || '%'",
        &password,
    )
    .await;
    assert_eq!(leaked, 0);
    let (ok, out) = run(&[
        "import",
        "members",
        members.to_str().unwrap(),
        "--passwords-out",
        sheets.to_str().unwrap(),
    ]);
    assert!(
        ok && out.contains("未变 20") && !out.contains("生成登录账号"),
        "{out}"
    );
    assert_eq!(count(&app, "audit_events").await, trail);
}

/// Signs in the county administrator `init` made, its one-time password replaced by the demo one.
async fn county_admin(app: &TestApp) -> String {
    let hash = server::auth::password::hash("demo1234");
    server::with_pool!(&app.db, pool => {
        sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = 0 WHERE mobile = '13900000001'")
            .bind(&hash)
            .execute(pool)
            .await
            .unwrap();
    });
    common::login_cookie(app, "13900000001").await
}

/// Uploads a workbook from "the page" and polls its job to the end; the job's last answer.
async fn upload(
    app: &TestApp,
    cookie: &str,
    path: &str,
    bytes: Vec<u8>,
) -> (reqwest::StatusCode, serde_json::Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("book.xlsx"),
    );
    let r = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    if status != reqwest::StatusCode::ACCEPTED {
        return (status, body);
    }
    let job = body["job"].as_i64().unwrap();
    for _ in 0..600 {
        let r = app
            .client
            .get(app.url(&format!("/api/v1/import/jobs/{job}")))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        let answer: serde_json::Value = r.json().await.unwrap();
        if answer["state"] != "running" {
            return (status, answer);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import job {job} did not finish");
}

on_both_engines! {
    async fn the_page_imports_in_the_background_and_hands_each_password_sheet_over_once(app: TestApp) {
        init(&app).await;
        let county = county_admin(&app).await;
        let (status, template) = {
            let r = app.client.get(app.url("/api/v1/import/templates/members.xlsx")).header("cookie", &county).send().await.unwrap();
            (r.status(), r.bytes().await.unwrap())
        };
        assert_eq!(status, reqwest::StatusCode::OK);
        assert!(template.starts_with(b"PK"), "an xlsx (zip) file");

        // A dry run checks and writes nothing; applying writes.
        let (_, checked) = upload(&app, &county, "/api/v1/import/orgs?dry_run=1", orgs_book()).await;
        assert_eq!(checked["state"], "checked", "{checked}");
        assert_eq!(count(&app, "organizations").await, 1);
        // Not a workbook at all: refused at once, no job queued.
        let jobs = count(&app, "import_jobs").await;
        let (status, body) = upload(&app, &county, "/api/v1/import/orgs", b"name,kind\n".to_vec()).await;
        assert_eq!((status.as_u16(), common::error_code(&body)), (400, "not_a_workbook"), "{body}");
        assert_eq!(count(&app, "import_jobs").await, jobs);
        let (_, applied) = upload(&app, &county, "/api/v1/import/orgs", orgs_book()).await;
        assert_eq!(applied["state"], "applied", "{applied}");
        assert_eq!(count(&app, "organizations").await, 7);

        // A wrong row: named by row and column, nothing written.
        let people = people();
        let (_, refused) = upload(&app, &county, "/api/v1/import/members", members_book_with_id(&people, 1, "430000199001011234")).await;
        assert_eq!(refused["state"], "refused", "{refused}");
        let problems = refused["problems"].as_array().unwrap();
        assert!(problems.iter().any(|p| p["row"] == 3 && p["column"] == "公民身份号码"), "{refused}");
        assert_eq!(count(&app, "members").await, 0);

        // Applied: the progress reached the accounts, one password workbook per branch.
        let (_, done) = upload(&app, &county, "/api/v1/import/members", members_book(&people)).await;
        assert_eq!(done["state"], "applied", "{done}");
        assert_eq!((done["phase"].as_str(), done["done"].as_u64(), done["total"].as_u64()), (Some("accounts"), Some(20), Some(20)), "{done}");
        assert_eq!(done["accounts"], 20);
        let sheets = done["sheets"].as_array().unwrap();
        assert_eq!(sheets.len(), 4, "{done}");
        let job = done["job"].as_i64().unwrap();
        let sheet = |n: u64| {
            let (app, county) = (&app, &county);
            async move {
                let r = app.client.get(app.url(&format!("/api/v1/import/jobs/{job}/passwords/{n}.xlsx"))).header("cookie", county).send().await.unwrap();
                (r.status(), r.bytes().await.unwrap())
            }
        };
        let (status, first) = sheet(0).await;
        assert_eq!(status, reqwest::StatusCode::OK);
        assert!(first.starts_with(b"PK"));
        assert_eq!(sheet(0).await.0, reqwest::StatusCode::NOT_FOUND, "handed over once");
        assert_eq!(count(&app, "members").await, 20);

        // Another server process on the same database answers for the job: its result, the
        // sheet already taken, and the next sheet, once across both.
        let other = common::second_server(&app).await;
        let r = app.client.get(format!("http://{other}/api/v1/import/jobs/{job}")).header("cookie", &county).send().await.unwrap();
        let seen: serde_json::Value = r.json().await.unwrap();
        assert_eq!((seen["state"].as_str(), seen["accounts"].as_u64()), (Some("applied"), Some(20)), "{seen}");
        assert_eq!(seen["sheets"][0]["taken"], true, "{seen}");
        assert_eq!(seen["sheets"][1]["taken"], false, "{seen}");
        let r = app.client.get(format!("http://{other}/api/v1/import/jobs/{job}/passwords/1.xlsx")).header("cookie", &county).send().await.unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        assert_eq!(sheet(1).await.0, reqwest::StatusCode::NOT_FOUND, "handed over once across processes");

        // One import at a time across processes; a job whose process died (its beat stopped)
        // is failed by the next start instead of blocking imports for ever.
        let stale = |secs: u64| {
            let at = format!("2026-01-01T00:00:{secs:02}.000Z");
            let app = &app;
            async move {
                server::with_pool!(&app.db, pool => {
                    sqlx::query("INSERT INTO import_jobs (account_id, kind, dry_run, running, phase, started_at, beat_at) \
                                 SELECT id, 'members', 1, 1, 'checking', $1, $1 FROM accounts WHERE mobile = '13900000001'")
                        .bind(&at).execute(pool).await.unwrap();
                });
            }
        };
        stale(0).await;
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE import_jobs SET beat_at = '2999-01-01T00:00:00.000Z' WHERE running = 1").execute(pool).await.unwrap();
        });
        let (status, _) = upload(&app, &county, "/api/v1/import/orgs?dry_run=1", orgs_book()).await;
        assert_eq!(status, reqwest::StatusCode::CONFLICT, "another import is running");
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE import_jobs SET beat_at = '2026-01-01T00:00:00.000Z' WHERE running = 1").execute(pool).await.unwrap();
        });
        let dead = common::scalar_i64(&app, "SELECT id FROM import_jobs WHERE running = 1 AND '' = $1", "").await;
        let (_, checked) = upload(&app, &county, "/api/v1/import/orgs?dry_run=1", orgs_book()).await;
        assert_eq!(checked["state"], "checked", "{checked}");
        let r = app.client.get(app.url(&format!("/api/v1/import/jobs/{dead}"))).header("cookie", &county).send().await.unwrap();
        let failed: serde_json::Value = r.json().await.unwrap();
        assert_eq!(failed["state"], "failed", "{failed}");

        // Importing is the county's: a member is refused, and cannot read the county's job.
        let mobile = &people[0].mobile;
        let hash = server::auth::password::hash("demo1234");
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = 0 WHERE mobile = $2")
                .bind(&hash).bind(mobile).execute(pool).await.unwrap();
        });
        let member = common::login_cookie(&app, mobile).await;
        let (status, body) = upload(&app, &member, "/api/v1/import/members?dry_run=1", members_book(&people)).await;
        assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "{body}");
        let r = app.client.get(app.url(&format!("/api/v1/import/jobs/{job}"))).header("cookie", &member).send().await.unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::NOT_FOUND);
        // The page's plain form too: the member is sent back with the refusal, nothing started.
        let jobs = count(&app, "import_jobs").await;
        let form = reqwest::multipart::Form::new()
            .text("kind", "members")
            .text("dry_run", "1")
            .part("file", reqwest::multipart::Part::bytes(members_book(&people)).file_name("book.xlsx"));
        let r = app.client.post(app.url("/admin/import/upload")).header("cookie", &member).multipart(form).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/admin/import?error=forbidden");
        assert_eq!(count(&app, "import_jobs").await, jobs);
        // The county's plain form starts a job and opens the page on it.
        let form = reqwest::multipart::Form::new()
            .text("kind", "orgs")
            .text("dry_run", "1")
            .part("file", reqwest::multipart::Part::bytes(orgs_book()).file_name("book.xlsx"));
        let r = app.client.post(app.url("/admin/import/upload")).header("cookie", &county).multipart(form).send().await.unwrap();
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/admin/import?job="), "{location}");
    }
}

/// A resident ID in area `area`, born 1980-01-01 with sequence `seq`; `wrong` spoils the check digit.
fn resident_id_in(area: &str, seq: u32, wrong: bool) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let base = format!("{area}19800101{seq:03}");
    let sum: u32 = base
        .chars()
        .zip(W)
        .map(|(d, w)| d.to_digit(10).unwrap() * w)
        .sum();
    let at = (sum % 11) as usize + usize::from(wrong);
    format!("{base}{}", CHECK[at % 11] as char)
}

/// The workbooks the end-to-end import test uploads (`end2end/fixtures/import/`), one set per
/// browser project so the projects sharing one server do not import each other's rows: three
/// committees, ten branches and 200 members under the demo county's root; the members
/// workbook once with two wrong rows (row 7: a wrong check digit; row 12: a branch that does not
/// exist) and once fixed. Regenerate with
/// `cargo test -p server --features simulator --test it -- --ignored write_e2e_workbooks`.
#[test]
#[ignore = "writes the end-to-end fixtures"]
fn write_e2e_workbooks() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/import");
    std::fs::create_dir_all(&dir).unwrap();
    for (p, (project, town)) in [("phone", "云岭"), ("desktop", "星河")]
        .into_iter()
        .enumerate()
    {
        let committees: Vec<String> = (1..=3).map(|c| format!("中共{town}{c}镇委员会")).collect();
        let branches: Vec<(String, &String)> = (0..10)
            .map(|b| {
                (
                    format!("{town}{}镇第{}村党支部", b % 3 + 1, b + 1),
                    &committees[b % 3],
                )
            })
            .collect();
        let mut orgs: Vec<Vec<C<'_>>> = committees
            .iter()
            .map(|c| vec![C::T(c), C::T("党委"), C::T("中共新田县委组织部")])
            .collect();
        orgs.extend(
            branches
                .iter()
                .map(|(b, c)| vec![C::T(b), C::T("党支部"), C::T(c.as_str())]),
        );
        std::fs::write(
            dir.join(format!("{project}-orgs.xlsx")),
            workbook(&ORG_HEADER, &orgs),
        )
        .unwrap();
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
        let given = [
            "建国", "秀英", "志强", "丽华", "海军", "春梅", "永红", "晓东", "桂兰", "文斌",
        ];
        for wrong in [true, false] {
            let people: Vec<[String; 7]> = (0..200u32)
                .map(|i| {
                    let seq = 100 + i;
                    // Excel rows: the header is row 1, so person i is on row i + 2.
                    let (bad_id, bad_branch) = (wrong && i == 5, wrong && i == 10);
                    [
                        format!(
                            "{}{}",
                            surnames[(i % 10) as usize],
                            given[((i / 10) % 10) as usize]
                        ),
                        if seq % 2 == 1 { "男" } else { "女" }.to_owned(),
                        "汉族".to_owned(),
                        resident_id_in(["110101", "110102"][p], seq, bad_id),
                        // 177 is a prefix the demo county never uses.
                        format!("177{p}{:07}", 1000 + i),
                        "本科".to_owned(),
                        if bad_branch {
                            format!("{town}不存在村党支部")
                        } else {
                            branches[(i % 10) as usize].0.clone()
                        },
                    ]
                })
                .collect();
            let rows: Vec<Vec<C<'_>>> = people
                .iter()
                .map(|[name, sex, nation, id, mobile, edu, branch]| {
                    vec![
                        C::T(name),
                        C::T(sex),
                        C::T(nation),
                        C::T(id),
                        C::T(mobile),
                        C::T(""),
                        C::T(edu),
                        C::T("2010-07-01"),
                        C::T("2011年7月1日"),
                        C::T(branch),
                    ]
                })
                .collect();
            let name = if wrong { "members-wrong" } else { "members" };
            std::fs::write(
                dir.join(format!("{project}-{name}.xlsx")),
                workbook(&MEMBER_HEADER, &rows),
            )
            .unwrap();
        }
    }
}
