//! 预备党员转正 and 党籍状态 over real HTTP on both engines: the branch proposes, the committee
//! approves, extends or revokes; a member suspended, restored or gone stops counting on the
//! boards, in the counts, bills and reminders, and keeps their history.

use crate::common;

use common::{error_code as code, exec, login_cookie, scalar_i64, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::seed::DemoPlan;

async fn post(app: &TestApp, cookie: &str, path: &str, body: Value) -> (StatusCode, Value) {
    common::send_json(app, cookie, Method::POST, path, body).await
}

async fn text(app: &TestApp, sql: &str, bind: i64) -> Option<String> {
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar::<_, Option<String>>(sql).bind(bind).fetch_one(pool).await.unwrap()
    })
}

/// The village branch (the secretary's), its committee admin's account, and `n` plain members
/// of the branch (no demo login), made probationary since `joined_on`.
async fn probationers(app: &TestApp, n: i64, joined_on: &str) -> (i64, Vec<i64>) {
    let branch = scalar_i64(
        app,
        "SELECT scope_org_id FROM accounts WHERE mobile = $1",
        "13800000002",
    )
    .await;
    let ids: Vec<i64> = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM members WHERE org_id = $1 AND id NOT IN \
             (SELECT member_id FROM accounts WHERE mobile LIKE '1380000000%' AND member_id IS NOT NULL) \
             ORDER BY id LIMIT $2",
        )
        .bind(branch)
        .bind(n)
        .fetch_all(pool)
        .await
        .unwrap()
    });
    assert_eq!(ids.len() as i64, n);
    // Through the file's edit, so the record trail still verifies.
    let county = login_cookie(app, "13800000000").await;
    for id in &ids {
        let r = app
            .client
            .patch(app.url(&format!("/api/v1/members/{id}")))
            .header("cookie", &county)
            .json(&json!({ "status": "probationary", "full_on": "", "joined_on": joined_on }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
    (branch, ids)
}

fn days_ago(n: i64) -> String {
    server::clock::today_china()
        .add_days(-n)
        .unwrap()
        .to_string()
}

on_both_engines! {
    async fn the_branch_proposes_and_the_committee_decides(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let (branch, ids) = probationers(&app, 4, &days_ago(400)).await;
        let (approved, extended, revoked, suspended) = (ids[0], ids[1], ids[2], ids[3]);
        let ends = server::clock::today_china().add_days(-400).unwrap().add_months(12).unwrap();
        let voters = scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE org_id = CAST($1 AS BIGINT) AND status = 'full'", &branch.to_string()).await;
        let secretary = login_cookie(&app, "13800000002").await;
        let committee = login_cookie(&app, "13800000001").await;
        let committee_account = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000001").await;
        let today = server::clock::today_china().to_string();
        let vote = |meeting_on: &str, entitled: i64, yes: i64| json!({
            "meeting_on": meeting_on, "entitled": entitled, "in_favour": yes, "against": 0, "abstaining": 0
        });
        let propose = |id: i64| format!("/api/v1/members/{id}/conversions");

        // The branch files after its assembly, with a vote that could have happened.
        let before_end = ends.add_days(-1).unwrap().to_string();
        let (s, v) = post(&app, &secretary, &propose(approved), vote(&before_end, voters, voters)).await;
        assert_eq!((s, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "conversion_too_early"), "{v}");
        let (s, v) = post(&app, &secretary, &propose(approved), vote(&today, voters + 1, voters)).await;
        assert_eq!((s, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "conversion_vote_invalid"), "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains(&format!("在册正式党员 {voters} 名")), "{v}");
        let (_, v) = post(&app, &secretary, &propose(approved), vote(&today, voters, voters / 2)).await;
        assert_eq!(code(&v), "conversion_no_quorum", "{v}");
        let (s, v) = post(&app, &secretary, &propose(approved), vote(&today, voters, voters)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let first = v["id"].as_i64().unwrap();
        assert_eq!(v["state"], "proposed");
        let (s, v) = post(&app, &secretary, &propose(approved), vote(&today, voters, voters)).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "conversion_open"));
        // The branch does not make a member full by editing the file.
        let r = app.client.patch(app.url(&format!("/api/v1/members/{approved}"))).header("cookie", &secretary)
            .json(&json!({ "status": "full", "full_on": today })).send().await.unwrap();
        let refused: Value = r.json().await.unwrap();
        assert_eq!(code(&refused), "not_permitted_for_role", "{refused}");
        // A full member is not proposed (another than the secretary: nobody proposes themselves).
        let full = scalar_i64(&app, "SELECT MIN(id) FROM members WHERE org_id = CAST($1 AS BIGINT) AND status = 'full' \
            AND id NOT IN (SELECT member_id FROM accounts WHERE mobile = '13800000002')", &branch.to_string()).await;
        let (_, v) = post(&app, &secretary, &propose(full), vote(&today, voters, voters)).await;
        assert_eq!(code(&v), "not_probationary");
        // The committee above hears of it.
        let told = scalar_i64(&app, "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) AND title = '转正申请待审批'", &committee_account.to_string()).await;
        assert_eq!(told, 1);
        // And finds it on its home page; the branch does not (it does not decide).
        let committee_actor = server::access::Actor::from_account(&app.db, domain::AccountId::new(committee_account).unwrap()).await.unwrap();
        let todo = server::notices::todo(&app.db, &committee_actor, server::clock::today_china()).await.unwrap();
        assert_eq!(todo.conversions.iter().map(|c| c.member_id).collect::<Vec<_>>(), [approved]);
        let secretary_actor = server::access::Actor::from_account(&app.db, domain::AccountId::new(scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000002").await).unwrap()).await.unwrap();
        assert!(server::notices::todo(&app.db, &secretary_actor, server::clock::today_china()).await.unwrap().conversions.is_empty());

        // The branch does not decide its own proposal; the committee does, once.
        let decide = |id: i64, c: i64| format!("/api/v1/members/{id}/conversions/{c}/decision");
        let (s, _) = post(&app, &secretary, &decide(approved, first), json!({ "decision": "approve" })).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = post(&app, &committee, &decide(approved, first), json!({ "decision": "approve" })).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "approved");
        assert!(server::notices::todo(&app.db, &committee_actor, server::clock::today_china()).await.unwrap().conversions.is_empty());
        let (status, full_on) = server::with_pool!(&app.db, pool => {
            sqlx::query_as::<_, (String, Option<String>)>("SELECT status, full_on FROM members WHERE id = $1").bind(approved).fetch_one(pool).await.unwrap()
        });
        assert_eq!((status.as_str(), full_on), ("full", Some(ends.to_string())), "full from the day the probation ended");
        let (s, v) = post(&app, &committee, &decide(approved, first), json!({ "decision": "revoke", "note": "x" })).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "already_decided"));

        // A vote that did not carry is not approved; the probation is extended once.
        let (_, v) = post(&app, &secretary, &propose(extended), vote(&today, voters, voters)).await;
        let second = v["id"].as_i64().unwrap_or_else(|| panic!("{v}"));
        exec(&app, &format!("UPDATE conversions SET in_favour = 0, against = entitled WHERE id = {second}")).await;
        let (_, v) = post(&app, &committee, &decide(extended, second), json!({ "decision": "approve" })).await;
        assert_eq!(code(&v), "conversion_vote_failed", "{v}");
        let (_, v) = post(&app, &committee, &decide(extended, second), json!({ "decision": "extend", "months": 13 })).await;
        assert_eq!(code(&v), "invalid_probation_extension", "{v}");
        let (s, v) = post(&app, &committee, &decide(extended, second), json!({ "decision": "extend", "months": 6 })).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(scalar_i64(&app, "SELECT probation_extension_months FROM members WHERE id = CAST($1 AS BIGINT)", &extended.to_string()).await, 6);
        // The new end lies ahead: the branch may not meet on it yet.
        let (_, v) = post(&app, &secretary, &propose(extended), vote(&today, voters, voters)).await;
        assert_eq!(code(&v), "conversion_too_early", "{v}");
        let secretary_account = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000002").await;
        let told = text(&app, "SELECT MAX(body) FROM notifications WHERE title = '延长预备期' AND account_id = $1", secretary_account).await;
        assert!(told.unwrap().contains("延长 6 个月"), "the branch is told");

        // Revoking takes a reason and takes the member off the rolls and the board.
        let counted = scalar_i64(&app, "SELECT members FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await;
        let (_, v) = post(&app, &secretary, &propose(revoked), vote(&today, voters, voters)).await;
        let third = v["id"].as_i64().unwrap_or_else(|| panic!("{v}"));
        let (s, v) = post(&app, &committee, &decide(revoked, third), json!({ "decision": "revoke" })).await;
        assert_eq!((s, code(&v)), (StatusCode::BAD_REQUEST, "bad_request"), "{v}");
        let (s, v) = post(&app, &committee, &decide(revoked, third), json!({ "decision": "revoke", "note": "预备期间严重违纪" })).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(text(&app, "SELECT standing FROM members WHERE id = $1", revoked).await.unwrap(), "revoked");
        assert_eq!(scalar_i64(&app, "SELECT disabled FROM accounts WHERE member_id = CAST($1 AS BIGINT)", &revoked.to_string()).await, 1, "no more sign-in");
        assert_eq!(scalar_i64(&app, "SELECT members FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await, counted - 1);
        let year = server::clock::today_china().year();
        let board = server::rankings::branch_members(&app.db, domain::OrgId::new(branch).unwrap(), year).await.unwrap();
        assert!(board.iter().all(|s| s.member_id.get() != revoked));
        assert_eq!(board.len() as i64, counted - 1);
        // The file keeps its proposals, and says who may do what next.
        let (s, v) = post(&app, &secretary, &propose(revoked), vote(&today, voters, voters)).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "member_has_left"), "{v}");

        // Suspended while a proposal is open: it closes undecided, and nobody decides it later.
        let (_, v) = post(&app, &secretary, &propose(suspended), vote(&today, voters, voters)).await;
        let fourth = v["id"].as_i64().unwrap_or_else(|| panic!("{v}"));
        let standing = format!("/api/v1/members/{suspended}/standing");
        let (s, v) = post(&app, &committee, &standing, json!({ "change": "suspend", "on": today, "reason": "党纪处分：留党察看" })).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(text(&app, "SELECT state FROM conversions WHERE id = $1", fourth).await.unwrap(), "withdrawn");
        let (s, v) = post(&app, &committee, &decide(suspended, fourth), json!({ "decision": "approve" })).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "already_decided"), "{v}");
        let withdrawn = scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'conversion.withdraw' AND entity_id = $1", &fourth.to_string()).await;
        assert_eq!(withdrawn, 1);
        // The committee, told of the proposal, hears it has nothing to decide.
        let told = scalar_i64(&app, "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) AND title = '转正申请已撤回'", &committee_account.to_string()).await;
        assert_eq!(told, 1);

        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn the_probation_reminder_stops_once_the_branch_proposes(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let (_, ids) = probationers(&app, 1, &days_ago(370)).await;
        let sql = "SELECT COUNT(*) FROM notifications WHERE title = '预备党员转正提醒' AND link LIKE $1";
        let link = format!("/members/{}#%", ids[0]);
        exec(&app, "DELETE FROM job_runs").await;
        let today = server::clock::today_china();
        server::reminders::run_daily(&app.db, today).await.unwrap();
        assert!(scalar_i64(&app, sql, &link).await >= 1, "the branch is reminded");
        let voters = scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE org_id = (SELECT org_id FROM members WHERE id = CAST($1 AS BIGINT)) AND status = 'full'", &ids[0].to_string()).await;
        let secretary = login_cookie(&app, "13800000002").await;
        let (s, v) = post(&app, &secretary, &format!("/api/v1/members/{}/conversions", ids[0]), json!({
            "meeting_on": today.to_string(), "entitled": voters, "in_favour": voters, "against": 0, "abstaining": 0
        })).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // Without its first message the overdue reminder would come again; not once the
        // proposal is filed.
        exec(&app, "DELETE FROM notifications").await;
        exec(&app, "DELETE FROM job_runs").await;
        server::reminders::run_daily(&app.db, today.add_days(1).unwrap()).await.unwrap();
        assert_eq!(scalar_i64(&app, sql, &link).await, 0);
    }

    async fn members_who_leave_count_nowhere_and_keep_their_history(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let committee = login_cookie(&app, "13800000001").await;
        let secretary = login_cookie(&app, "13800000002").await;
        let member = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", "13800000003").await;
        let branch = scalar_i64(&app, "SELECT org_id FROM members WHERE id = CAST($1 AS BIGINT)", &member.to_string()).await;
        let counted = || async { scalar_i64(&app, "SELECT members FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await };
        let before = counted().await;
        let today = server::clock::today_china().to_string();
        let path = format!("/api/v1/members/{member}/standing");
        let change = |c: &str, reason: &str| json!({ "change": c, "on": today, "reason": reason });

        // Decided above the branch.
        let (s, _) = post(&app, &secretary, &path, change("suspend", "停止党籍一年")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, v) = post(&app, &committee, &path, change("restore", "x")).await;
        assert_eq!(code(&v), "invalid_standing_change");
        let (_, v) = post(&app, &committee, &path, change("lapse", "不交党费")).await;
        assert_eq!(code(&v), "lapse_needs_arrears", "no six months of arrears on file");
        // Six months unpaid (the demo's members ≡ 11 mod 97 never paid here), no good reason on
        // file: 自行脱党 is recorded, as the dues records say when it is.
        let lapsing = scalar_i64(&app, "SELECT MIN(id) FROM members WHERE id % 97 = 11 AND standing = $1", "active").await;
        let (s, v) = post(&app, &county, &format!("/api/v1/members/{lapsing}/standing"), change("lapse", "连续六个月不交党费")).await;
        assert_eq!((s, v["standing"].as_str()), (StatusCode::OK, Some("lapsed")), "{v}");
        let (_, v) = post(&app, &committee, &path, json!({ "change": "suspend", "on": "2999-01-01", "reason": "x" })).await;
        assert_eq!(code(&v), "invalid_date");
        let (_, v) = post(&app, &committee, &path, json!({ "change": "suspend", "on": today, "reason": " " })).await;
        assert_eq!(code(&v), "invalid_text");

        // Suspended: off the board and the counts, back when restored.
        let (s, v) = post(&app, &committee, &path, change("suspend", "党纪处分：留党察看期间")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["standing"], "suspended");
        assert_eq!(counted().await, before - 1);
        let year = server::clock::today_china().year();
        let board = server::rankings::branch_members(&app.db, domain::OrgId::new(branch).unwrap(), year).await.unwrap();
        assert!(board.iter().all(|s| s.member_id.get() != member));
        let month = domain::YearMonth::of(server::clock::today_china()).add_months(1).unwrap();
        exec(&app, &format!("DELETE FROM dues_payment_bills WHERE bill_id IN (SELECT id FROM dues_bills WHERE member_id = {member})")).await;
        exec(&app, &format!("DELETE FROM dues_bills WHERE member_id = {member}")).await;
        server::dues::bills::issue_month(&app.db, month, Some(domain::MemberId::new(member).unwrap())).await.unwrap();
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM dues_bills WHERE member_id = CAST($1 AS BIGINT)", &member.to_string()).await, 0, "no bill while suspended");
        let (s, v) = post(&app, &committee, &path, change("restore", "处分期满")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(counted().await, before);

        // Deceased: final, the account stops, the file is read only, the history stays.
        let (s, v) = post(&app, &committee, &format!("/api/v1/orgs/{branch}/leaders"), json!({ "member_id": member, "position": "委员", "since": "2024-01-01" })).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let own = login_cookie(&app, "13800000003").await;
        let (s, v) = post(&app, &county, &path, change("decease", "因病逝世")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(counted().await, before - 1);
        assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM leadership WHERE member_id = CAST($1 AS BIGINT)", &member.to_string()).await, 0);
        let r = app.client.get(app.url(&format!("/api/v1/members/{member}"))).header("cookie", &own).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "their sessions ended");
        let (s, v) = post(&app, &county, &path, change("restore", "x")).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "member_has_left"));
        let account = scalar_i64(&app, "SELECT id FROM accounts WHERE member_id = CAST($1 AS BIGINT)", &member.to_string()).await;
        let (s, v) = post(&app, &county, &format!("/api/v1/accounts/{account}/enable"), json!({})).await;
        assert_eq!((s, code(&v)), (StatusCode::CONFLICT, "member_has_left"), "the account stays closed");
        let r = app.client.patch(app.url(&format!("/api/v1/members/{member}"))).header("cookie", &county).json(&json!({ "job": "x" })).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let history: Value = app.client.get(app.url(&format!("/api/v1/members/{member}/history"))).header("cookie", &county).send().await.unwrap().json().await.unwrap();
        assert!(history.as_array().unwrap().len() >= 3, "{history}");
        // The rebuilt totals agree with the ones kept along the way.
        let kept = counted().await;
        server::rankings::rebuild_totals(&app.db).await.unwrap();
        assert_eq!(counted().await, kept);

        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}

/// The statement of the migration that closes proposals left open by earlier versions (before a
/// standing change withdrew them), for this engine.
fn withdraw_orphans(app: &TestApp) -> String {
    let engine = match app.db {
        server::storage::Db::Sqlite(_) => "sqlite",
        server::storage::Db::Postgres(_) => "postgres",
    };
    let path = format!(
        "{}/migrations/{engine}/0025_withdraw_orphaned_proposals.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let sql = std::fs::read_to_string(path).unwrap();
    let start = sql.find("UPDATE conversions").unwrap();
    sql[start..].trim().trim_end_matches(';').to_string()
}

on_both_engines! {
    async fn proposals_left_open_by_earlier_versions_are_withdrawn(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let (branch, ids) = probationers(&app, 2, &days_ago(400)).await;
        // As an earlier version left them: a proposal each, one member suspended meanwhile.
        for id in &ids {
            exec(&app, &format!(
                "INSERT INTO conversions (member_id, org_id, state, meeting_on, entitled, in_favour, against, abstaining, proposed_by, proposed_at) \
                 VALUES ({id}, {branch}, 'proposed', '2026-01-05', 9, 9, 0, 0, 1, '2026-01-05T02:00:00.000Z')"
            )).await;
        }
        exec(&app, &format!("UPDATE members SET standing = 'suspended' WHERE id = {}", ids[0])).await;
        exec(&app, &withdraw_orphans(&app)).await;
        let state = "SELECT state FROM conversions WHERE member_id = $1";
        assert_eq!(text(&app, state, ids[0]).await.unwrap(), "withdrawn");
        assert_eq!(text(&app, state, ids[1]).await.unwrap(), "proposed", "a member on the rolls keeps the proposal");
        let decided_at = text(&app, "SELECT decided_at FROM conversions WHERE member_id = $1", ids[0]).await.unwrap();
        assert!(decided_at.ends_with('Z') && decided_at.len() == 24, "{decided_at}");
    }
}
