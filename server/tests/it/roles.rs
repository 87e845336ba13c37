//! Roles come from above and leave at once: who may grant which role where, one account
//! acting in several roles one session at a time, and a revoked role refused at the next
//! request (docs/operations.md#roles). The server refuses; no page is involved.

use reqwest::StatusCode;
use serde_json::{json, Value};
use server::seed::DemoPlan;

use crate::common::{self, login_cookie, scalar_i64, TestApp};

async fn call(app: &TestApp, cookie: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let request = match body {
        Some(b) => app.client.post(app.url(path)).json(&b),
        None => app.client.get(app.url(path)),
    };
    let r = request.header("cookie", cookie).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn at(role: &str, org: i64) -> Option<Value> {
    Some(json!({ "role": role, "scope_org_id": org }))
}

async fn account_of(app: &TestApp, mobile: &str) -> i64 {
    scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await
}

async fn events(app: &TestApp, action: &str) -> i64 {
    scalar_i64(
        app,
        "SELECT COUNT(*) FROM audit_events WHERE action = $1",
        action,
    )
    .await
}

on_both_engines! {
    async fn roles_are_granted_from_above_switched_per_session_and_gone_when_revoked(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = login_cookie(&app, "13800000000").await;
        let committee = login_cookie(&app, "13800000001").await;
        let secretary = login_cookie(&app, "13800000002").await;
        let member = account_of(&app, "13800000003").await;
        let branch = scalar_i64(&app, "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1", "13800000003").await;
        let committee_org = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000001").await;
        let below_committee = scalar_i64(&app, "SELECT COUNT(*) FROM organizations b, organizations c, accounts a \
            WHERE a.mobile = $1 AND c.id = a.scope_org_id AND b.id = (SELECT m.org_id FROM accounts x JOIN members m ON m.id = x.member_id WHERE x.mobile = '13800000003') \
            AND b.path LIKE c.path || '%' AND b.id <> c.id", "13800000001").await;
        assert_eq!(below_committee, 1, "the demo member's branch lies below the demo committee");
        let outside = scalar_i64(&app, "SELECT MIN(o.id) FROM organizations o, organizations c, accounts a \
            WHERE a.mobile = $1 AND c.id = a.scope_org_id AND o.kind = 'branch' AND o.path NOT LIKE c.path || '%'", "13800000001").await;
        let roster = format!("/api/v1/orgs/{branch}/members");
        let grant = format!("/api/v1/accounts/{member}/roles");
        let revoke = format!("/api/v1/accounts/{member}/roles/revoke");

        // A branch admin grants nothing; a committee admin grants no committee or county role,
        // and nothing outside its subtree; a role must fit its organization.
        for (who, role, org) in [
            (&secretary, "branch_admin", branch),
            (&committee, "county_admin", 1),
            (&committee, "auditor", 1),
            (&committee, "committee_admin", committee_org),
            (&committee, "branch_admin", outside),
            (&committee, "branch_admin", committee_org),
        ] {
            let (status, body) = call(&app, who, &grant, at(role, org)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} at {org}: {body}");
        }
        let (status, body) = call(&app, &county, &grant, at("branch_admin", committee_org)).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("role_scope_mismatch")), "{body}");
        let (status, body) = call(&app, &county, &grant, at("member", branch)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(events(&app, "role.grant").await, 0, "no refused grant was written");

        // The member, signed in as a member, may not read the branch's roster.
        let member_session = login_cookie(&app, "13800000003").await;
        assert_eq!(call(&app, &member_session, &roster, None).await.0, StatusCode::FORBIDDEN);

        // The committee makes the member the branch's admin; the same grant twice is refused.
        let (status, body) = call(&app, &committee, &grant, at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["roles"].as_array().unwrap().len(), 2, "{body}");
        let (status, _) = call(&app, &committee, &grant, at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(events(&app, "role.grant").await, 1);

        // A session already open keeps acting as a member until it switches; a new sign-in
        // starts in the widest role.
        assert_eq!(call(&app, &member_session, &roster, None).await.0, StatusCode::FORBIDDEN);
        let fresh = login_cookie(&app, "13800000003").await;
        let (_, mine) = call(&app, &fresh, "/api/v1/session/roles", None).await;
        assert_eq!(mine["active"]["role"], "branch_admin", "{mine}");
        assert_eq!(call(&app, &fresh, &roster, None).await.0, StatusCode::OK);
        // Switching is per session and only to a role held.
        let (status, _) = call(&app, &fresh, "/api/v1/session/role", at("member", branch)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(call(&app, &fresh, &roster, None).await.0, StatusCode::FORBIDDEN);
        let (status, _) = call(&app, &member_session, "/api/v1/session/role", at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(call(&app, &member_session, &roster, None).await.0, StatusCode::OK);
        let (status, _) = call(&app, &member_session, "/api/v1/session/role", at("county_admin", 1)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a role not held");

        // Revoked: the very next request of every session of the account is refused.
        let (status, body) = call(&app, &secretary, &revoke, at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a branch admin revokes nothing: {body}");
        let (status, body) = call(&app, &committee, &revoke, at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["roles"].as_array().unwrap().len(), 1, "{body}");
        assert_eq!(call(&app, &member_session, &roster, None).await.0, StatusCode::UNAUTHORIZED);
        let again = login_cookie(&app, "13800000003").await;
        assert_eq!(call(&app, &again, &roster, None).await.0, StatusCode::FORBIDDEN);
        assert_eq!(events(&app, "role.revoke").await, 1);

        // An account's own administrator role goes back to "member" at the member's branch;
        // an account with no member file keeps its only role.
        let secretary_id = account_of(&app, "13800000002").await;
        let (status, body) = call(&app, &county, &format!("/api/v1/accounts/{secretary_id}/roles/revoke"), at("branch_admin", branch)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(call(&app, &secretary, &roster, None).await.0, StatusCode::UNAUTHORIZED);
        let secretary = login_cookie(&app, "13800000002").await;
        assert_eq!(call(&app, &secretary, &roster, None).await.0, StatusCode::FORBIDDEN);
        server::with_pool!(&app.db, pool => {
            sqlx::query("INSERT INTO accounts (member_id, mobile, display_name, password_hash, role, scope_org_id, \
                         must_change_password, created_at) VALUES (NULL, '13900000005', '审计员', 'x', 'auditor', 1, 1, '2026-01-01')")
                .execute(pool).await.unwrap();
        });
        let auditor = account_of(&app, "13900000005").await;
        let (status, body) = call(&app, &county, &format!("/api/v1/accounts/{auditor}/roles/revoke"), at("auditor", 1)).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("last_role")), "{body}");

        // The county hands out county roles.
        let (status, body) = call(&app, &county, &grant, at("auditor", 1)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(events(&app, "role.revoke").await, 2);
    }
}
