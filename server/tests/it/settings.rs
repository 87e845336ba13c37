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

    async fn the_county_sets_reminder_lead_times_and_dues_rounding(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let committee = common::login_cookie(&app, "13800000001").await;
        let lead = |term: &str| -> Vec<(String, String)> {
            [("term_lead_days", term), ("probation_lead_days", "30"), ("orglife_lead_days", "7"), ("assistance_remind_from_day", "25"), ("task_lead_days", "3"), ("alert_no_study_days", "30")]
                .iter()
                .map(|(k, v)| (format!("lead[{k}]"), v.to_string()))
                .collect()
        };
        // Only the county, and only within range.
        assert_eq!(post(&app, &committee, "/api/save_deadlines", &lead("200")).await.status(), 403);
        let r = post(&app, &county, "/api/save_deadlines", &lead("0")).await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("invalid_lead_time") && body.contains("换届"), "{body}");

        // A branch's term ends in 150 days: too far for the default 90, near enough for 200.
        let secretary = common::scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000002").await;
        let branch = common::scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        let (kind, village): (String, i64) = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT kind, is_village FROM organizations WHERE id = $1").bind(branch).fetch_one(pool).await.unwrap()
        });
        let years = domain::OrgKind::parse(&kind).unwrap().term_years(village != 0).unwrap();
        let today = Date::parse("2026-06-15").unwrap();
        let start = today.add_days(150).unwrap().add_years(-i32::from(years)).unwrap();
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE organizations SET term_start = NULL").execute(pool).await.unwrap();
            sqlx::query("UPDATE organizations SET term_start = $1 WHERE id = $2").bind(start.to_string()).bind(branch).execute(pool).await.unwrap();
        });
        let term_messages = || async {
            server::with_pool!(&app.db, pool => {
                sqlx::query_scalar::<_, String>("SELECT body FROM notifications WHERE account_id = $1 AND title = '换届提醒'")
                    .bind(secretary).fetch_all(pool).await.unwrap()
            })
        };
        server::reminders::run_daily(&app.db, today).await.unwrap();
        assert!(term_messages().await.is_empty());
        let r = post(&app, &county, "/api/save_deadlines", &lead("200")).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        server::reminders::run_daily(&app.db, today.add_days(1).unwrap()).await.unwrap();
        let sent = term_messages().await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].contains("还有 149 天"), "{}", sent[0]);

        // Dues rounded up to whole yuan: the quote, the calculator's rules and the page agree.
        let quote = || async {
            let v: serde_json::Value = app.client.get(app.url("/api/v1/dues/quote?category=employed&base_fen=333333")).send().await.unwrap().json().await.unwrap();
            v["amount_fen"].as_i64().unwrap()
        };
        assert_eq!(quote().await, 3333);
        assert_eq!(post(&app, &committee, "/api/save_dues_rounding", &[("rounding".into(), "up_to_yuan".into())]).await.status(), 403);
        let r = post(&app, &county, "/api/save_dues_rounding", &[("rounding".into(), "up_to_yuan".into())]).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        assert_eq!(quote().await, 3400);
        let rules: serde_json::Value = app.client.post(app.url("/api/dues_rules")).send().await.unwrap().json().await.unwrap();
        assert_eq!(rules["rounding"], "up_to_yuan");

        // Both changes listed with who and what.
        let view: serde_json::Value = app.client.post(app.url("/api/settings")).header("cookie", county.as_str()).send().await.unwrap().json().await.unwrap();
        assert_eq!(view["deadlines"]["term_lead_days"], 200);
        let changes: Vec<String> = view["history"].as_array().unwrap().iter()
            .flat_map(|e| e["changes"].as_array().unwrap().iter().map(|c| format!("{}：{} → {}", c["label"].as_str().unwrap(), c["before"].as_str().unwrap_or(""), c["after"].as_str().unwrap_or(""))))
            .collect();
        assert!(changes.contains(&"换届：任期届满前：90 天 → 200 天".to_string()), "{changes:?}");
        assert!(changes.iter().any(|c| c.starts_with("党费取整方式：四舍五入到分 → ")), "{changes:?}");
    }
}
