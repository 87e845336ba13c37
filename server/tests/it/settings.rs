//! The county's own rules: a points rule table in force from its day on (an old day keeps its
//! old score, the browser is shipped the table the server awards by), lists by score lines,
//! and only county administrators may change either.

use crate::common;

use domain::{points::Activity, AccountId, Date, MemberId};
use server::{points::PointsTx, seed::DemoPlan, trail::TrailTx};

/// The rule table form with the built-in values, article reading worth `article` points.
fn table_form(article: &str, from: &str) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for rule in domain::points::RuleTable::default_county().rules {
        let key = rule.key.code();
        let mut put = |part: &str, v: String| form.push((format!("table[{key}_{part}]"), v));
        put("on", "on".into());
        let points = if rule.key == domain::points::ActivityKey::ArticleRead {
            article.to_string()
        } else {
            rule.points.abs().to_string()
        };
        put("points", points);
        if let Some(p) = rule.imperfect_points {
            put("imperfect", p.to_string());
        }
        for (part, cap) in [
            ("day", rule.cap_per_day),
            ("month", rule.cap_per_month),
            ("year", rule.cap_per_year),
        ] {
            put(part, cap.map(|c| c.to_string()).unwrap_or_default());
        }
    }
    form.push(("table[study_cap]".into(), "12".into()));
    form.push(("table[from]".into(), from.into()));
    form
}

async fn post(
    app: &common::TestApp,
    cookie: &str,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("cookie", cookie)
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Books one article read for `member` on `day` and returns the points and the rule version.
async fn read_article(app: &common::TestApp, member: MemberId, day: Date) -> (i32, i64) {
    server::with_pool!(&app.db, pool => {
        let mut tx = pool.begin().await.unwrap();
        tx.lock().await.unwrap();
        let entry = tx.award_points(AccountId::new(1).unwrap(), member, &Activity::ArticleRead, day).await.unwrap();
        tx.commit().await.unwrap();
        let version: i64 = sqlx::query_scalar("SELECT rule_version FROM points_ledger WHERE member_id = $1 AND day = $2 ORDER BY id DESC LIMIT 1")
            .bind(member).bind(day.to_string()).fetch_one(pool).await.unwrap();
        (entry.points, version)
    })
}

on_both_engines! {
    async fn a_rule_table_scores_from_its_day_on_and_an_old_day_keeps_its_old_score(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let today = server::clock::today_china();
        let yesterday = today.add_days(-1).unwrap();
        let county = common::login_cookie(&app, "13800000000").await;

        // Only the county administrators set the county's rules: the server refuses the others.
        let committee = common::login_cookie(&app, "13800000001").await;
        let r = post(&app, &committee, "/api/save_point_rules", &table_form("3", &today.to_string())).await;
        assert_eq!(r.status(), 403);
        let r = app.client.post(app.url("/api/settings")).header("cookie", committee.as_str()).send().await.unwrap();
        assert_eq!(r.status(), 403);

        // A table may not start in the past, and a bad value names its rule.
        let r = post(&app, &county, "/api/save_point_rules", &table_form("3", &yesterday.to_string())).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("rules_from_past"));
        let r = post(&app, &county, "/api/save_point_rules", &table_form("abc", &today.to_string())).await;
        assert!(r.text().await.unwrap().contains("阅读文章"));

        let r = post(&app, &county, "/api/save_point_rules", &table_form("3", &today.to_string())).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());

        // A member with nothing booked on either day reads one article on each.
        let member: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT id FROM members WHERE id NOT IN (SELECT member_id FROM points_ledger WHERE day >= $1) ORDER BY id LIMIT 1")
                .bind(yesterday.to_string()).fetch_one(pool).await.unwrap()
        });
        let member = MemberId::new(member).unwrap();
        assert_eq!(read_article(&app, member, yesterday).await, (1, 1));
        assert_eq!(read_article(&app, member, today).await, (3, 2));

        // The browser previews with the same table: /points ships it.
        let body: serde_json::Value = app.client.post(app.url("/api/my_points")).send().await.unwrap().json().await.unwrap();
        let article = body["rules"]["rules"].as_array().unwrap().iter().find(|r| r["key"] == "article_read").unwrap().clone();
        assert_eq!(article["points"], 3);
        assert_eq!(body["rules"]["version"], 2);

        // The settings page lists the change: who, the rule, and the day.
        let view: serde_json::Value = app.client.post(app.url("/api/settings")).header("cookie", county.as_str()).send().await.unwrap().json().await.unwrap();
        let last = &view["history"][0];
        assert_eq!(last["action"], "settings.point_rules");
        let changes = last["changes"].as_array().unwrap();
        assert!(changes.iter().any(|c| c["label"] == "阅读文章" && c["after"] == "每篇 3 分，每日最多 6 分"), "{changes:?}");
        assert!(last["actor"].as_str().is_some());
    }

    async fn lists_drawn_by_score_lines(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let member = common::login_cookie(&app, "13800000003").await;
        let standing = |cookie: String| {
            let app = &app;
            async move {
                let v: serde_json::Value = app.client.post(app.url("/api/my_standing")).header("cookie", cookie).send().await.unwrap().json().await.unwrap();
                v
            }
        };
        let before = standing(member.clone()).await;
        let points = before["points_year"].as_i64().unwrap();
        let county = common::login_cookie(&app, "13800000000").await;
        // Score lines around the member's own total: exactly at the gold line, then just under.
        for (gold, expected) in [(points, "gold"), (points + 1, "silver")] {
            let form: Vec<(String, String)> = [
                ("lists[mode]", "absolute".to_string()),
                ("lists[gold_min]", gold.to_string()),
                ("lists[silver_min]", (points - 1).to_string()),
                ("lists[yellow_max]", (points - 100).to_string()),
                ("lists[absent_min]", String::new()),
                ("lists[arrears_months]", String::new()),
            ].into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let r = post(&app, &county, "/api/save_list_policy", &form).await;
            assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
            assert_eq!(standing(member.clone()).await["list"], expected);
        }
        // A line order that cannot be drawn is refused, and the policy stays.
        let bad: Vec<(String, String)> = [("lists[mode]", "absolute"), ("lists[gold_min]", "1"), ("lists[silver_min]", "5"), ("lists[yellow_max]", "0")]
            .into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let r = post(&app, &county, "/api/save_list_policy", &bad).await;
        assert_eq!(r.status(), 422);
        assert_eq!(standing(member.clone()).await["list"], "silver");
    }
}
