//! The role matrix over the whole access table (docs/security.md#the-access-matrix): every row
//! of `route_table::TABLE`, called by every demo role with a session, aimed at what is the
//! caller's own, its scope's root, something below the root and something outside it, over HTTP
//! on both engines, against the row's hand-written `who`.
//!
//! A row's `who` names, per role, where it may act; every other call must be refused: `403`, or
//! `404` where what is out of reach answers like what does not exist. Roles: `C` the county
//! administrator, `c` a committee administrator, `s` a branch secretary (a village branch and a
//! flowing branch), `m` a member (of each), `a` the county's auditor. Places: `o` own (one's own
//! file, account, suggestion, import or upload), `r` the root of the role's scope, `b` below the
//! root, `x` outside it (beside it when there is such a place, else above). `C` alone allows
//! everywhere; `C:rb` only at the root and below; `*` is open to every role (signing in, the
//! public rules and the simulator); a `null:` prefix says a refusal answers `null` (a page's
//! section the reader may not see). A row aimed at nothing is called once, as at the root.
//!
//! What an allowed call answers is not judged here (the bodies are mostly nonsense, so most
//! allowed writes fail validation afterwards): only that it was not refused. `access.rs` checks
//! the answers of the calls that matter most.

use crate::common::{self, login_cookie, scalar_i64, TestApp};
use crate::route_table::{concrete, Entry, T, TABLE};

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode};
use server::seed::DemoPlan;

/// The demo accounts, members first and the county last, so a write the county may do (withdraw
/// a study item, submit a meeting) comes after everyone else has been refused it.
const ACTORS: [(&str, char, &str); 7] = [
    ("member", 'm', "13800000003"),
    ("flowing_member", 'm', "13800000004"),
    ("auditor", 'a', "13800000005"),
    ("village_secretary", 's', "13800000002"),
    ("flowing_secretary", 's', "13800000006"),
    ("committee", 'c', "13800000001"),
    ("county", 'C', "13800000000"),
];

const ROLE_ORDER: [char; 5] = ['C', 'c', 's', 'a', 'm'];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Own,
    Root,
    Below,
    Outside,
}

impl Place {
    fn letter(self) -> char {
        match self {
            Place::Own => 'o',
            Place::Root => 'r',
            Place::Below => 'b',
            Place::Outside => 'x',
        }
    }
}

/// A row's `who`, parsed.
struct Spec {
    open: bool,
    /// Refused calls answer `null`, as a page's loader does for a section the reader may not see.
    null_refuses: bool,
    /// Role letter → the places it may act at (`None`: everywhere).
    roles: BTreeMap<char, Option<BTreeSet<char>>>,
}

impl Spec {
    fn parse(who: &str) -> Spec {
        if who.trim() == "*" {
            return Spec {
                open: true,
                null_refuses: false,
                roles: BTreeMap::new(),
            };
        }
        let (null_refuses, who) = match who.strip_prefix("null:") {
            Some(rest) => (true, rest),
            None => (false, who),
        };
        let mut roles = BTreeMap::new();
        for token in who.split_whitespace() {
            let (role, places) = match token.split_once(':') {
                Some((r, p)) => (r, Some(p.chars().collect::<BTreeSet<char>>())),
                None => (token, None),
            };
            let role = role.chars().next().expect("a role letter");
            assert!(
                ROLE_ORDER.contains(&role)
                    && role.len_utf8() == token.split(':').next().unwrap().len(),
                "unknown role in {who:?}"
            );
            if let Some(p) = &places {
                assert!(
                    p.iter().all(|c| "orbx".contains(*c)),
                    "unknown place in {who:?}"
                );
            }
            roles.insert(role, places);
        }
        Spec {
            open: false,
            null_refuses,
            roles,
        }
    }

    fn allows(&self, role: char, place: Place) -> bool {
        self.open
            || match self.roles.get(&role) {
                None => false,
                Some(None) => true,
                Some(Some(places)) => places.contains(&place.letter()),
            }
    }
}

/// Who an actor is, and where its scope is.
struct Actor {
    account: i64,
    root: i64,
    root_path: String,
}

