//! Grid-centre video (docs/rules.md#grid-centre-video) on both engines: a village branch
//! registers its stream and its readers watch it; bad addresses and hours are refused with
//! their reason and keep nothing; only the village and the county register, only at a village
//! (or the county), and only on a site the configuration names — the sites the security
//! policy lists; the stream shows beside the branch's meetings and in the review queue; every
//! step is on the trail.

use crate::common;

use common::scalar_i64;
use server::seed::DemoPlan;

async fn register(
    app: &common::TestApp,
    cookie: &str,
    org: i64,
    url: &str,
    hours: &str,
) -> (u16, String) {
    let form = [
        ("stream[org]", org.to_string()),
        ("stream[name]", "网格中心".to_string()),
        ("stream[url]", url.to_string()),
        ("stream[hours]", hours.to_string()),
    ];
    common::post_fn(app, cookie, "/api/register_stream", &form).await
}

async fn call(
    app: &common::TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, String)],
) -> (u16, String) {
    common::post_fn(app, cookie, path, form).await
}

/// The directive `name` of the policy on a page.
async fn directive(app: &common::TestApp, name: &str) -> String {
    let r = app.client.get(app.url("/login")).send().await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    csp.split("; ")
        .find(|d| d.starts_with(&format!("{name} ")))
        .unwrap_or_default()
        .to_string()
}

