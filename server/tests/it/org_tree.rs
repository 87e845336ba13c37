//! Reshaping the organization tree from above: created, renamed and moved, each refusal with
//! its code, every path below a moved organization rewritten, each step in the trail.

use crate::common;

use common::{error_code as code, login_cookie, scalar_i64, send_json as send, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::seed::DemoPlan;

async fn create(
    app: &TestApp,
    cookie: &str,
    parent: i64,
    name: &str,
    kind: &str,
) -> (StatusCode, Value) {
    send(
        app,
        cookie,
        reqwest::Method::POST,
        &format!("/api/v1/orgs/{parent}/children"),
        json!({ "name": name, "kind": kind }),
    )
    .await
}

async fn move_to(app: &TestApp, cookie: &str, org: i64, parent: i64) -> (StatusCode, Value) {
    send(
        app,
        cookie,
        reqwest::Method::POST,
        &format!("/api/v1/orgs/{org}/move"),
        json!({ "parent_id": parent }),
    )
    .await
}

async fn path_of(app: &TestApp, id: i64) -> String {
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
    })
}

/// The committee of the demo committee admin, a village branch under it, another committee.
async fn places(app: &TestApp) -> (i64, i64, i64, i64) {
    let root = scalar_i64(
        app,
        "SELECT id FROM organizations WHERE parent_id IS NULL AND name <> $1",
        "",
    )
    .await;
    let committee = scalar_i64(
        app,
        "SELECT scope_org_id FROM accounts WHERE mobile = $1",
        "13800000001",
    )
    .await;
    let village = scalar_i64(
        app,
        "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1",
        "13800000003",
    )
    .await;
    let other = scalar_i64(
        app,
        "SELECT MIN(id) FROM organizations WHERE kind = 'party_committee' AND id <> CAST($1 AS BIGINT)",
        &committee.to_string(),
    )
    .await;
    (root, committee, village, other)
}

