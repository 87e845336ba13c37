//! The administrators' search box: by name, pinyin initials or spelling, mobile or ID tail; only
//! within what the reader may list.

use reqwest::StatusCode;
use serde_json::Value;
use server::seed::DemoPlan;

use crate::common::{self, login_cookie, scalar_i64, TestApp};

async fn search(app: &TestApp, cookie: &str, q: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .get(app.url("/api/v1/search"))
        .query(&[("q", q)])
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn member_ids(body: &Value) -> Vec<i64> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "member")
        .map(|h| h["id"].as_i64().unwrap())
        .collect()
}

on_both_engines! {
    async fn admins_find_members_and_organizations_in_their_scope(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        // A member of the village branch and their name's pinyin.
        let id = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
        let (name, id_number): (String, String) = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT name, id_number FROM members WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        let keys = server::search::Keys::of(&name);
        let county = login_cookie(&app, "13800000000").await;
        for q in [keys.initials.clone(), keys.full.clone(), keys.initials.to_uppercase(), name.clone(), "0003".to_owned(), id_number[12..].to_owned()] {
            let (status, body) = search(&app, &county, &q).await;
            assert_eq!(status, StatusCode::OK, "{q}: {body}");
            assert!(member_ids(&body).contains(&id), "{q} finds {name}: {body}");
        }
        let (_, body) = search(&app, &county, "0003").await;
        let hit = body["hits"].as_array().unwrap().iter().find(|h| h["id"] == id).unwrap();
        assert_eq!(hit["mobile"], "138****0003", "mobiles masked");

        // Organizations by name or initials.
        let (_, body) = search(&app, &county, "党委").await;
        assert!(body["hits"].as_array().unwrap().iter().any(|h| h["kind"] == "organization"), "{body}");

        // The flowing branch's member is beyond the village secretary's reach.
        let flowing = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000004").await;
        let (status, body) = search(&app, &county, "0004").await;
        assert_eq!(status, StatusCode::OK);
        assert!(member_ids(&body).contains(&flowing));
        let secretary = login_cookie(&app, "13800000002").await;
        let (_, body) = search(&app, &secretary, "0004").await;
        assert!(!member_ids(&body).contains(&flowing), "{body}");
        let (_, body) = search(&app, &secretary, "0003").await;
        assert!(member_ids(&body).contains(&id));

        // Members do not search; an empty box is a clear refusal.
        let member = login_cookie(&app, "13800000003").await;
        assert_eq!(search(&app, &member, "0003").await.0, StatusCode::FORBIDDEN);
        assert_eq!(search(&app, &county, "  ").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
