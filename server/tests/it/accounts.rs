//! Administrators look after accounts in their scope: reset to a one-time password, disable and
//! enable, sign out everywhere; each step in the trail, the server refusing anyone out of scope.

use reqwest::StatusCode;
use serde_json::Value;
use server::seed::DemoPlan;

use crate::common::{self, login_cookie, scalar_i64, TestApp};

async fn post(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn login(
    app: &TestApp,
    mobile: &str,
    password: &str,
) -> (StatusCode, Option<String>, String) {
    let r = app
        .client
        .post(app.url("/api/login"))
        .header("accept", "application/json")
        .form(&[("mobile", mobile), ("password", password)])
        .send()
        .await
        .unwrap();
    let status = r.status();
    let cookie = r
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned());
    (status, cookie, r.text().await.unwrap())
}

async fn account_of(app: &TestApp, mobile: &str) -> i64 {
    scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await
}

/// Whether a session cookie still opens the member's own file.
async fn signed_in(app: &TestApp, cookie: &str, mobile: &str) -> bool {
    let member = scalar_i64(
        app,
        "SELECT member_id FROM accounts WHERE mobile = $1",
        mobile,
    )
    .await;
    let r = app
        .client
        .get(app.url(&format!("/api/v1/members/{member}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    r.status() == StatusCode::OK
}

on_both_engines! {
    async fn admins_reset_disable_and_sign_out_accounts_in_their_scope(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let secretary = login_cookie(&app, "13800000002").await;

        // Reset: a new one-time password; the old one and every session end.
        let member_session = login_cookie(&app, "13800000003").await;
        assert!(signed_in(&app, &member_session, "13800000003").await);
        let (status, body) = post(&app, &secretary, &format!("/api/v1/accounts/{}/reset", account_of(&app, "13800000003").await)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let otp = body["one_time_password"].as_str().unwrap().to_owned();
        assert!(!signed_in(&app, &member_session, "13800000003").await, "the member's session ended");
        assert!(login(&app, "13800000003", "demo1234").await.1.is_none(), "the old password no longer works");
        let (_, cookie, _) = login(&app, "13800000003", &otp).await;
        let cookie = cookie.expect("the one-time password signs in");
        let member = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
        let r = app.client.get(app.url(&format!("/api/v1/members/{member}"))).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "a one-time password is changed first");

        // Disable: no sign-in, sessions ended; enable: the same password works again.
        let other_session = login_cookie(&app, "13800000007").await;
        let seven = account_of(&app, "13800000007").await;
        assert_eq!(post(&app, &secretary, &format!("/api/v1/accounts/{seven}/disable")).await.0, StatusCode::OK);
        assert!(!signed_in(&app, &other_session, "13800000007").await);
        let (status, cookie, text) = login(&app, "13800000007", "demo1234").await;
        assert!(cookie.is_none() && status == StatusCode::FORBIDDEN && text.contains("account_disabled"), "{status} {text}");
        assert_eq!(post(&app, &secretary, &format!("/api/v1/accounts/{seven}/enable")).await.0, StatusCode::OK);
        assert!(login(&app, "13800000007", "demo1234").await.1.is_some());

        // Sign out everywhere.
        let phone = login_cookie(&app, "13800000008").await;
        let laptop = login_cookie(&app, "13800000008").await;
        let (status, body) = post(&app, &county, &format!("/api/v1/accounts/{}/sign-out", account_of(&app, "13800000008").await)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body["sessions_ended"].as_u64().unwrap() >= 2, "{body}");
        assert!(!signed_in(&app, &phone, "13800000008").await && !signed_in(&app, &laptop, "13800000008").await);

        // The server refuses anyone out of scope, and nobody manages their own account here.
        let flowing_member = account_of(&app, "13800000004").await;
        let county_admin = account_of(&app, "13800000000").await;
        let committee_admin = account_of(&app, "13800000001").await;
        let own = account_of(&app, "13800000002").await;
        let member = login_cookie(&app, "13800000009").await;
        let auditor = login_cookie(&app, "13800000005").await;
        let committee = login_cookie(&app, "13800000001").await;
        for (who, cookie, target) in [
            ("secretary → another branch's member", &secretary, flowing_member),
            ("secretary → the committee admin", &secretary, committee_admin),
            ("secretary → own account", &secretary, own),
            ("committee → the county admin", &committee, county_admin),
            ("member → a member", &member, seven),
            ("auditor → a member", &auditor, seven),
        ] {
            for step in ["reset", "disable", "sign-out"] {
                let (status, body) = post(&app, cookie, &format!("/api/v1/accounts/{target}/{step}")).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} {step}: {body}");
                assert_eq!(body["error"]["code"], "forbidden", "{who} {step}");
            }
        }
        assert!(login(&app, "13800000000", "demo1234").await.1.is_some(), "nothing changed");

        let actions: Vec<String> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT action FROM audit_events WHERE action LIKE 'account.%' ORDER BY seq")
                .fetch_all(pool).await.unwrap()
        });
        assert_eq!(actions, ["account.reset", "account.disable", "account.enable", "account.sign_out"]);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}

/// A member imported without an account gets one from an administrator, with a one-time
/// password shown once; a second account for the same member is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_gives_an_imported_member_an_account() {
    use server::import::{self, Checked};
    let app = common::spawn_app(common::Engine::Sqlite).await.unwrap();
    let first = server::setup::init(
        &app.db,
        &server::setup::InitInput {
            county: "测试县委组织部",
            admin_mobile: "13900000001",
            admin_name: None,
        },
    )
    .await
    .unwrap();
    let Checked::Ready(orgs) =
        import::check_orgs(&app.db, &crate::import::orgs_book(), &Default::default())
            .await
            .unwrap()
    else {
        panic!()
    };
    import::apply_orgs(&app.db, &orgs, None, &Default::default())
        .await
        .unwrap();
    let today = domain::Date::parse("2026-12-05").unwrap();
    let bytes = crate::import::members_book(&crate::import::people());
    let Checked::Ready(members) =
        import::check_members(&app.db, &bytes, today, &Default::default())
            .await
            .unwrap()
    else {
        panic!()
    };
    let (_, created) = import::apply_members(&app.db, &members, None, &Default::default())
        .await
        .unwrap();

    use secrecy::ExposeSecret as _;
    let (_, cookie, _) = login(&app, "13900000001", first.one_time_password.expose_secret()).await;
    let cookie = cookie.unwrap();
    let r = app
        .client
        .post(app.url("/api/change_password"))
        .header("cookie", &cookie)
        .header("accept", "application/json")
        .form(&[
            ("current", first.one_time_password.expose_secret()),
            ("new_password", "xintian2026"),
            ("confirm", "xintian2026"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success() || r.status().is_redirection());
    let cookie = common::new_session(&r).expect("the session goes on under a new token");

    let (status, body) = post(
        &app,
        &cookie,
        &format!("/api/v1/members/{}/account", created[0]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mobile = body["mobile"].as_str().unwrap().to_owned();
    let otp = body["one_time_password"].as_str().unwrap().to_owned();
    assert!(
        login(&app, &mobile, &otp).await.1.is_some(),
        "the one-time password signs in"
    );
    assert_eq!(
        post(
            &app,
            &cookie,
            &format!("/api/v1/members/{}/account", created[0])
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    let leaked = scalar_i64(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%' || $1 || '%'",
        &otp,
    )
    .await;
    assert_eq!(leaked, 0, "never in the trail in clear");
}

on_both_engines! {
    /// An administrator's account is managed from above its scope, never by a peer: a second
    /// secretary of the same branch is the committee's to reset, not the first secretary's.
    async fn administrators_accounts_are_managed_from_above(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let branch = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE accounts SET role = 'branch_admin', scope_org_id = $1 WHERE mobile = '13800000007'")
                .bind(branch).execute(pool).await.unwrap();
        });
        let peer = account_of(&app, "13800000007").await;
        let secretary = login_cookie(&app, "13800000002").await;
        let (status, body) = post(&app, &secretary, &format!("/api/v1/accounts/{peer}/reset")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let committee = login_cookie(&app, "13800000001").await;
        assert_eq!(post(&app, &committee, &format!("/api/v1/accounts/{peer}/reset")).await.0, StatusCode::OK);
    }
}