on_both_engines! {
    async fn created_renamed_and_moved_from_above_with_every_refusal(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let committee_admin = login_cookie(&app, "13800000001").await;
        let secretary = login_cookie(&app, "13800000002").await;
        let (root, committee, village, other) = places(&app).await;
        let village_path = path_of(&app, village).await;
        // The village branch really lies under the committee.
        assert!(village_path.starts_with(&path_of(&app, committee).await));

        // Created by the committee under itself, placed by path.
        let (status, body) = create(&app, &committee_admin, committee, "  城东社区第二党支部 ", "branch").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["name"], "城东社区第二党支部");
        let new_branch = body["id"].as_i64().unwrap();
        assert_eq!(path_of(&app, new_branch).await, format!("{}{new_branch}/", path_of(&app, committee).await));

        // Refusals, each with its code, nothing written.
        let orgs_before = scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE name <> $1", "").await;
        let (status, body) = create(&app, &committee_admin, committee, "城东社区第二党支部", "branch").await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_name_taken"));
        let (status, body) = create(&app, &committee_admin, committee, "某某党委", "party_committee").await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_org_parent"));
        let (status, body) = create(&app, &committee_admin, committee, "   ", "branch").await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_org_name"));
        let (status, body) = create(&app, &committee_admin, committee, "某某支部", "支部").await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_org_kind"));
        // Outside its subtree, and by a branch secretary at all.
        let (status, body) = create(&app, &committee_admin, root, "某某工委", "work_committee").await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        let (status, body) = create(&app, &secretary, village, "第一党小组", "party_group").await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE name <> $1", "").await, orgs_before);

        // Renamed from above only: the committee renames its branch, never itself.
        let rename = |id: i64, name: &'static str, cookie: String| {
            let app = &app;
            async move { send(app, &cookie, reqwest::Method::PATCH, &format!("/api/v1/orgs/{id}"), json!({ "name": name })).await }
        };
        let (status, body) = rename(new_branch, "城东社区第三党支部", committee_admin.clone()).await;
        assert_eq!((status, body["name"].as_str()), (StatusCode::OK, Some("城东社区第三党支部")));
        let (status, body) = rename(committee, "改名党委", committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));

        // Moves refused where the tree would break.
        let (status, body) = move_to(&app, &county, committee, village).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_move_into_own_subtree"));
        let (status, body) = move_to(&app, &county, root, committee).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_is_root"));
        let (status, body) = move_to(&app, &county, village, new_branch).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_org_parent"));
        // The committee cannot hand its branch to a committee it does not run.
        let (status, body) = move_to(&app, &committee_admin, village, other).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        assert_eq!(path_of(&app, village).await, village_path);

        // The county moves the village branch to the other committee: its members, its board
        // row and its reminders follow; the old committee no longer reaches it.
        let year = server::clock::today_china().year();
        let standing = |path: String| {
            let app = &app;
            async move {
                let path = domain::OrgPath::parse(&path).unwrap();
                server::rankings::branches_under(&app.db, &path, year).await.unwrap().into_iter().find(|b| b.org_id.get() == village)
            }
        };
        let before = standing(path_of(&app, committee).await).await.expect("ranked under its committee");
        let members = scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT)", &village.to_string()).await;
        let (status, body) = move_to(&app, &county, village, other).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["parent_id"], json!(other));
        let moved_path = path_of(&app, village).await;
        assert_eq!(moved_path, format!("{}{village}/", path_of(&app, other).await));
        let after = standing(path_of(&app, other).await).await.expect("ranked under its new committee");
        assert_eq!((after.members, after.average_points), (before.members, before.average_points));
        assert!(standing(path_of(&app, committee).await).await.is_none());
        let (status, body) = send(&app, &county, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/members?per_page=1"), Value::Null).await;
        assert_eq!((status, body["total"].as_i64()), (StatusCode::OK, Some(members)));
        let (status, _) = send(&app, &committee_admin, reqwest::Method::GET, &format!("/api/v1/orgs/{village}"), Value::Null).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Its own secretary and members still sign in to their branch.
        let (status, _) = send(&app, &secretary, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/members?per_page=1"), Value::Null).await;
        assert_eq!(status, StatusCode::OK);

        // Each step is on the organization's history, parents by name.
        let (status, history) = send(&app, &county, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/history"), Value::Null).await;
        assert_eq!(status, StatusCode::OK);
        let moved = history.as_array().unwrap().iter().find(|e| e["action"] == "org.move").expect("the move");
        let other_name: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1").bind(other).fetch_one(pool).await.unwrap()
        });
        assert!(moved["changes"].as_array().unwrap().iter().any(|c| c["field"] == "parent_id" && c["after"] == json!(other_name)), "{moved}");
        // Dissolved only when empty; the refusal says how many and where.
        let dissolve = |id: i64, cookie: String| {
            let app = &app;
            async move { send(app, &cookie, reqwest::Method::POST, &format!("/api/v1/orgs/{id}/dissolve"), Value::Null).await }
        };
        let (status, body) = dissolve(village, county.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_not_empty"));
        assert!(body["error"]["message"].as_str().unwrap().contains(&format!("直属党员 {members} 名")), "{body}");
        let (status, body) = dissolve(other, county.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_not_empty"));
        assert!(body["error"]["message"].as_str().unwrap().contains("下级组织"), "{body}");
        let (status, body) = dissolve(committee, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        let (status, body) = dissolve(root, county.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_is_root"));
        let (status, body) = dissolve(new_branch, committee_admin.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["dissolved_at"].is_string(), "{body}");
        // Gone from the live tree, kept for its history; its name free again.
        let children = server::orgs::children(&app.db, domain::OrgId::new(committee).unwrap()).await.unwrap();
        assert!(children.iter().all(|c| c.id.get() != new_branch));
        let (status, body) = rename(new_branch, "城东社区第四党支部", committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_dissolved"));
        let (status, body) = create(&app, &committee_admin, new_branch, "第一党小组", "party_group").await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_dissolved"));
        let (status, body) = dissolve(new_branch, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_dissolved"));
        let (status, body) = create(&app, &committee_admin, committee, "城东社区第三党支部", "branch").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        // Nor does it take in a new member, however right the form.
        let account = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000001").await;
        let actor = server::access::Actor::from_account(&app.db, domain::AccountId::new(account).unwrap()).await.unwrap();
        let form = server::members::NewMember {
            org_id: new_branch,
            name: "欧阳新华".into(),
            sex: "女".into(),
            ethnicity: "瑶族".into(),
            id_number: "431128199001020024".into(),
            mobile: "17788880001".into(),
            education: "大学本科".into(),
            joined_on: "2015-07-01".into(),
            full_on: "2016-07-01".into(),
            dues_category: "".into(),
            flowing_destination: "".into(),
            remarks: "".into(),
        };
        let refused = server::members::create(&app.db, &actor, &form).await;
        assert_eq!(refused.err().map(|e| e.code()), Some(domain::ErrorCode::OrgDissolved));
        // Nor does it hold another meeting.
        let draft = app::orglife::MeetingDraft {
            org_id: new_branch,
            kind: "branch_committee".into(),
            topic: "研究支部工作".into(),
            starts_at: "2099-01-05T09:00".into(),
            ends_at: "2099-01-05T11:00".into(),
            place: "村部会议室".into(),
        };
        let refused = server::orglife::plan(&app.db, &actor, draft).await;
        assert_eq!(refused.err().map(|e| e.code()), Some(domain::ErrorCode::OrgDissolved));

        let (_, history) = send(&app, &county, reqwest::Method::GET, &format!("/api/v1/orgs/{new_branch}/history"), Value::Null).await;
        let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["org.dissolve", "org.rename", "org.create"]);

        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn moving_a_thousand_organizations_rewrites_every_path(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let county = login_cookie(&app, "13800000000").await;
        let (_, committee, _, other) = places(&app).await;
        // A general branch with 111 branches, each with 8 party groups: 1,000 organizations.
        let (status, body) = create(&app, &county, committee, "测试党总支", "general_branch").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let top = body["id"].as_i64().unwrap();
        for b in 0..111 {
            let (status, body) = create(&app, &county, top, &format!("测试第{b}党支部"), "branch").await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let branch = body["id"].as_i64().unwrap();
            for g in 0..8 {
                let (status, body) = create(&app, &county, branch, &format!("测试第{b}支部第{g}党小组"), "party_group").await;
                assert_eq!(status, StatusCode::CREATED, "{body}");
            }
        }
        // A notice addressed to one of its branches goes where the branch goes.
        let county_actor = {
            let id = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000000").await;
            server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap()).await.unwrap()
        };
        let last_branch = scalar_i64(&app, "SELECT id FROM organizations WHERE name = $1", "测试第110党支部").await;
        let notice = server::notices::post(&app.db, &county_actor, domain::OrgId::new(last_branch).unwrap(), "换届通知", "请按期换届。").await.unwrap();
        let old_top = path_of(&app, top).await;
        let (status, body) = move_to(&app, &county, top, other).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let new_top = format!("{}{top}/", path_of(&app, other).await);
        assert_eq!(path_of(&app, top).await, new_top);
        #[derive(sqlx::FromRow)]
        struct Row { id: i64, parent_id: i64, path: String, depth: i64, parent_path: String, parent_depth: i64 }
        let rows: Vec<Row> = server::with_pool!(&app.db, pool => {
            sqlx::query_as(
                "SELECT o.id, o.parent_id, o.path, o.depth, p.path AS parent_path, p.depth AS parent_depth \
                 FROM organizations o JOIN organizations p ON p.id = o.parent_id WHERE o.path LIKE $1",
            )
            .bind(format!("{new_top}%"))
            .fetch_all(pool)
            .await
            .unwrap()
        });
        assert_eq!(rows.len(), 1_000);
        for r in &rows {
            assert_eq!(r.path, format!("{}{}/", r.parent_path, r.id), "org {} under {}", r.id, r.parent_id);
            assert_eq!(r.depth, r.parent_depth + 1, "org {}", r.id);
        }
        let left = scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE path LIKE $1", &format!("{old_top}%")).await;
        assert_eq!(left, 0);
        let audience: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT audience_path FROM notices WHERE id = $1").bind(notice).fetch_one(pool).await.unwrap()
        });
        assert_eq!(audience, path_of(&app, last_branch).await);
        // One event for the move, one for each organization that followed.
        let follows = scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "org.follow").await;
        assert_eq!(follows, 999);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn a_team_is_filled_from_its_own_members_and_the_secretary_role_follows(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let committee_admin = login_cookie(&app, "13800000001").await;
        let secretary = login_cookie(&app, "13800000002").await;
        let flowing_secretary = login_cookie(&app, "13800000006").await;
        let (_, _, village, _) = places(&app).await;
        let plain = |org: i64| {
            let app = &app;
            async move {
                scalar_i64(app, "SELECT MIN(id) FROM members WHERE org_id = CAST($1 AS BIGINT) \
                    AND id NOT IN (SELECT member_id FROM accounts WHERE mobile LIKE '1380000000%') \
                    AND id NOT IN (SELECT member_id FROM leadership) AND status = 'full'", &org.to_string()).await
            }
        };
        let newcomer = plain(village).await;
        let flowing = scalar_i64(&app, "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1", "13800000004").await;
        let stranger = plain(flowing).await;
        let holder = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000002").await;
        let appoint = |member: i64, position: &'static str, grant: bool, cookie: String| {
            let app = &app;
            async move {
                send(app, &cookie, reqwest::Method::POST, &format!("/api/v1/orgs/{village}/leaders"),
                    json!({ "member_id": member, "position": position, "since": "2026-11-20", "grant_role": grant })).await
            }
        };
        // The seat is held: the secretary is the demo branch's 书记.
        let (status, body) = appoint(newcomer, "书记", true, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "position_taken"));
        let (status, body) = appoint(stranger, "委员", false, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "not_own_member"));
        // A probationary member may not be elected (made one for the check, outside the app).
        let probationer = scalar_i64(&app, "SELECT MAX(id) FROM members WHERE org_id = CAST($1 AS BIGINT) \
            AND id NOT IN (SELECT member_id FROM leadership) AND status = 'full'", &village.to_string()).await;
        assert_ne!(probationer, newcomer);
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE members SET status = 'probationary' WHERE id = $1").bind(probationer).execute(pool).await.unwrap();
        });
        let (status, body) = appoint(probationer, "委员", false, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "probationary_not_eligible"));
        // Put back as it was: the trail's seal over the imported rows is checked below.
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE members SET status = 'full' WHERE id = $1").bind(probationer).execute(pool).await.unwrap();
        });
        let (status, body) = appoint(newcomer, "主任", false, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_position"));
        // Teams are set from above: not by the branch itself, nor by another branch.
        let (status, body) = appoint(newcomer, "委员", false, secretary.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        let (status, body) = appoint(newcomer, "委员", false, flowing_secretary.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));

        // 免职 with the role: the revocation ends the secretary's sessions, and signed in again
        // they are a member who may not list the branch.
        let (status, body) = send(&app, &committee_admin, reqwest::Method::POST, &format!("/api/v1/orgs/{village}/leaders/remove"),
            json!({ "member_id": holder, "position": "书记", "revoke_role": true })).await;
        assert_eq!((status, body["role"].as_str()), (StatusCode::OK, Some("revoked")), "{body}");
        let (status, _) = send(&app, &secretary, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/members?per_page=1"), Value::Null).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let secretary = login_cookie(&app, "13800000002").await;
        let (status, _) = send(&app, &secretary, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/members?per_page=1"), Value::Null).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // 任职 with the role: the new secretary holds the branch's admin role.
        let (status, body) = appoint(newcomer, "书记", true, committee_admin.clone()).await;
        assert_eq!((status, body["role"].as_str()), (StatusCode::CREATED, Some("granted")), "{body}");
        let account = scalar_i64(&app, "SELECT id FROM accounts WHERE member_id = CAST($1 AS BIGINT)", &newcomer.to_string()).await;
        let held = server::roles::held(&app.db, domain::AccountId::new(account).unwrap()).await.unwrap();
        assert!(held.iter().any(|r| r.role == domain::Role::BranchAdmin && r.scope_org_id.get() == village), "{held:?}");
        // Several 委员, but each seat once per person.
        let (status, _) = appoint(holder, "委员", false, committee_admin.clone()).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = appoint(holder, "委员", false, committee_admin.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "position_taken"));

        // The team as the page shows it, and its history by name.
        let (_, info) = send(&app, &committee_admin, reqwest::Method::GET, &format!("/api/v1/orgs/{village}"), Value::Null).await;
        let secretaries: Vec<i64> = info["leadership"].as_array().unwrap().iter()
            .filter(|l| l["position"] == "书记").map(|l| l["member_id"].as_i64().unwrap()).collect();
        assert_eq!(secretaries, [newcomer]);
        let (_, history) = send(&app, &committee_admin, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/history"), Value::Null).await;
        let steps: Vec<(String, String)> = history.as_array().unwrap().iter()
            .map(|e| (e["action"].as_str().unwrap().to_string(), e["changes"][0]["label"].as_str().unwrap_or_default().to_string()))
            .collect();
        assert_eq!(&steps[..3], [
            ("leader.appoint".to_string(), "委员".to_string()),
            ("leader.appoint".to_string(), "书记".to_string()),
            ("leader.remove".to_string(), "书记".to_string()),
        ]);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}

/// 合并: the village branch merged into a new one.
mod merging {
    use super::*;

    async fn merge(app: &TestApp, cookie: &str, from: i64, into: i64) -> (StatusCode, Value) {
        send(
            app,
            cookie,
            reqwest::Method::POST,
            &format!("/api/v1/orgs/{from}/merge"),
            json!({ "into": into }),
        )
        .await
    }

    async fn count_sql(app: &TestApp, sql: &'static str, id: i64) -> i64 {
        scalar_i64(app, sql, &id.to_string()).await
    }

    on_both_engines! {
        async fn two_branches_merge_from_above_the_members_move_and_the_history_stays(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
            let county = login_cookie(&app, "13800000000").await;
            let committee_admin = login_cookie(&app, "13800000001").await;
            let secretary = login_cookie(&app, "13800000002").await;
            let (_, committee, village, other) = places(&app).await;
            let (status, body) = create(&app, &committee_admin, committee, "城东社区联合党支部", "branch").await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let joint = body["id"].as_i64().unwrap();
            let members_of = "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT)";
            let moving = count_sql(&app, members_of, village).await;
            assert!(moving > 5);
            let points_of = "SELECT CAST(COALESCE(SUM(p.points), 0) AS BIGINT) FROM points_ledger p JOIN members m ON m.id = p.member_id WHERE m.org_id = CAST($1 AS BIGINT)";
            let points = count_sql(&app, points_of, village).await;

            // Refusals, each with its code, nothing moved.
            let flowing = scalar_i64(&app, "SELECT MIN(id) FROM organizations WHERE kind = $1", "flowing_branch").await;
            let elsewhere = scalar_i64(&app, "SELECT MIN(id) FROM organizations WHERE kind = 'branch' AND path LIKE (SELECT path FROM organizations WHERE id = CAST($1 AS BIGINT)) || '%'", &other.to_string()).await;
            let (status, body) = merge(&app, &committee_admin, village, village).await;
            assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_merge_self"));
            let (status, body) = merge(&app, &county, village, flowing).await;
            assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_merge_kinds"));
            let (status, body) = merge(&app, &county, committee, other).await;
            assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "org_merge_kinds"));
            let (status, body) = merge(&app, &committee_admin, village, elsewhere).await;
            assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"), "a branch outside its subtree");
            let (status, body) = merge(&app, &secretary, village, joint).await;
            assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
            // A party group inside keeps it whole until it is dissolved.
            let (status, body) = create(&app, &committee_admin, village, "城东测试党小组", "party_group").await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let (status, body) = merge(&app, &committee_admin, village, joint).await;
            assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_merge_groups"));
            assert!(body["error"]["message"].as_str().unwrap().contains("城东测试党小组"), "{body}");
            assert_eq!(count_sql(&app, members_of, village).await, moving);
            let groups: Vec<i64> = server::with_pool!(&app.db, pool => {
                sqlx::query_scalar("SELECT id FROM organizations WHERE parent_id = $1").bind(village).fetch_all(pool).await.unwrap()
            });
            for group in groups {
                let (status, body) = send(&app, &committee_admin, reqwest::Method::POST, &format!("/api/v1/orgs/{group}/dissolve"), Value::Null).await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }

            // Merged: every member moved with their points, the branch dissolved, each step recorded.
            let (status, body) = merge(&app, &committee_admin, village, joint).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!((body["members"].as_i64(), body["into"]["id"].as_i64()), (Some(moving), Some(joint)));
            assert_eq!(count_sql(&app, members_of, village).await, 0);
            assert_eq!(count_sql(&app, members_of, joint).await, moving);
            assert_eq!(count_sql(&app, points_of, joint).await, points);
            let events = count_sql(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'member.merge' AND org_id = CAST($1 AS BIGINT)", joint).await;
            assert_eq!(events, moving);
            let (_, history) = send(&app, &county, reqwest::Method::GET, &format!("/api/v1/orgs/{village}/history"), Value::Null).await;
            assert_eq!(history[0]["action"], "org.merge", "{history}");
            let (status, body) = merge(&app, &committee_admin, village, joint).await;
            assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "org_dissolved"));
            // Their accounts follow them; the secretary's role there ended with the branch; the
            // boards count everyone in the branch that remains; unpaid bills moved along.
            let scope_of = |mobile: &'static str| scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", mobile);
            assert_eq!(scope_of("13800000003").await, joint);
            assert_eq!(scope_of("13800000002").await, joint);
            let admin_roles = "SELECT (SELECT COUNT(*) FROM accounts WHERE mobile = $1 AND role <> 'member') \
                 + (SELECT COUNT(*) FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.mobile = $1)";
            assert_eq!(scalar_i64(&app, admin_roles, "13800000002").await, 0);
            assert_eq!(count_sql(&app, "SELECT COALESCE(MAX(members), 0) FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", joint).await, moving);
            assert_eq!(count_sql(&app, "SELECT COUNT(*) FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", village).await, 0);
            assert_eq!(count_sql(&app, "SELECT COUNT(*) FROM dues_bills WHERE paid_at IS NULL AND org_id = CAST($1 AS BIGINT)", village).await, 0);
            // The members sign in as before and find their new branch.
            let member = login_cookie(&app, "13800000003").await;
            let (_, me) = send(&app, &member, reqwest::Method::GET, "/api/v1/session/roles", Value::Null).await;
            assert!(!me.is_null());
            let id = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
            let (status, file) = send(&app, &member, reqwest::Method::GET, &format!("/api/v1/members/{id}"), Value::Null).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(file["org_id"].as_i64(), Some(joint), "{file}");

            let report = server::trail::verify(&app.db).await.unwrap();
            assert!(report.is_intact(), "{report}");
        }
    }
}
