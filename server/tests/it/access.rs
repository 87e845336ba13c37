//! The access matrix: every demo role × every action × targets inside and outside its scope,
//! over real HTTP on both engines. Expectations are written out here by hand (not computed by
//! `domain::access::permits`), so a wrong rule table fails this test.

use crate::common;

use std::collections::HashMap;

use common::{login_cookie, scalar_i64, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::seed::DemoPlan;

/// Named targets in the demo county.
struct Places {
    members: HashMap<&'static str, i64>,
    orgs: HashMap<&'static str, i64>,
}

async fn places(app: &TestApp) -> Places {
    let member_of = |mobile: &'static str| async move {
        scalar_i64(
            app,
            "SELECT member_id FROM accounts WHERE mobile = $1",
            mobile,
        )
        .await
    };
    let org_of = |mobile: &'static str| async move {
        scalar_i64(
            app,
            "SELECT m.org_id FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.mobile = $1",
            mobile,
        )
        .await
    };
    let village = org_of("13800000003").await;
    let flowing = org_of("13800000004").await;
    let committee = scalar_i64(
        app,
        "SELECT scope_org_id FROM accounts WHERE mobile = $1",
        "13800000001",
    )
    .await;
    let committee_path: String = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE id = $1").bind(committee).fetch_one(pool).await.unwrap()
    });
    let other_branch = scalar_i64(
        app,
        "SELECT MIN(o.id) FROM organizations o JOIN members m ON m.org_id = o.id \
         WHERE o.path LIKE $1 AND o.id <> (SELECT m2.org_id FROM accounts a JOIN members m2 ON m2.id = a.member_id WHERE a.mobile = '13800000003')",
        &format!("{committee_path}%"),
    )
    .await;
    let root = scalar_i64(
        app,
        "SELECT id FROM organizations WHERE parent_id IS NULL AND name <> $1",
        "",
    )
    .await;
    // Plain members without a demo login, so no one's "own file" is among them.
    let plain_member_of = |org: i64| async move {
        scalar_i64(
            app,
            "SELECT MIN(id) FROM members WHERE org_id = CAST($1 AS BIGINT) \
             AND id IN (SELECT member_id FROM accounts WHERE role = 'member' AND mobile NOT LIKE '1380000000%')",
            &org.to_string(),
        )
        .await
    };
    let members = HashMap::from([
        ("own_village_member", member_of("13800000003").await),
        ("village_other", plain_member_of(village).await),
        ("other_branch_member", plain_member_of(other_branch).await),
        ("flowing_other", plain_member_of(flowing).await),
    ]);
    let orgs = HashMap::from([
        ("village", village),
        ("other_branch", other_branch),
        ("committee", committee),
        ("flowing", flowing),
        ("root", root),
    ]);
    Places { members, orgs }
}

#[derive(Clone, Copy, Debug)]
enum Act {
    ViewFile,
    EditFile,
    History,
    ViewOrg,
    Roster,
    EditTerm,
    Trail,
    /// The roster as a workbook, masked.
    Export,
    /// The roster as a workbook, in full, with a reason.
    ExportUnmasked,
    /// End every session of a member's account (the least harmful of the account steps).
    SignOutAccount,
    /// The roles of a member's account.
    ListRoles,
    /// Make a plain member of the village branch admin of the target branch, then revoke it.
    GrantBranchAdmin,
    /// Start checking a workbook (a dry run of an import).
    Import,
    /// Create an organization under the target, of a kind the target may hold.
    CreateChild,
    /// Rename the target (to its own name: the permission is checked before anything else).
    Rename,
    /// Read the county's rules (`/admin/settings`): the points table, the lists, their history.
    Settings,
    /// Move the target under its own parent (a step that changes nothing once allowed).
    Move,
    /// Dissolve the target: every target still holds members or organizations, so an allowed
    /// actor is refused for that (or for the county root), never for who they are.
    Dissolve,
    /// Appoint to the target's team to a position that does not exist: an allowed actor is
    /// refused for the position.
    Appoint,
    /// Merge the target into itself: an allowed actor is refused for that.
    Merge,
    /// File a conversion proposal with no voters: an allowed actor is refused for the vote.
    ProposeConversion,
    /// Decide a proposal with a decision that does not exist: refused for the decision.
    DecideConversion,
    /// Restore a member on the rolls: an allowed actor is refused for the standing.
    ChangeStanding,
}

