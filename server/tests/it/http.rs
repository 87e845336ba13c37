//! The HTTP surface over real TCP on both storage engines.

use crate::common;

use serde_json::Value;

on_both_engines! {
    async fn health_reports_storage_and_version(app: TestApp) {
        let r = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["storage"], format!("{} ok", app.db.engine()));
        assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    }

    async fn health_says_unavailable_when_the_database_is_gone(app: TestApp) {
        server::with_pool!(&app.db, pool => pool.close().await);
        let r = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(r.status(), 503);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], "unavailable");
    }

    async fn dues_quote_api_uses_the_domain_rules(app: TestApp) {
        let get = |q: &str| app.client.get(app.url(&format!("/api/v1/dues/quote?{q}"))).send();
        let body: Value = get("category=employed&base_fen=300001").await.unwrap().json().await.unwrap();
        assert_eq!(body["amount_fen"], 3000);
        assert_eq!(body["rate"], "1%");
        assert_eq!(body["bracket"]["lower_exclusive_fen"], 300000);
        let body: Value = get("category=retiree&base_fen=600000").await.unwrap().json().await.unwrap();
        assert_eq!(body["amount_fen"], 6000);
        let body: Value = get("category=student").await.unwrap().json().await.unwrap();
        assert_eq!(body["amount_fen"], 20);
        let body: Value = get("category=annual_salary&base_fen=10000000").await.unwrap().json().await.unwrap();
        assert_eq!((body["amount_fen"].as_i64(), body["capped"].as_bool()), (Some(100000), Some(true)));
    }

    async fn dues_quote_api_rejects_bad_input_with_codes(app: TestApp) {
        for (query, code) in [
            ("category=astronaut&base_fen=1", "invalid_category"),
            ("category=employed&base_fen=12.5", "invalid_money"),
            ("category=employed&base_fen=-100", "negative_money"),
            ("category=employed", "bad_request"),
            ("base_fen=100", "bad_request"),
        ] {
            let r = app.client.get(app.url(&format!("/api/v1/dues/quote?{query}"))).send().await.unwrap();
            assert_eq!(r.status(), 400, "{query}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], code, "{query}");
            assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        }
    }

    async fn pages_render_in_chinese_and_unknown_ones_are_404(app: TestApp) {
        let r = app.client.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"zh-CN\""), "{html}");
        assert!(html.contains("首页") && html.contains("组织生活"));
        let r = app.client.get(app.url("/no/such/page")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert!(r.text().await.unwrap().contains("页面不存在"));
    }

    async fn calculator_answers_without_javascript(app: TestApp) {
        let r = app.client.get(app.url("/dues/calculator?category=employed&base=3000.01")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("30.00 元"), "server-rendered answer missing");
        let html = app.client.get(app.url("/dues/calculator?category=employed&base=abc")).send().await.unwrap()
            .text().await.unwrap();
        assert!(html.contains("金额"), "a Chinese error for a bad base");
    }

    async fn static_assets_are_cached_and_compressed(app: TestApp) {
        let r = app.client.get(app.url("/pkg/dangjian.wasm")).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(r.status(), 200);
        // The test site has no hash.txt, so /pkg names are not content-hashed and must be
        // revalidated (the e2e suite checks the year-long cache on the real, hashed build).
        assert_eq!(r.headers()["cache-control"], "no-cache");
        assert_eq!(r.headers()["content-encoding"], "br");
        let r = app.client.get(app.url("/favicon.ico")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "public, max-age=86400");
        assert!(app.site_root.join("favicon.ico").exists());
    }
}

/// Behind a proxy that rewrites `Host`, the configured public origin is the only one accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_public_origin_decides() {
    let app = common::spawn_app_with(common::Engine::Sqlite, |c| {
        c.public_origin = Some("https://dj.example.gov.cn".into());
    })
    .await
    .unwrap();
    let login = |origin: String| {
        let app = &app;
        async move {
            let r = app
                .client
                .post(app.url("/api/login"))
                .header("accept", "application/json")
                .header("origin", origin)
                .form(&[("mobile", "13800000000"), ("password", "wrong-password")])
                .send()
                .await
                .unwrap();
            let body: serde_json::Value = r.json().await.unwrap();
            body.to_string()
        }
    };
    // Reaches the login check (and fails it), so the origin passed.
    assert!(!login("https://dj.example.gov.cn".into())
        .await
        .contains("cross_site_request"));
    // The proxied Host is not the site users see; another site is not either.
    let own_host = app.url("").trim_end_matches('/').to_string();
    assert!(login(own_host).await.contains("cross_site_request"));
    assert!(login("https://evil.example".into())
        .await
        .contains("cross_site_request"));
}
