//! A member reads their own points ledger, and only their own.

use crate::common;

use server::seed::DemoPlan;

on_both_engines! {
    async fn my_points_is_my_own_ledger_for_this_year(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let anonymous = app.client.post(app.url("/api/my_points")).send().await.unwrap();
        let anonymous = anonymous.json::<serde_json::Value>().await.unwrap();
        assert_eq!(anonymous["mine"], serde_json::Value::Null);
        assert_eq!(anonymous["rules"]["version"], 1);

        let cookie = common::login_cookie(&app, "13800000003").await;
        let body: serde_json::Value =
            app.client.post(app.url("/api/my_points")).header("cookie", cookie).send().await.unwrap().json().await.unwrap();
        let body = &body["mine"];
        let ledger = body["ledger"].as_array().unwrap();
        let today = body["today"].as_str().unwrap().to_string();
        let year_start = format!("{}-01-01", &today[..4]);
        let expected: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM points_ledger l JOIN accounts a ON a.member_id = l.member_id \
                 WHERE a.mobile = $1 AND l.day >= $2",
            )
            .bind("13800000003")
            .bind(&year_start)
            .fetch_one(pool)
            .await
            .unwrap()
        });
        assert_eq!(ledger.len() as i64, expected);
        // Booked through the rules: no day's study points exceed the county's daily cap.
        let mut per_day = std::collections::HashMap::<String, i64>::new();
        for e in ledger {
            *per_day.entry(e["date"].as_str().unwrap().to_string()).or_default() += e["points"].as_i64().unwrap();
        }
        let cap = i64::from(domain::points::RuleTable::default_county().daily_study_cap.unwrap());
        assert!(per_day.values().all(|p| *p <= cap), "{per_day:?}");
    }
}
