//! Signing in and out through the real server functions, over HTTP, on both engines.

use crate::common;

use server::seed::DemoPlan;

async fn login(
    app: &common::TestApp,
    mobile: &str,
    password: &str,
    origin: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/login"))
        .header("accept", "application/json")
        .form(&[("mobile", mobile), ("password", password)]);
    if let Some(o) = origin {
        request = request.header("origin", o);
    }
    request.send().await.unwrap()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dj_session="))
        .map(str::to_string)
}

on_both_engines! {
    async fn demo_login_opens_a_session_and_logout_closes_it(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let own_origin = app.url("");
        let r = login(&app, "138 0000 0002", "demo1234", Some(own_origin.trim_end_matches('/'))).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        let cookie = session_cookie(&r).expect("session cookie set");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
        assert!(!cookie.contains("Secure"), "plain HTTP in tests");
        let token = cookie.split(';').next().unwrap().to_string();

        let me = app.client.post(app.url("/api/current_user")).header("cookie", &token).send().await.unwrap();
        let user: serde_json::Value = me.json().await.unwrap();
        assert_eq!(user["role"], "branch_admin");
        assert!(user["scope_org_name"].as_str().unwrap().ends_with("党支部"));
        assert!(user.get("mobile").is_none(), "no phone numbers in the session view");

        // The stored session is a hash, never the token itself.
        let stored: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_one(pool).await.unwrap()
        });
        assert_ne!(stored, token.trim_start_matches("dj_session="));

        app.client.post(app.url("/api/logout")).header("cookie", &token).send().await.unwrap();
        let me = app.client.post(app.url("/api/current_user")).header("cookie", &token).send().await.unwrap();
        assert_eq!(me.json::<serde_json::Value>().await.unwrap(), serde_json::Value::Null);
    }

    async fn wrong_password_and_unknown_number_get_the_same_clear_error(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        for (mobile, password) in [("13800000002", "wrong"), ("13912345678", "demo1234")] {
            let r = login(&app, mobile, password, None).await;
            assert!(session_cookie(&r).is_none());
            let body = r.text().await.unwrap();
            assert!(body.contains("invalid_credentials"), "{body}");
        }
        let body = login(&app, "12345", "demo1234", None).await.text().await.unwrap();
        assert!(body.contains("invalid_mobile"), "{body}");
    }

    /// Without JavaScript a failed form comes back with its error in the address; the page shows
    /// only an error the server sealed, so a link cannot put words on it
    /// (docs/security.md#form-errors).
    async fn a_form_error_in_the_address_is_shown_only_when_the_server_sealed_it(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        use base64::{engine::general_purpose::URL_SAFE, Engine};
        let r = app.client.post(app.url("/api/login")).header("accept", "text/html")
            .header("referer", app.url("/login"))
            .form(&[("mobile", "13800000002"), ("password", "wrong")]).send().await.unwrap();
        assert!(r.status().is_redirection(), "{}", r.status());
        let back = r.headers()["location"].to_str().unwrap().to_string();
        assert!(back.contains("__err=") && back.contains("&__sig="), "{back}");
        let page = app.client.get(&back).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let shown = domain::ErrorCode::InvalidCredentials.message_zh();
        assert!(page.text().await.unwrap().contains(shown), "the sealed error is shown");
        // Words of a stranger's choosing, unsealed, wrongly sealed, or a sealed error altered.
        let forged = URL_SAFE.encode(r#"{"Problems":["恭喜中奖，请拨打 400-000-0000 领取"]}"#);
        let tampered = back.replace("__err=", &format!("__err={forged}&__x="));
        for address in [
            app.url(&format!("/login?next=%2Fdues&__path=%2Fapi%2Flogin&__err={forged}")),
            app.url(&format!("/login?next=%2Fdues&__path=%2Fapi%2Flogin&__err={forged}&__sig=00000000000000000000000000000000")),
            tampered,
        ] {
            let r = app.client.get(&address).send().await.unwrap();
            assert_eq!(r.status(), 303, "{address}");
            let to = r.headers()["location"].to_str().unwrap();
            assert!(to.starts_with("/login") && !to.contains("__err"), "{to}");
            let page = app.client.get(app.url(to)).send().await.unwrap().text().await.unwrap();
            assert!(!page.contains("恭喜中奖"));
        }
    }

    async fn cross_site_posts_are_refused(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let r = login(&app, "13800000002", "demo1234", Some("https://evil.example")).await;
        assert_eq!(r.status(), 403);
        assert!(session_cookie(&r).is_none());
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "cross_site_request");
    }

    async fn signing_in_returns_to_the_page_that_asked_and_never_off_site(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        // Plain form posts, as from a phone without JavaScript that scanned a sign-in QR code.
        let form_post = |path: &str, cookie: Option<String>, form: Vec<(&'static str, String)>| {
            let mut r = app.client.post(app.url(path)).header("accept", "text/html").form(&form);
            if let Some(c) = cookie {
                r = r.header("cookie", c);
            }
            async move {
                let r = r.send().await.unwrap();
                assert!(r.status().is_redirection(), "{}", r.status());
                let cookie = session_cookie(&r).map(|c| c.split(';').next().unwrap().to_string());
                (r.headers().get("location").unwrap().to_str().unwrap().to_string(), cookie)
            }
        };
        let sign_in = |mobile: &str, password: &str, next: Option<&str>| {
            let mut form = vec![("mobile", mobile.to_string()), ("password", password.to_string())];
            form.extend(next.map(|n| ("next", n.to_string())));
            form_post("/api/login", None, form)
        };
        let back = "/org-life/sign-in?code=012345";
        assert_eq!(sign_in("13800000003", "demo1234", Some(back)).await.0, back);
        for off_site in ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "org-life"] {
            assert_eq!(sign_in("13800000003", "demo1234", Some(off_site)).await.0, "/", "{off_site}");
        }
        // Without `next` (the login page reached directly), home.
        assert_eq!(sign_in("13800000003", "demo1234", None).await.0, "/");

        // A first login replaces its one-time password first, then goes where it was going.
        let mobile: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT mobile FROM accounts WHERE must_change_password = 1 ORDER BY id LIMIT 1")
                .fetch_one(pool)
                .await
                .unwrap()
        });
        let (to, cookie) = sign_in(&mobile, "demo1234", Some(back)).await;
        assert_eq!(to, "/me?change_password=1&next=%2Forg-life%2Fsign-in%3Fcode%3D012345");
        let change = |next: &str| vec![
            ("current", "demo1234".to_string()), ("new_password", "newpass123".into()),
            ("confirm", "newpass123".into()), ("next", next.to_string()),
        ];
        assert_eq!(form_post("/api/change_password", cookie, change(back)).await.0, back);
    }
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