async fn actor(app: &TestApp, mobile: &str) -> Actor {
    let account = scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    let root = scalar_i64(
        app,
        "SELECT scope_org_id FROM accounts WHERE mobile = $1",
        mobile,
    )
    .await;
    let root_path: String = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE id = $1").bind(root).fetch_one(pool).await.unwrap()
    });
    Actor {
        account,
        root,
        root_path,
    }
}

/// Every candidate target of a kind: its id (or file key), its organization, and the account
/// that owns it (`-1` for kinds nobody owns).
fn candidates_sql(kind: T) -> Option<&'static str> {
    // Plain members' files and accounts, so no demo actor's own is anyone else's target; the
    // caller's own is added by binding its account.
    Some(match kind {
        T::None => return None,
        T::Member => {
            "SELECT CAST(m.id AS TEXT), CAST(m.org_id AS BIGINT), CAST(a.id AS BIGINT) FROM members m \
             JOIN accounts a ON a.member_id = m.id \
             WHERE (a.role = 'member' AND a.mobile NOT LIKE '1380000000%') OR a.id = $1 ORDER BY m.id"
        }
        T::Account => {
            "SELECT CAST(a.id AS TEXT), CAST(m.org_id AS BIGINT), CAST(a.id AS BIGINT) FROM members m \
             JOIN accounts a ON a.member_id = m.id \
             WHERE (a.role = 'member' AND a.mobile NOT LIKE '1380000000%') OR a.id = $1 ORDER BY a.id"
        }
        // Organizations that hold members or organizations, so no call dissolves one.
        T::Org => {
            "SELECT CAST(o.id AS TEXT), CAST(o.id AS BIGINT), CAST(-1 AS BIGINT) FROM organizations o \
             WHERE $1 = $1 AND (EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id) \
             OR EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id)) ORDER BY o.id"
        }
        // Planned meetings first: a request for leave is judged on one still to come.
        T::Meeting => {
            "SELECT CAST(id AS TEXT), CAST(org_id AS BIGINT), CAST(-1 AS BIGINT) FROM meetings \
             WHERE $1 = $1 ORDER BY CASE WHEN status = 'planned' THEN 0 ELSE 1 END, id"
        }
        T::Team => {
            "SELECT CAST(id AS TEXT), CAST(org_id AS BIGINT), CAST(-1 AS BIGINT) FROM assistance_teams \
             WHERE $1 = $1 ORDER BY id"
        }
        T::Study => {
            "SELECT CAST(id AS TEXT), CAST(audience_org_id AS BIGINT), CAST(-1 AS BIGINT) FROM study_items \
             WHERE $1 = $1 AND withdrawn_at IS NULL ORDER BY id"
        }
        T::Suggestion => {
            "SELECT CAST(id AS TEXT), CAST(org_id AS BIGINT), CAST(author_account_id AS BIGINT) \
             FROM suggestions WHERE $1 = $1 ORDER BY id"
        }
        T::Job => {
            "SELECT CAST(j.id AS TEXT), CAST(a.scope_org_id AS BIGINT), CAST(a.id AS BIGINT) \
             FROM import_jobs j JOIN accounts a ON a.id = j.account_id WHERE $1 = $1 ORDER BY j.id"
        }
        T::Task => {
            "SELECT CAST(id AS TEXT), CAST(org_id AS BIGINT), CAST(-1 AS BIGINT) FROM tasks \
             WHERE $1 = $1 ORDER BY id"
        }
        T::Assignment => {
            "SELECT CAST(id AS TEXT), CAST(org_id AS BIGINT), CAST(-1 AS BIGINT) FROM task_assignments \
             WHERE $1 = $1 ORDER BY task_id DESC, id"
        }
        // The photos members attached to their suggestions (the test uploads them).
        T::File => {
            "SELECT photo_key, CAST(org_id AS BIGINT), CAST(author_account_id AS BIGINT) \
             FROM suggestions WHERE $1 = $1 AND photo_key IS NOT NULL AND photo_key <> '' ORDER BY id"
        }
    })
}