/// The expected outcome for each role, by hand. `own` is each actor's own file.
fn expected(actor: &str, act: Act, target: &str) -> bool {
    use Act::*;
    let member_target = matches!(
        act,
        ViewFile | EditFile | History | SignOutAccount | ListRoles | ProposeConversion
    );
    // Probations and standing are decided above the branch: the county anywhere, a committee
    // for the members below it (not its own office's, not itself).
    if matches!(act, DecideConversion | ChangeStanding) {
        return (actor == "county" && target != "own")
            || (actor == "committee"
                && ["own_village_member", "village_other", "other_branch_member"]
                    .contains(&target));
    }
    // Nobody manages their own account through these steps, raises their own record (the
    // matrix's edit is of training hours; only contact fields are one's own to change) or files
    // the vote on their own probation.
    if matches!(
        act,
        SignOutAccount | ListRoles | EditFile | ProposeConversion
    ) && target == "own"
    {
        return false;
    }
    // Importing is the county's alone.
    if matches!(act, Import | Settings) {
        return actor == "county";
    }
    // The tree is shaped from above: the county anywhere, a committee in its subtree (creating
    // under itself, renaming only below it).
    if matches!(
        act,
        CreateChild | Rename | Move | Dissolve | Appoint | Merge
    ) {
        return actor == "county"
            || (actor == "committee"
                && (["village", "other_branch"].contains(&target)
                    || (matches!(act, CreateChild) && target == "committee")));
    }
    // Roles come from above: the county anywhere, a committee for the branches below it.
    if matches!(act, GrantBranchAdmin) {
        return actor == "county" || (actor == "committee" && target != "flowing");
    }
    match actor {
        // Member: own file (not editable), own branch's public page, nothing else.
        "member" | "flowing_member" => {
            let own_branch = if actor == "member" {
                "village"
            } else {
                "flowing"
            };
            match act {
                ViewFile | History => target == "own",
                ViewOrg => target == own_branch,
                _ => false,
            }
        }
        "village_secretary" | "flowing_secretary" => {
            let (branch, other) = if actor == "village_secretary" {
                ("village", "village_other")
            } else {
                ("flowing", "flowing_other")
            };
            let own_people = target == "own"
                || target == other
                || (actor == "village_secretary" && target == "own_village_member");
            match act {
                ViewFile | EditFile | History | SignOutAccount | ListRoles | ProposeConversion => {
                    own_people
                }
                ViewOrg | Roster | Export | ExportUnmasked => target == branch,
                EditTerm | Trail | GrantBranchAdmin | Import | Settings | CreateChild | Rename
                | Move | Dissolve | Appoint | Merge | DecideConversion | ChangeStanding => false,
            }
        }
        "committee" => match act {
            _ if member_target => [
                "own",
                "own_village_member",
                "village_other",
                "other_branch_member",
            ]
            .contains(&target),
            ViewOrg | Roster | Export | ExportUnmasked => {
                ["village", "other_branch", "committee"].contains(&target)
            }
            EditTerm => ["village", "other_branch"].contains(&target),
            _ => false,
        },
        "county" => true,
        // The auditor lists masked, never in full.
        "auditor" => matches!(act, ViewFile | History | ViewOrg | Roster | Export | Trail),
        _ => unreachable!(),
    }
}

const ACTORS: [(&str, &str); 7] = [
    ("county", "13800000000"),
    ("committee", "13800000001"),
    ("village_secretary", "13800000002"),
    ("member", "13800000003"),
    ("flowing_member", "13800000004"),
    ("auditor", "13800000005"),
    ("flowing_secretary", "13800000006"),
];