on_both_engines! {
    async fn five_failures_from_one_address_wait_and_say_when_to_retry(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        for _ in 0..5 {
            let r = login(&app, "13800000003", "wrong", None).await;
            assert_eq!(r.status(), 401);
        }
        // Even the right password waits now, before any password work, and the answer says
        // how long in the header and in the body.
        let r = login(&app, "13800000003", "demo1234", None).await;
        assert_eq!(r.status(), 429);
        assert!(session_cookie(&r).is_none());
        assert_eq!(r.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("60"));
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["Throttled"]["retry_after_minutes"], 1);
        // Other accounts are not affected.
        let r = login(&app, "13800000002", "demo1234", None).await;
        assert!(session_cookie(&r).is_some());
    }

    async fn a_parallel_burst_gets_five_verdicts_and_keeps_nobody_else_out(
        app: TestApp,
        seeded: DemoPlan::new(Some(2_000)),
        configured: |c: &mut server::config::Config| {
            c.trusted_proxies = server::net::TrustedProxies::parse("127.0.0.1").unwrap();
        }
    ) {
        let attacker = "198.51.100.7";
        let attempt = |password: &'static str, from: &'static str| {
            let request = app
                .client
                .post(app.url("/api/login"))
                .header("accept", "application/json")
                .header("x-forwarded-for", from)
                .form(&[("mobile", "13800000003"), ("password", password)]);
            async move { request.send().await.unwrap() }
        };
        // 41 at once for one number: the slots are taken before the passwords are checked,
        // so no more than five are.
        let mut parallel = tokio::task::JoinSet::new();
        for _ in 0..41 {
            parallel.spawn(attempt("wrong", attacker));
        }
        let burst = parallel.join_all().await;
        let verdicts = burst.iter().filter(|r| r.status() == 401).count();
        let refused = burst.iter().filter(|r| r.status() == 429).count();
        assert_eq!((verdicts, refused), (5, 36), "{:?}", burst.iter().map(|r| r.status()).collect::<Vec<_>>());
        assert!(burst.iter().filter(|r| r.status() == 429).all(|r| r.headers().contains_key("retry-after")));
        // From there, the right password waits too.
        assert_eq!(attempt("demo1234", attacker).await.status(), 429);
        // The owner, from their own address, is not kept out.
        let owner = attempt("demo1234", "203.0.113.20").await;
        assert!(session_cookie(&owner).is_some(), "{}", owner.status());
        // A client cannot pick its address: a hop written left of the proxy's is not believed.
        let spoofed = app
            .client
            .post(app.url("/api/login"))
            .header("accept", "application/json")
            .header("x-forwarded-for", format!("203.0.113.99, {attacker}"))
            .form(&[("mobile", "13800000003"), ("password", "demo1234")])
            .send()
            .await
            .unwrap();
        assert_eq!(spoofed.status(), 429);
        // The owner hears of it once in the inbox.
        let told = common::scalar_i64(
            &app,
            "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
             WHERE a.mobile = $1 AND n.title = '账号登录异常提醒'",
            "13800000003",
        )
        .await;
        assert_eq!(told, 1);
    }

    async fn twenty_failures_from_one_address_wait_for_every_number(
        app: TestApp,
        seeded: DemoPlan::new(Some(2_000)),
        configured: |c: &mut server::config::Config| {
            c.trusted_proxies = server::net::TrustedProxies::parse("127.0.0.1").unwrap();
        }
    ) {
        let from = |ip: &'static str, mobile: String| {
            let request = app
                .client
                .post(app.url("/api/login"))
                .header("accept", "application/json")
                .header("x-forwarded-for", ip)
                .form(&[("mobile", mobile.as_str()), ("password", "wrong")]);
            async move { request.send().await.unwrap().status().as_u16() }
        };
        // IPv6 clients count by their /64: twenty numbers tried from addresses of one /64.
        for i in 0..20 {
            let ip = if i % 2 == 0 { "2001:db8:5:6::a" } else { "2001:db8:5:6::b" };
            assert_eq!(from(ip, format!("139{i:08}")).await, 401, "attempt {i}");
        }
        assert_eq!(from("2001:db8:5:6::c", "13900000099".into()).await, 429);
        // Another network is not affected.
        assert_eq!(from("2001:db8:5:7::a", "13900000099".into()).await, 401);
    }

    async fn changing_the_password_ends_every_other_session(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let mobile = "13800000004";
        let here = common::login_cookie(&app, mobile).await;
        let elsewhere = common::login_cookie(&app, mobile).await;
        let r = post(&app, "/api/change_password", Some(&here),
            &[("current", "demo1234"), ("new_password", "newpass123"), ("confirm", "newpass123")]).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        let rotated = session_cookie(&r).expect("a new session cookie").split(';').next().unwrap().to_string();
        assert_ne!(rotated, here);
        let who = |cookie: String| {
            let request = app.client.post(app.url("/api/current_user")).header("cookie", cookie);
            async move { request.send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
        };
        assert_eq!(who(elsewhere).await, serde_json::Value::Null, "the other session ended");
        assert_eq!(who(here).await, serde_json::Value::Null, "the old token ended");
        assert_ne!(who(rotated).await, serde_json::Value::Null, "this browser goes on");
    }

    async fn expired_sessions_and_spent_throttle_counts_are_purged_daily(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let live = common::login_cookie(&app, "13800000004").await;
        common::exec(&app, "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
            SELECT 'expired', id, '0', 1 FROM accounts WHERE mobile = '13800000004'").await;
        common::exec(&app, "INSERT INTO login_throttle (key, failures, window_start, locked_until) \
            VALUES ('ip:192.0.2.1', 3, 1, 0)").await;
        server::reminders::run_daily(&app.db, server::clock::today_china()).await.unwrap();
        let count = |sql: &'static str| common::scalar_i64(&app, sql, "");
        assert_eq!(count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'expired' OR token_hash = $1").await, 0);
        assert_eq!(count("SELECT COUNT(*) FROM login_throttle WHERE key <> $1").await, 0);
        let me = app.client.post(app.url("/api/current_user")).header("cookie", live).send().await.unwrap();
        assert_ne!(me.json::<serde_json::Value>().await.unwrap(), serde_json::Value::Null);
    }

    async fn a_one_time_password_must_be_changed_first(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let mobile: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT mobile FROM accounts WHERE must_change_password = 1 ORDER BY id LIMIT 1")
                .fetch_one(pool)
                .await
                .unwrap()
        });
        let r = login(&app, &mobile, "demo1234", None).await;
        let cookie = session_cookie(&r).unwrap().split(';').next().unwrap().to_string();
        for personal in ["/api/my_points", "/api/inbox"] {
            let r = post(&app, personal, Some(&cookie), &[]).await;
            assert_eq!(r.status(), 403, "{personal}");
            assert!(r.text().await.unwrap().contains("password_change_required"), "{personal}");
        }
        let badge = post(&app, "/api/unread_count", Some(&cookie), &[]).await;
        assert_eq!(badge.text().await.unwrap(), "0", "no count of what cannot be read yet");

        for (new, confirm, code) in [
            ("short1", "short1", "weak_password"),
            ("abcd12345", "abcd12346", "password_mismatch"),
            ("demo1234", "demo1234", "password_unchanged"),
        ] {
            let r = post(&app, "/api/change_password", Some(&cookie),
                &[("current", "demo1234"), ("new_password", new), ("confirm", confirm)]).await;
            assert!(r.text().await.unwrap().contains(code), "{new}/{confirm}");
        }
        let r = post(&app, "/api/change_password", Some(&cookie),
            &[("current", "not-it"), ("new_password", "newpass123"), ("confirm", "newpass123")]).await;
        assert!(r.text().await.unwrap().contains("invalid_credentials"));
        let r = post(&app, "/api/change_password", Some(&cookie),
            &[("current", "demo1234"), ("new_password", "newpass123"), ("confirm", "newpass123")]).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());

        assert_eq!(post(&app, "/api/my_points", Some(&cookie), &[]).await.status(), 200);
        assert!(session_cookie(&login(&app, &mobile, "demo1234", None).await).is_none());
        assert!(session_cookie(&login(&app, &mobile, "newpass123", None).await).is_some());
    }
}