/// The targets of `kind` for `who`: the first candidate at each place.
async fn targets(
    app: &TestApp,
    kind: T,
    who: &Actor,
    paths: &BTreeMap<i64, String>,
) -> Vec<(Place, String, i64)> {
    let Some(sql) = candidates_sql(kind) else {
        return vec![(Place::Root, String::new(), who.root)];
    };
    let rows: Vec<(String, i64, i64)> = server::with_pool!(&app.db, pool => {
        sqlx::query_as(sql).bind(who.account).fetch_all(pool).await.unwrap()
    });
    let ownable = matches!(
        kind,
        T::Member | T::Account | T::Suggestion | T::Job | T::File
    );
    let mut found: BTreeMap<Place, (bool, String, i64)> = BTreeMap::new();
    for (id, org, owner) in rows {
        let path = &paths[&org];
        let (place, above) = if ownable && owner == who.account {
            (Place::Own, false)
        } else if org == who.root {
            (Place::Root, false)
        } else if path.starts_with(&who.root_path) {
            (Place::Below, false)
        } else {
            (Place::Outside, who.root_path.starts_with(path.as_str()))
        };
        // Outside, a place beside the scope is a sharper test than one above it.
        match found.get(&place) {
            Some((was_above, _, _)) if !*was_above || above => {}
            _ => {
                found.insert(place, (above, id, org));
            }
        }
    }
    found
        .into_iter()
        .map(|(p, (_, id, org))| (p, id, org))
        .collect()
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Allowed,
    Refused,
    Unauthorized,
}

async fn send(
    app: &TestApp,
    e: &Entry,
    null_refuses: bool,
    target: &str,
    org: i64,
    cookie: &str,
) -> (Outcome, String) {
    let mut path = concrete(&e.path.replace("{id}", target).replace("{*key}", target));
    let body = e
        .body
        .replace("{t}", target)
        .replace("{org}", &org.to_string());
    if e.method == "GET" && body != "{}" {
        path = format!("{path}?{body}");
    }
    let method = Method::from_bytes(e.method.as_bytes()).unwrap();
    let mut r = app
        .client
        .request(method, app.url(&path))
        .header("accept", "application/json")
        .header("cookie", cookie);
    r = if e.path == "/admin/import/upload" || e.path == "/api/v1/import/{kind}" {
        let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("orgs.xlsx");
        r.multipart(
            reqwest::multipart::Form::new()
                .text("kind", "orgs")
                .part("file", part),
        )
    } else if e.path == "/dues/pay" {
        r.form(&[("what", "open")])
    } else if e.path.starts_with("/api/") && !e.path.starts_with("/api/v1/") {
        r.header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    } else if e.method != "GET" {
        r.header("content-type", "application/json").body(body)
    } else {
        r
    };
    let resp = r.send().await.unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = resp.text().await.unwrap_or_default();
    let short: String = text.chars().take(120).collect();
    // Something out of reach may also answer as if it did not exist, alike for what exists and
    // what does not (docs/security.md#enumeration).
    let outcome = if status == StatusCode::UNAUTHORIZED || location.starts_with("/login?") {
        Outcome::Unauthorized
    } else if status == StatusCode::FORBIDDEN
        || status == StatusCode::NOT_FOUND
        || location.contains("error=forbidden")
        || (null_refuses && status == StatusCode::OK && text.trim() == "null")
    {
        Outcome::Refused
    } else {
        Outcome::Allowed
    };
    (outcome, format!("{status} {location} {short}"))
}

/// What was seen, written like a `who`.
fn seen_spec(targeted: bool, seen: &BTreeMap<char, BTreeSet<char>>) -> String {
    let mut tokens = Vec::new();
    for role in ROLE_ORDER {
        if let Some(places) = seen.get(&role).filter(|p| !p.is_empty()) {
            if targeted {
                let mut letters: Vec<char> = places.iter().copied().collect();
                letters.sort_by_key(|c| "orbx".find(*c));
                tokens.push(format!(
                    "{role}:{}",
                    letters.into_iter().collect::<String>()
                ));
            } else {
                tokens.push(role.to_string());
            }
        }
    }
    tokens.join(" ")
}

