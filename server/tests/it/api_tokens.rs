//! API tokens (docs/security.md#api-tokens), over HTTP on both engines: a county administrator
//! creates one with scopes and an expiry and sees it once; it reads what its scopes name and
//! nothing else; every request is logged; a revoked, expired or orphaned token is refused; each
//! token has its own rate per minute, counted atomically.

use crate::common::{self, error_code, scalar_i64};

use server::seed::DemoPlan;

async fn create(
    app: &common::TestApp,
    cookie: &str,
    name: &str,
    scopes: &[&str],
    days: &str,
) -> reqwest::Response {
    let mut form = vec![
        ("token[name]".to_string(), name.to_string()),
        ("token[days]".to_string(), days.to_string()),
    ];
    form.extend(
        scopes
            .iter()
            .map(|s| (format!("token[scope:{s}]"), "on".to_string())),
    );
    app.client
        .post(app.url("/api/create_api_token"))
        .header("cookie", cookie)
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn token(app: &common::TestApp, cookie: &str, scopes: &[&str]) -> String {
    let r = create(app, cookie, "数据中心", scopes, "30").await;
    assert_eq!(r.status(), 200);
    let token: String = r.json().await.unwrap();
    assert!(token.starts_with("djt_"), "{token}");
    token
}

async fn get(
    app: &common::TestApp,
    token: &str,
    path: &str,
) -> (
    reqwest::StatusCode,
    reqwest::header::HeaderMap,
    serde_json::Value,
) {
    let r = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (
        status,
        headers,
        r.json().await.unwrap_or(serde_json::Value::Null),
    )
}

async fn county_id(app: &common::TestApp) -> i64 {
    scalar_i64(
        app,
        "SELECT scope_org_id FROM accounts WHERE mobile = $1",
        "13800000000",
    )
    .await
}

on_both_engines! {
    async fn a_token_reads_what_its_scopes_name_and_every_use_is_logged(app: TestApp, seeded: DemoPlan::new(Some(300))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let token = token(&app, &county, &["orgs:read"]).await;
        let root = county_id(&app).await;
        let member = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;

        let (status, _, body) = get(&app, &token, &format!("/api/v1/orgs/{root}")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["id"], root);
        // Outside its scopes: members, and any write, whatever the route.
        let (status, _, body) = get(&app, &token, &format!("/api/v1/members/{member}")).await;
        assert_eq!((status.as_u16(), error_code(&body)), (403, "token_scope_missing"));
        let r = app.client.patch(app.url(&format!("/api/v1/orgs/{root}"))).bearer_auth(&token)
            .json(&serde_json::json!({"name": "改名"})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        // Another scheme is not ours: a proxy's Basic login in front of the site leaves the
        // session to answer; the scheme's name is read in any case.
        let r = app.client.get(app.url(&format!("/api/v1/orgs/{root}"))).header("cookie", county.as_str())
            .header("authorization", "Basic ZGo6cGFzcw==").send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = app.client.get(app.url(&format!("/api/v1/orgs/{root}"))).header("authorization", format!("bearer {token}")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        // A token is not a session: the app's own functions do not take it.
        let r = app.client.post(app.url("/api/settings")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 401);

        // Not a token, a wrong secret, and a token for another id: refused alike, with a challenge.
        let id: i64 = token.split('_').nth(1).unwrap().parse().unwrap();
        let secret = token.rsplit_once('_').unwrap().1;
        let flipped = format!("djt_{id}_{}", secret.chars().rev().collect::<String>());
        for bad in ["nonsense", flipped.as_str(), &format!("djt_{}_{secret}", id + 1)] {
            let (status, headers, body) = get(&app, bad, &format!("/api/v1/orgs/{root}")).await;
            assert_eq!((status.as_u16(), error_code(&body)), (401, "invalid_token"), "{bad}");
            assert!(headers["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
        }

        // The secret is stored only as its hash; the list shows the use, never the secret.
        let stored = scalar_i64(&app, "SELECT COUNT(*) FROM api_tokens WHERE secret_hash LIKE '%' || $1 || '%'", secret).await;
        assert_eq!(stored, 0);
        let view: serde_json::Value = app.client.post(app.url("/api/api_tokens")).header("cookie", county.as_str())
            .send().await.unwrap().json().await.unwrap();
        assert!(!view.to_string().contains(secret));
        let listed = &view["tokens"][0];
        assert_eq!((listed["name"].as_str(), listed["state"].as_str(), listed["uses"].as_i64()), (Some("数据中心"), Some("有效"), Some(2)));
        assert!(listed["last_used_at"].as_str().is_some());
        // Every request with the token is logged with its answer, refused ones included.
        let logged: Vec<(String, String, i64)> = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT method, path, status FROM api_token_uses WHERE token_id = $1 ORDER BY id")
                .bind(id).fetch_all(pool).await.unwrap()
        });
        assert_eq!(logged, vec![
            ("GET".to_string(), format!("/api/v1/orgs/{root}"), 200),
            ("GET".to_string(), format!("/api/v1/members/{member}"), 403),
            ("PATCH".to_string(), format!("/api/v1/orgs/{root}"), 403),
            ("GET".to_string(), format!("/api/v1/orgs/{root}"), 200),
        ]);
        assert_eq!(view["recent"].as_array().unwrap().len(), 4);
        // The trail has the creation, without the secret.
        let trail = scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "api_token.create").await;
        assert_eq!(trail, 1);

        // Revoked: refused from then on, and listed as such; the trail has it.
        let r = app.client.post(app.url("/api/revoke_api_token")).header("cookie", county.as_str())
            .header("accept", "application/json").form(&[("id", id.to_string())]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (status, _, _) = get(&app, &token, &format!("/api/v1/orgs/{root}")).await;
        assert_eq!(status, 401);
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "api_token.revoke").await, 1);

        // Expired, and its creator's account disabled: refused.
        let expiring = token_of(&app, &county, &["orgs:read", "members:read"]).await;
        let (status, _, body) = get(&app, &expiring.1, &format!("/api/v1/members/{member}")).await;
        assert_eq!(status, 200, "{body}");
        common::exec(&app, &format!("UPDATE api_tokens SET expires_at = 1 WHERE id = {}", expiring.0)).await;
        assert_eq!(get(&app, &expiring.1, &format!("/api/v1/orgs/{root}")).await.0, 401);
        // The log keeps 400 days: the daily job drops what is older, and only that.
        common::exec(&app, &format!("INSERT INTO api_token_uses (token_id, used_at, method, path, status) VALUES ({id}, 1, 'GET', '/old', 200)")).await;
        let kept = scalar_i64(&app, "SELECT COUNT(*) FROM api_token_uses WHERE used_at > CAST($1 AS BIGINT)", "1").await;
        server::reminders::run_daily(&app.db, server::clock::today_china()).await.unwrap();
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM api_token_uses WHERE path = $1", "/old").await, 0);
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM api_token_uses WHERE used_at > CAST($1 AS BIGINT)", "1").await, kept);
        let orphan = token_of(&app, &county, &["orgs:read"]).await;
        common::exec(&app, "UPDATE accounts SET disabled = 1 WHERE mobile = '13800000000'").await;
        assert_eq!(get(&app, &orphan.1, &format!("/api/v1/orgs/{root}")).await.0, 401);
    }

    async fn only_a_county_administrator_manages_tokens(app: TestApp, seeded: DemoPlan::new(Some(300))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let (id, _) = token_of(&app, &county, &["orgs:read"]).await;
        for mobile in ["13800000001", "13800000002", "13800000003", "13800000005"] {
            let cookie = common::login_cookie(&app, mobile).await;
            assert_eq!(create(&app, &cookie, "x", &["orgs:read"], "30").await.status(), 403, "{mobile}");
            let r = app.client.post(app.url("/api/api_tokens")).header("cookie", cookie.as_str()).send().await.unwrap();
            assert_eq!(r.status(), 403, "{mobile}");
            let r = app.client.post(app.url("/api/revoke_api_token")).header("cookie", cookie.as_str())
                .header("accept", "application/json").form(&[("id", id.to_string())]).send().await.unwrap();
            assert_eq!(r.status(), 403, "{mobile}");
        }
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL AND $1 = $1", "").await, 1);
        // What cannot be accepted is refused with its reason: no scope, an unknown one, a year and a day.
        for (scopes, days) in [(vec![], "30"), (vec!["members:write"], "30"), (vec!["orgs:read"], "366")] {
            let r = create(&app, &county, "x", &scopes, days).await;
            assert_eq!(r.status(), 422, "{scopes:?} {days}");
            assert!(r.text().await.unwrap().contains("invalid_token_settings"));
        }
    }

    async fn each_token_has_its_own_rate_counted_atomically(app: TestApp, seeded: DemoPlan::new(Some(300)), configured: |c: &mut server::config::Config| c.api_token_rate = 5) {
        let county = common::login_cookie(&app, "13800000000").await;
        let root = county_id(&app).await;
        let (busy_id, busy) = token_of(&app, &county, &["orgs:read"]).await;
        let (_, quiet) = token_of(&app, &county, &["orgs:read"]).await;
        // Twelve at once: exactly five answered, the rest told when to come back.
        let path = format!("/api/v1/orgs/{root}");
        let mut parallel = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let request = app.client.get(app.url(&path)).bearer_auth(&busy);
            parallel.spawn(async move {
                let r = request.send().await.unwrap();
                let (status, headers) = (r.status(), r.headers().clone());
                (status, headers, r.json::<serde_json::Value>().await.unwrap_or_default())
            });
        }
        let answers = parallel.join_all().await;
        let ok = answers.iter().filter(|(s, _, _)| s.as_u16() == 200).count();
        let throttled: Vec<_> = answers.iter().filter(|(s, _, _)| s.as_u16() == 429).collect();
        assert_eq!((ok, throttled.len()), (5, 7));
        for (_, headers, body) in throttled {
            assert_eq!(error_code(body), "throttled");
            let wait: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&wait), "{wait}");
        }
        assert_eq!(scalar_i64(&app, &format!("SELECT COUNT(*) FROM api_token_uses WHERE status = 429 AND token_id = {busy_id} AND $1 = $1"), "").await, 7);
        // Another token is not slowed by the first.
        assert_eq!(get(&app, &quiet, &path).await.0, 200);
    }
}

/// A token with `scopes` and its row id.
async fn token_of(app: &common::TestApp, cookie: &str, scopes: &[&str]) -> (i64, String) {
    let t = token(app, cookie, scopes).await;
    (t.split('_').nth(1).unwrap().parse().unwrap(), t)
}