async fn call(
    app: &TestApp,
    cookie: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = app.client.request(method, app.url(path));
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn request_for(act: Act, id: i64, n: usize) -> (Method, String, Option<Value>) {
    match act {
        Act::ViewFile => (Method::GET, format!("/api/v1/members/{id}"), None),
        Act::EditFile => (
            Method::PATCH,
            format!("/api/v1/members/{id}"),
            Some(json!({ "training_hours": n })),
        ),
        Act::History => (Method::GET, format!("/api/v1/members/{id}/history"), None),
        Act::ViewOrg => (Method::GET, format!("/api/v1/orgs/{id}"), None),
        Act::Roster => (
            Method::GET,
            format!("/api/v1/orgs/{id}/members?per_page=5"),
            None,
        ),
        Act::EditTerm => (
            Method::PUT,
            format!("/api/v1/orgs/{id}/term"),
            Some(
                json!({ "term_start": "2026-01-01", "term_end": format!("2031-01-{:02}", n % 28 + 1) }),
            ),
        ),
        Act::Trail => (Method::GET, "/api/v1/audit/events?limit=5".into(), None),
        Act::Export => (Method::GET, format!("/api/v1/orgs/{id}/members.xlsx"), None),
        Act::SignOutAccount => (
            Method::POST,
            format!("/api/v1/accounts/{id}/sign-out"),
            None,
        ),
        // The body is a workbook, sent as a form (see the loop).
        Act::Import => (Method::POST, "/api/v1/import/orgs?dry_run=1".into(), None),
        Act::ListRoles => (Method::GET, format!("/api/v1/accounts/{id}/roles"), None),
        Act::Settings => (Method::POST, "/api/settings".into(), None),
        // `id` is the branch; the account is the village member's (see the loop).
        Act::GrantBranchAdmin => (
            Method::POST,
            "/api/v1/accounts/{grantee}/roles".into(),
            Some(json!({ "role": "branch_admin", "scope_org_id": id })),
        ),
        Act::ExportUnmasked => (
            Method::GET,
            format!("/api/v1/orgs/{id}/members.xlsx?unmasked=1&reason=check{n}"),
            None,
        ),
        // The kind is the one the target may hold (see the loop).
        Act::CreateChild => (
            Method::POST,
            format!("/api/v1/orgs/{id}/children"),
            Some(json!({ "name": format!("矩阵测试组织{n}"), "kind": "{kind}" })),
        ),
        // The name is the target's own (see the loop).
        Act::Rename => (
            Method::PATCH,
            format!("/api/v1/orgs/{id}"),
            Some(json!({ "name": "{name}" })),
        ),
        // The parent is the target's own (see the loop).
        Act::Move => (
            Method::POST,
            format!("/api/v1/orgs/{id}/move"),
            Some(json!({ "parent_id": "{parent}" })),
        ),
        Act::Dissolve => (Method::POST, format!("/api/v1/orgs/{id}/dissolve"), None),
        Act::Merge => (
            Method::POST,
            format!("/api/v1/orgs/{id}/merge"),
            Some(json!({ "into": id })),
        ),
        Act::ProposeConversion => (
            Method::POST,
            format!("/api/v1/members/{id}/conversions"),
            Some(
                json!({ "meeting_on": "2026-01-01", "entitled": 0, "in_favour": 0, "against": 0, "abstaining": 0 }),
            ),
        ),
        Act::DecideConversion => (
            Method::POST,
            format!("/api/v1/members/{id}/conversions/1/decision"),
            Some(json!({ "decision": "nonsense" })),
        ),
        // Today, so the date is never the refusal (see the loop).
        Act::ChangeStanding => (
            Method::POST,
            format!("/api/v1/members/{id}/standing"),
            Some(json!({ "change": "restore", "on": "{today}", "reason": "矩阵测试" })),
        ),
        Act::Appoint => (
            Method::POST,
            format!("/api/v1/orgs/{id}/leaders"),
            Some(json!({ "member_id": 1, "position": "皇帝", "since": "2026-01-01" })),
        ),
    }
}

on_both_engines! {
    async fn every_role_every_action_inside_and_outside_its_scope(app: TestApp, seeded: DemoPlan::new(Some(3_000))) {
        let p = places(&app).await;
        let grantee = scalar_i64(&app, "SELECT id FROM accounts WHERE member_id = CAST($1 AS BIGINT)", &p.members["village_other"].to_string()).await;
        let mut failures = Vec::new();
        let mut checks = 0;
        for (actor, mobile) in ACTORS {
            let cookie = login_cookie(&app, mobile).await;
            let own = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", mobile).await;
            let mut member_targets: Vec<(&str, i64)> = p.members.iter().map(|(k, v)| (*k, *v)).collect();
            member_targets.retain(|(_, id)| *id != own);
            member_targets.push(("own", own));
            member_targets.sort();
            let mut org_targets: Vec<(&str, i64)> = p.orgs.iter().map(|(k, v)| (*k, *v)).collect();
            org_targets.sort();
            for act in [
                Act::ViewFile,
                Act::EditFile,
                Act::History,
                Act::ViewOrg,
                Act::Roster,
                Act::EditTerm,
                Act::Trail,
                Act::Export,
                Act::ExportUnmasked,
                Act::SignOutAccount,
                Act::ListRoles,
                Act::GrantBranchAdmin,
                Act::Import,
                Act::CreateChild,
                Act::Rename,
                Act::Settings,
                Act::Move,
                Act::Dissolve,
                Act::Appoint,
                Act::Merge,
                Act::ProposeConversion,
                Act::DecideConversion,
                Act::ChangeStanding,
            ] {
                let targets = match act {
                    Act::ViewFile | Act::EditFile | Act::History | Act::ProposeConversion
                    | Act::DecideConversion | Act::ChangeStanding => member_targets.clone(),
                    // The account of each member target.
                    Act::GrantBranchAdmin => ["village", "other_branch", "flowing"].iter().map(|k| (*k, p.orgs[k])).collect(),
                    Act::SignOutAccount | Act::ListRoles => {
                        let mut accounts = Vec::new();
                        for (name, member) in &member_targets {
                            let account = scalar_i64(&app, "SELECT id FROM accounts WHERE member_id = CAST($1 AS BIGINT)", &member.to_string()).await;
                            accounts.push((*name, account));
                        }
                        accounts
                    }
                    Act::Trail | Act::Import | Act::Settings => vec![("root", p.orgs["root"])],
                    _ => org_targets.clone(),
                };
                for (target, id) in targets {
                    checks += 1;
                    let (method, path, mut body) = request_for(act, id, checks);
                    let path = path.replace("{grantee}", &grantee.to_string());
                    if let Some(b) = body.as_mut() {
                        if b["kind"] == "{kind}" {
                            b["kind"] = json!(match target {
                                "root" => "work_committee",
                                "committee" => "branch",
                                _ => "party_group",
                            });
                        }
                        if b["name"] == "{name}" {
                            let name: String = server::with_pool!(&app.db, pool => {
                                sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
                            });
                            b["name"] = json!(name);
                        }
                        if b["on"] == "{today}" {
                            b["on"] = json!(server::clock::today_china().to_string());
                        }
                        if b["parent_id"] == "{parent}" {
                            let parent: i64 = server::with_pool!(&app.db, pool => {
                                sqlx::query_scalar("SELECT COALESCE(parent_id, id) FROM organizations WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
                            });
                            b["parent_id"] = json!(parent);
                        }
                    }
                    let (status, json) = if matches!(act, Act::Import) {
                        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(crate::import::orgs_book()).file_name("orgs.xlsx"));
                        let r = app.client.post(app.url(&path)).header("cookie", &cookie).multipart(form).send().await.unwrap();
                        let status = r.status();
                        (status, r.json().await.unwrap_or(Value::Null))
                    } else {
                        call(&app, Some(&cookie), method, &path, body.clone()).await
                    };
                    let want = expected(actor, act, target);
                    let ok = if want {
                        // A grant answers 201 and is revoked again, so the next actor finds it free.
                        if matches!(act, Act::GrantBranchAdmin) && status == StatusCode::CREATED {
                            let (revoked, answer) = call(&app, Some(&cookie), Method::POST, &format!("{path}/revoke"), body).await;
                            if revoked != StatusCode::OK {
                                failures.push(format!("{actor} revoke at {target}: {revoked} {answer}"));
                            }
                        }
                        let code = json["error"]["code"].as_str().unwrap_or_default();
                        match act {
                            Act::GrantBranchAdmin | Act::CreateChild => status == StatusCode::CREATED,
                            Act::Import => status == StatusCode::ACCEPTED,
                            Act::Move if target == "root" => code == "org_is_root",
                            Act::Dissolve => ["org_not_empty", "org_is_root"].contains(&code),
                            Act::Appoint => code == "invalid_position",
                            Act::Merge => code == "org_merge_self",
                            Act::ProposeConversion => code == "conversion_vote_invalid",
                            Act::DecideConversion => code == "invalid_transition",
                            Act::ChangeStanding => code == "invalid_standing_change",
                            _ => status == StatusCode::OK,
                        }
                    } else {
                        // Server functions carry the page's error; the JSON API its own envelope.
                        let code = if matches!(act, Act::Settings) { &json["Code"] } else { &json["error"]["code"] };
                        // Those who may edit files are refused their own for what it is.
                        let refusal = if matches!(act, Act::EditFile) && target == "own"
                            && ["county", "committee", "village_secretary", "flowing_secretary"].contains(&actor) {
                            "own_file_contact_only"
                        } else {
                            "forbidden"
                        };
                        status == StatusCode::FORBIDDEN && code == refusal
                    };
                    if !ok {
                        failures.push(format!("{actor} {act:?} {target}: expected {}, got {status} {json}", if want { "200" } else { "403" }));
                    }
                    // Identity numbers in full only for one's own file and for admins in scope.
                    if want && matches!(act, Act::ViewFile) {
                        let full = target == "own" || ["county", "committee", "village_secretary", "flowing_secretary"].contains(&actor);
                        if json["identity_masked"] != json!(!full) || json["mobile"].as_str().unwrap().contains('*') == full {
                            failures.push(format!("{actor} ViewFile {target}: identity shown wrongly: {}", json["mobile"]));
                        }
                    }
                    if want && matches!(act, Act::Roster) {
                        for m in json["members"].as_array().unwrap() {
                            if !m["mobile"].as_str().unwrap().contains("****") || !m["id_number"].as_str().unwrap().contains('*') {
                                failures.push(format!("{actor} Roster {target}: unmasked {m}"));
                            }
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} of {checks} checks failed:\n{}", failures.len(), failures.join("\n"));
        assert!(checks >= 10 * 30, "{checks} checks");

        // Every write above went through the trail: the chain and every row still verify.
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn no_session_no_access(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        for path in ["/api/v1/members/1", "/api/v1/orgs/1", "/api/v1/orgs/1/members", "/api/v1/audit/events"] {
            let (status, json) = call(&app, None, Method::GET, path, None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(json["error"]["code"], "unauthorized");
        }
        let (status, _) = call(&app, Some("dj_session=forged"), Method::PATCH, "/api/v1/members/1", Some(json!({"job": "x"}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // An imported member's account still on its one-time password reads nothing yet.
        let mobile: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT mobile FROM accounts WHERE must_change_password = 1 ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap()
        });
        let cookie = login_cookie(&app, &mobile).await;
        let own = scalar_i64(&app, "SELECT member_id FROM accounts WHERE mobile = $1", &mobile).await;
        let (status, json) = call(&app, Some(&cookie), Method::GET, &format!("/api/v1/members/{own}"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(json["error"]["code"], "password_change_required");
    }
}