on_both_engines! {
    async fn every_role_calls_every_row_at_every_place(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        // An import job of the county's, so the rows about jobs have one to aim at.
        let county = login_cookie(&app, "13800000000").await;
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(crate::import::orgs_book()).file_name("orgs.xlsx"));
        let started = app.client.post(app.url("/api/v1/import/orgs?dry_run=1")).header("cookie", &county).multipart(form).send().await.unwrap();
        assert_eq!(started.status(), StatusCode::ACCEPTED);
        // A photo on a suggestion from each of two branches, so the rows about stored files have
        // one inside and one beside every scope.
        for mobile in ["13800000003", "13800000004"] {
            let cookie = login_cookie(&app, mobile).await;
            let (status, _, body) = common::upload_image(&app, "/api/v1/uploads/images?purpose=suggestion", &cookie, server::orglife::photo::fixture::png(12, 12), true).await;
            assert_eq!(status, 201, "{body}");
            let url = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"].as_str().unwrap().to_string();
            let account = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
            let author = server::access::Actor::from_account(&app.db, domain::AccountId::new(account).unwrap()).await.unwrap();
            server::suggestions::submit(&app.db, &author, "branch", "村口路灯坏了", "请安排维修，照片见附件。", &url).await.unwrap();
        }

        // A committee's task to one of its branches (not the secretary's), then the county's to
        // every branch; the rows about a recipient's part aim at the county's first.
        let committee_root = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000001").await;
        let village = scalar_i64(&app, "SELECT scope_org_id FROM accounts WHERE mobile = $1", "13800000002").await;
        let other_branch = scalar_i64(&app, &format!("SELECT MIN(id) FROM organizations WHERE parent_id = {committee_root} AND kind = 'branch' AND id <> CAST($1 AS BIGINT)"), &village.to_string()).await;
        for (mobile, addressed, orgs) in [("13800000001", "orgs", vec![other_branch]), ("13800000000", "subtree", vec![])] {
            let account = scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
            let sender = server::access::Actor::from_account(&app.db, domain::AccountId::new(account).unwrap()).await.unwrap();
            let today = server::clock::today_china();
            let draft = server::tasks::dispatch::TaskDraft {
                title: "主题党日活动情况报送".into(),
                deadline: today.add_days(10).unwrap().to_string(),
                evidence: "text".into(),
                addressed: addressed.into(),
                org_ids: orgs,
                ..Default::default()
            };
            server::tasks::dispatch::dispatch(&app.db, &sender, &draft, today).await.unwrap();
        }

        let paths: BTreeMap<i64, String> = server::with_pool!(&app.db, pool => {
            sqlx::query_as::<_, (i64, String)>("SELECT id, path FROM organizations").fetch_all(pool).await.unwrap()
        }).into_iter().collect();
        let mut actors = Vec::new();
        for (name, role, mobile) in ACTORS {
            actors.push((name, role, mobile, actor(&app, mobile).await, login_cookie(&app, mobile).await));
        }
        let mut failures = Vec::new();
        let mut calls = 0;
        for e in TABLE {
            let spec = Spec::parse(e.who);
            // Open rows answer everyone alike; the table's other test calls them.
            if spec.open {
                continue;
            }
            let targeted = e.target != T::None;
            let mut seen: BTreeMap<char, BTreeSet<char>> = BTreeMap::new();
            let mut row_failures = Vec::new();
            for (name, role, mobile, who, cookie) in actors.iter_mut() {
                seen.entry(*role).or_default();
                for (place, target, org) in targets(&app, e.target, who, &paths).await {
                    calls += 1;
                    let (outcome, said) = send(&app, e, spec.null_refuses, &target, org, cookie).await;
                    if outcome == Outcome::Allowed {
                        seen.get_mut(role).unwrap().insert(place.letter());
                    }
                    let want = spec.allows(*role, place);
                    let ok = match outcome {
                        Outcome::Allowed => want,
                        Outcome::Refused => !want,
                        Outcome::Unauthorized => false,
                    };
                    if !ok {
                        row_failures.push(format!("    {name} at {place:?} ({target}): {outcome:?}: {said}"));
                    }
                }
                // Signing out ended the session: the next rows need another.
                if e.path == "/api/logout" {
                    *cookie = login_cookie(&app, mobile).await;
                }
            }
            if !row_failures.is_empty() {
                failures.push(format!("{} {} who {:?}, seen {:?}\n{}", e.method, e.path, e.who, seen_spec(targeted, &seen), row_failures.join("\n")));
            }
        }
        assert!(failures.is_empty(), "{} rows of {} ({calls} calls) differ:\n{}", failures.len(), TABLE.len(), failures.join("\n"));
        assert!(calls > TABLE.len() * 7, "{calls} calls");
        // Every write above went through the trail: the chain still verifies.
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}