async fn actor(app: &common::TestApp, mobile: &str) -> server::access::Actor {
    let id = scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

/// The deployment's stream sites in these tests.
fn sites(c: &mut server::config::Config) {
    c.stream_sites = [
        "https://live.example.cn:8443",
        "https://live.example.cn",
        "https://cdn.example.cn",
    ]
    .iter()
    .map(|s| domain::video::StreamSite::parse(s).unwrap())
    .collect();
}

async fn rows(app: &common::TestApp) -> i64 {
    scalar_i64(app, "SELECT COUNT(*) FROM grid_streams WHERE $1 = $1", "").await
}

on_both_engines! {
    async fn a_village_registers_its_stream_and_its_people_watch_it(app: TestApp, seeded: DemoPlan::new(Some(600)), configured: sites) {
        let secretary = common::login_cookie(&app, "13800000002").await;
        let village = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        // Refused with the reason, nothing kept: plain http to another machine (mixed content),
        // an address that is no playlist or MP4, hours that are not hours.
        for (url, hours, code) in [
            ("http://live.example.cn/a.m3u8", "08:00-18:00", "invalid_stream_address"),
            ("https://live.example.cn/a.flv", "08:00-18:00", "invalid_stream_address"),
            ("https://live.example.cn/a.m3u8", "全天", "invalid_live_hours"),
            ("https://live.example.cn/a.m3u8", "08:00-08:00", "invalid_live_hours"),
        ] {
            let (status, body) = register(&app, &secretary, village, url, hours).await;
            assert_eq!(status, 422, "{url} {hours}: {body}");
            assert!(body.contains(code), "{url} {hours}: {body}");
        }
        // A site the configuration does not name: its pages could not fetch from it.
        let (status, body) = register(&app, &secretary, village, "https://evil.example.cn/a.m3u8", "08:00-18:00").await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("stream_site_not_allowed"), "{body}");
        assert_eq!(rows(&app).await, 0);
        // The policy names exactly the configured sites, for the player and for hls.js.
        let listed = " https://live.example.cn:8443 https://live.example.cn https://cdn.example.cn";
        assert_eq!(directive(&app, "media-src").await, format!("media-src 'self' blob:{listed}"));
        assert_eq!(directive(&app, "connect-src").await, format!("connect-src 'self'{listed}"));

        let url = "https://live.example.cn:8443/grid/xintian.m3u8?k=1";
        let (status, body) = register(&app, &secretary, village, url, "00:00-23:59").await;
        assert_eq!(status, 200, "{body}");

        // The branch's member watches it; a member elsewhere is refused.
        let member = common::login_cookie(&app, "13800000003").await;
        let (status, body) = call(&app, &member, "/api/video_page", &[("org", village.to_string())]).await;
        assert_eq!(status, 200, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["stream"]["url"], url);
        assert_eq!(page["stream"]["kind"], "hls");
        assert_eq!(page["stream"]["hours"], "00:00-23:59");
        assert_eq!(page["may_manage"], false);
        let flowing = common::login_cookie(&app, "13800000004").await;
        let (status, _) = call(&app, &flowing, "/api/video_page", &[("org", village.to_string())]).await;
        assert_eq!(status, 403);
        // The member's list holds their branch's stream; the flowing member's holds none.
        let (_, body) = call(&app, &member, "/api/streams", &[]).await;
        assert!(body.contains(url), "{body}");
        let (_, body) = call(&app, &flowing, "/api/streams", &[]).await;
        assert!(!body.contains(url), "{body}");

        // Changing it keeps one row and records the step with what was before.
        let (status, _) = register(&app, &secretary, village, "https://cdn.example.cn/v/a.mp4", "20:00-02:00").await;
        assert_eq!(status, 200);
        assert_eq!(rows(&app).await, 1);
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "stream.register").await, 2);
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'stream.register' AND before_json IS NOT NULL AND $1 = $1", "").await, 1);

        // Removing it empties the page; a second removal changes nothing.
        for _ in 0..2 {
            let (status, body) = call(&app, &secretary, "/api/remove_stream", &[("org", village.to_string())]).await;
            assert_eq!(status, 200, "{body}");
        }
        assert_eq!(rows(&app).await, 0);
        let (_, body) = call(&app, &member, "/api/video_page", &[("org", village.to_string())]).await;
        assert!(body.contains("\"stream\":null"), "{body}");
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "stream.remove").await, 1);
    }

    async fn only_the_village_and_the_county_register_and_only_at_a_village(app: TestApp, seeded: DemoPlan::new(Some(600)), configured: sites) {
        let village = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        let committee = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000001").await;
        let flowing = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000006").await;
        let url = "https://live.example.cn/a.m3u8";
        // The committee above, the auditor and a member may not; nothing is kept.
        for mobile in ["13800000001", "13800000005", "13800000003"] {
            let cookie = common::login_cookie(&app, mobile).await;
            let (status, body) = register(&app, &cookie, village, url, "08:00-18:00").await;
            assert_eq!(status, 403, "{mobile}: {body}");
        }
        // Another branch's secretary may not register for this village.
        let other = common::login_cookie(&app, "13800000006").await;
        assert_eq!(register(&app, &other, village, url, "08:00-18:00").await.0, 403);
        // A flowing branch's secretary manages their own branch, which holds no grid centre.
        let (status, body) = register(&app, &other, flowing, url, "08:00-18:00").await;
        assert_eq!(status, 422);
        assert!(body.contains("stream_not_village"), "{body}");
        // The county registers for the village, and for no committee.
        let county = common::login_cookie(&app, "13800000000").await;
        let (status, body) = register(&app, &county, committee, url, "08:00-18:00").await;
        assert_eq!(status, 422);
        assert!(body.contains("stream_not_village"), "{body}");
        assert_eq!(rows(&app).await, 0);
        assert_eq!(register(&app, &county, village, url, "08:00-18:00").await.0, 200);
        // The committee may watch what it may not register; the page says which.
        let (status, body) = call(&app, &common::login_cookie(&app, "13800000001").await, "/api/video_page", &[("org", village.to_string())]).await;
        assert_eq!(status, 200);
        assert!(body.contains("\"may_manage\":false"), "{body}");
        let (_, body) = call(&app, &common::login_cookie(&app, "13800000002").await, "/api/video_page", &[("org", village.to_string())]).await;
        assert!(body.contains("\"may_manage\":true"), "{body}");
    }

    async fn the_stream_shows_beside_the_branch_s_meetings_and_in_the_queue(app: TestApp, seeded: DemoPlan::new(Some(600)), configured: sites) {
        // A village record waiting for its committee's first review (kept by the seed).
        let meeting = scalar_i64(&app, "SELECT MIN(m.id) FROM meetings m JOIN organizations o ON o.id = m.org_id WHERE m.status = 'submitted' AND o.is_village = 1 AND $1 = $1", "").await;
        let branch = scalar_i64(&app, "SELECT org_id FROM meetings WHERE id = CAST($1 AS BIGINT)", &meeting.to_string()).await;
        let county = common::login_cookie(&app, "13800000000").await;
        assert_eq!(register(&app, &county, branch, "https://live.example.cn/b.m3u8", "00:00-23:59").await.0, 200);
        let reviewer: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar(
                "SELECT a.id FROM accounts a JOIN organizations s ON s.id = a.scope_org_id \
                 JOIN organizations o ON o.path LIKE s.path || '%' \
                 WHERE o.id = $1 AND a.role = 'committee_admin' ORDER BY s.depth DESC LIMIT 1",
            ).bind(branch).fetch_one(pool).await.unwrap()
        });
        let reviewer = server::access::Actor::from_account(&app.db, domain::AccountId::new(reviewer).unwrap()).await.unwrap();
        let queue = server::orglife::review::queue(&app.db, &reviewer, None, None, 0).await.unwrap();
        let item = queue.items.iter().find(|i| i.meeting.id == meeting).expect("the record waits for this committee");
        assert_eq!(item.stream.as_ref().map(|s| s.url.as_str()), Some("https://live.example.cn/b.m3u8"));
        assert!(item.stream.as_ref().is_some_and(|s| s.live_now));
        // Records of branches without a stream carry none (the queue holds several branches).
        let others: Vec<_> = queue.items.iter().filter(|i| i.meeting.org_name != item.meeting.org_name).collect();
        assert!(!others.is_empty(), "the queue holds other branches' records");
        assert!(others.iter().all(|i| i.stream.is_none()));
        let detail = server::orglife::record::detail(&app.db, &reviewer, meeting, "http://127.0.0.1").await.unwrap();
        assert_eq!(detail.stream.map(|s| s.org_id), Some(branch));
        // The map's card of the branch carries it too.
        let county_actor = actor(&app, "13800000000").await;
        let card = server::command::card::card(&app.db, &server::command::CommandCache::default(), &county_actor, domain::OrgId::new(branch).unwrap(), server::clock::today_china()).await.unwrap();
        assert!(card.stream.is_some() && card.holds_stream);
        let r = app.client.get(app.url(&format!("/command/map/branches/{branch}"))).header("cookie", county.as_str()).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains(r#"data-stream-url="https://live.example.cn/b.m3u8""#), "{html}");
        assert!(html.contains(&format!(r#"href="/video/{branch}""#)));
    }
}
