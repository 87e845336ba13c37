//! The administrator's navigation per demo role: the links in every page's HTML (the side bar
//! and 我的 → 管理) are exactly the pages the role may use, and each listed page the role may
//! not use answers 403. Expectations are written out by hand.

use crate::common;

use server::seed::DemoPlan;

const GATED: [&str; 11] = [
    "/review",
    "/compliance",
    "/admin/import",
    "/admin/study",
    "/admin/dues",
    "/dues/ledger",
    "/admin/settings",
    "/command",
    "/command/map",
    "/archive",
    "/trail",
];

/// The hrefs inside `<nav id="{id}" …>…</nav>` of a page, in order.
fn links(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("<nav id=\"{id}\"")) else {
        return Vec::new();
    };
    let nav = &html[start..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

async fn page(app: &common::TestApp, cookie: Option<&str>, path: &str) -> (u16, String) {
    let mut r = app.client.get(app.url(path));
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

on_both_engines! {
    async fn each_role_sees_and_opens_exactly_its_pages(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let branch = vec!["/compliance", "/org", "/admin/dues", "/dues/ledger", "/video", "/archive"];
        let roles: [(&str, Vec<&str>); 6] = [
            ("13800000000", vec!["/review", "/compliance", "/org", "/admin/import", "/admin/study", "/admin/dues", "/dues/ledger", "/admin/settings", "/command", "/command/map", "/video", "/archive", "/trail"]),
            ("13800000001", vec!["/review", "/compliance", "/org", "/admin/study", "/admin/dues", "/dues/ledger", "/command", "/command/map", "/video", "/archive"]),
            ("13800000002", branch.clone()),
            ("13800000006", branch),
            ("13800000005", vec!["/org", "/admin/dues", "/dues/ledger", "/command", "/command/map", "/video", "/archive", "/trail"]),
            ("13800000003", vec![]),
        ];
        for (mobile, expected) in roles {
            let cookie = common::login_cookie(&app, mobile).await;
            let (status, home) = page(&app, Some(&cookie), "/").await;
            assert_eq!(status, 200);
            assert_eq!(links(&home, "side-admin"), expected, "{mobile}: side navigation");
            let (_, me) = page(&app, Some(&cookie), "/me").await;
            assert_eq!(links(&me, "me-admin"), expected, "{mobile}: 我的 → 管理");
            for path in GATED {
                let (status, body) = page(&app, Some(&cookie), path).await;
                let allowed = expected.contains(&path);
                assert_eq!(status, if allowed { 200 } else { 403 }, "{mobile} {path}");
                if !allowed && path == "/admin/settings" {
                    assert!(body.contains("您没有访问该内容的权限"), "{mobile}: the denial text");
                }
            }
        }
        // Signed out: no administrator links, and the page offers the login.
        let (status, home) = page(&app, None, "/").await;
        assert_eq!(status, 200);
        assert!(links(&home, "side-admin").is_empty());
        let (status, body) = page(&app, None, "/admin/settings").await;
        assert_eq!(status, 401);
        assert!(body.contains("登录后设置"));
    }
}
