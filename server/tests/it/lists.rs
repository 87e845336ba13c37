//! The four lists on every board (docs/rules.md#the-four-lists) and 重点警示 (docs/rules.md#key-warnings),
//! on both engines: drawn by the county's shares or score lines, black by a trigger with its
//! reason, shown as far as the visibility policy allows, filtered on request; a branch whose
//! members stopped studying or that missed a required meeting is listed, black on the boards,
//! and its committee told once.

use crate::common;

use domain::ranking::{
    BlackTriggers, ListKind, ListMode, ListPolicy, Visibility, VisibilityPolicy,
};
use server::{rankings, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> server::access::Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

fn no_triggers() -> BlackTriggers {
    BlackTriggers {
        org_life_absent_unexcused_min: None,
        dues_arrears_months_min: None,
    }
}

on_both_engines! {
    async fn lists_are_drawn_on_every_board_by_the_county_s_policy(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let year = today.year();
        let county = actor(&app, "13800000000").await;
        let secretary = actor(&app, "13800000002").await;
        let member = actor(&app, "13800000003").await;
        let boards = rankings::BoardCache::default();
        // The branches' records begin today: none is on 重点警示 (its own test), so the lists
        // below are drawn by points alone.
        common::exec(&app, &format!("UPDATE organizations SET created_at = '{today}T00:00:00+08:00'")).await;
        let view = |who: server::access::Actor, list: Option<ListKind>| {
            let (app, boards) = (&app, &boards);
            async move { rankings::boards::view(&app.db, boards, &who, (year, true, list), today).await.unwrap() }
        };

        // By shares (10 % gold, 30 % gold and silver, 10 % yellow), no black-list trigger.
        let shares = ListPolicy { black_triggers: no_triggers(), ..ListPolicy::default() };
        server::settings::set_list_policy(&app.db, &county, shares).await.unwrap();
        let rows = view(secretary.clone(), None).await.members.unwrap().rows;
        let n = rows.len();
        assert!(n >= 5, "{n}");
        let (gold, silver, yellow) = ((n * 10).div_ceil(100), (n * 30).div_ceil(100), (n * 10).div_ceil(100));
        for r in &rows {
            let rank = r.rank as usize;
            let expected = if rank <= gold {
                Some(ListKind::Gold)
            } else if rank <= silver {
                Some(ListKind::Silver)
            } else if rank > n - yellow {
                Some(ListKind::Yellow)
            } else {
                None
            };
            assert_eq!(r.list, expected, "rank {rank} of {n}");
        }

        // By score lines drawn through this branch's own points.
        let (top, bottom) = (rows[0].points, rows[n - 1].points);
        assert!(top > bottom, "the demo branch's points differ: {top} {bottom}");
        let lines = ListPolicy {
            mode: ListMode::Absolute { gold_min: top, silver_min: top, yellow_max: bottom },
            black_triggers: no_triggers(),
        };
        server::settings::set_list_policy(&app.db, &county, lines).await.unwrap();
        let rows = view(secretary.clone(), None).await.members.unwrap().rows;
        for r in &rows {
            let expected = if r.points >= top {
                Some(ListKind::Gold)
            } else if r.points <= bottom {
                Some(ListKind::Yellow)
            } else {
                None
            };
            assert_eq!(r.list, expected, "{} points", r.points);
        }
        // The filter keeps exactly that list's rows.
        let golds = rows.iter().filter(|r| r.list == Some(ListKind::Gold)).count();
        let only = view(secretary.clone(), Some(ListKind::Gold)).await.members.unwrap().rows;
        assert_eq!(only.len(), golds);
        assert!(only.iter().all(|r| r.list == Some(ListKind::Gold)));

        // A trigger puts a member on the black list whatever the score, and says why.
        let last = rows[n - 1].member_id;
        server::settings::set_list_policy(
            &app.db,
            &county,
            ListPolicy { black_triggers: BlackTriggers { dues_arrears_months_min: Some(1), org_life_absent_unexcused_min: None }, ..shares },
        )
        .await
        .unwrap();
        let branch = secretary.scope_org_id.get();
        common::exec(&app, &format!(
            "INSERT INTO dues_bills (member_id, org_id, month, kind, amount_fen, created_at) \
             VALUES ({}, {branch}, '2001-01', 'monthly', 100, '2001-01-01T00:00:00Z')", last.get())).await;
        assert!(server::dues::bills::billing_month(&app.db).await.unwrap().is_some());
        let rows = view(secretary.clone(), None).await.members.unwrap().rows;
        let black = rows.iter().find(|r| r.member_id == last).unwrap();
        assert_eq!(black.list, Some(ListKind::Black));
        assert!(black.why.as_deref().is_some_and(|w| w.contains("欠交党费")), "{:?}", black.why);

        // A member sees only their own list under the default policy; every row's once public.
        let county_policy = server::settings::visibility(&app.db).await.unwrap();
        let mut own_only = VisibilityPolicy { member_ranking: Visibility::Public, lists: Visibility::SelfOnly, ..county_policy };
        server::settings::set_visibility(&app.db, &county, &own_only).await.unwrap();
        let rows = view(member.clone(), None).await.members.unwrap().rows;
        let mine = member.member_id.unwrap();
        assert!(rows.iter().filter(|r| r.member_id != mine).all(|r| r.list.is_none() && r.why.is_none()));
        assert!(rows.iter().any(|r| r.member_id == mine && r.list.is_some()) || rows.iter().all(|r| r.member_id != mine || r.rank as usize > silver));
        own_only.lists = Visibility::Public;
        server::settings::set_visibility(&app.db, &county, &own_only).await.unwrap();
        let rows = view(member.clone(), None).await.members.unwrap().rows;
        assert_eq!(rows.iter().find(|r| r.member_id == last).unwrap().list, Some(ListKind::Black));
        // The secretary oversees the branch: every list even with the switch off.
        own_only.lists = Visibility::Off;
        server::settings::set_visibility(&app.db, &county, &own_only).await.unwrap();
        let rows = view(secretary.clone(), None).await.members.unwrap().rows;
        assert_eq!(rows.iter().find(|r| r.member_id == last).unwrap().list, Some(ListKind::Black));
        assert!(view(member.clone(), None).await.members.unwrap().rows.iter().all(|r| r.list.is_none()));
        own_only.lists = Visibility::Public;
        server::settings::set_visibility(&app.db, &county, &own_only).await.unwrap();

        // Branch boards: the county's branches by average points, drawn by the same shares.
        let county_rows = view(county.clone(), None).await.county.unwrap().rows;
        let m = county_rows.len();
        let top_share = (m * 10).div_ceil(100);
        for r in county_rows.iter().filter(|r| r.why.is_none()) {
            assert_eq!(r.list == Some(ListKind::Gold), r.rank as usize <= top_share, "{} rank {}", r.name, r.rank);
        }
        // Members across a scope: the county's all, a committee's those below it, each with
        // their branch; drawn over the whole scope; members themselves have no such board.
        let scope = view(county.clone(), None).await.scope_members.unwrap();
        let active = common::scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE standing = $1", "active").await;
        assert_eq!(scope.total as i64, active);
        assert!(scope.rows.windows(2).all(|w| w[0].points >= w[1].points && w[0].rank <= w[1].rank));
        assert!(scope.rows.iter().all(|r| r.branch.is_some()));
        let gold_share = (scope.total * 10).div_ceil(100);
        assert_eq!(
            scope.rows.iter().filter(|r| r.list == Some(ListKind::Gold)).count(),
            scope.rows.iter().filter(|r| r.rank as usize <= gold_share && r.why.is_none()).count()
        );
        // Past the rows a page lists, the filter still finds every member on a list.
        let blacks = view(county.clone(), Some(ListKind::Black)).await.scope_members.unwrap();
        assert!(blacks.rows.iter().any(|r| r.member_id == last), "{}", blacks.rows.len());
        assert!(blacks.rows.iter().all(|r| r.list == Some(ListKind::Black) && r.why.is_some()));
        let committee = actor(&app, "13800000001").await;
        let theirs = view(committee.clone(), None).await.scope_members.unwrap();
        let below = common::scalar_i64(&app, "SELECT COUNT(*) FROM members m JOIN organizations o ON o.id = m.org_id \
            WHERE m.standing = 'active' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE id = CAST($1 AS BIGINT))", &committee.scope_org_id.get().to_string()).await;
        assert_eq!(theirs.total as i64, below);
        assert!(0 < below && below < active);
        assert!(view(member.clone(), None).await.scope_members.is_none());
        // Composite boards carry lists too.
        let composite = view(county.clone(), None).await.composite.unwrap();
        let black = composite.rows.iter().filter(|r| r.list == Some(ListKind::Black)).count();
        assert!(composite.rows.iter().any(|r| r.list == Some(ListKind::Gold)), "{black} of {} black: {:?}", composite.rows.len(), composite.rows.iter().take(3).collect::<Vec<_>>());

        // Through the page's endpoint: a filter by code; an unknown code is refused.
        let cookie = common::login_cookie(&app, "13800000000").await;
        let ask = |list: &'static str| {
            let (app, cookie) = (&app, cookie.clone());
            async move {
                let r = app.client.post(app.url("/api/rankings")).header("cookie", cookie).header("accept", "application/json")
                    .form(&[("full", "true"), ("list", list)]).send().await.unwrap();
                (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap_or_default())
            }
        };
        let (status, v) = ask("gold").await;
        assert_eq!(status, 200, "{v}");
        let listed = v["county"]["rows"].as_array().unwrap();
        assert!(!listed.is_empty() && listed.iter().all(|r| r["list"] == "gold"), "{v}");
        assert_eq!(ask("purple").await.0, 422);

        // The export: the same rows, with their parts and lists, as a workbook.
        let r = app.client.get(app.url("/rankings.xlsx?list=gold")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.unwrap().to_vec();
        use calamine::Reader as _;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("支部综合评分").unwrap();
        let cells: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(cells[1], ["名次", "组织", "规模", "综合评分", "党员积分", "组织生活", "任务", "党费", "榜单", "原因"]);
        let expected: Vec<(String, String)> = composite.rows.iter().filter(|r| r.list == Some(ListKind::Gold)).map(|r| (r.name.clone(), r.score.clone())).collect();
        let got: Vec<(String, String)> = cells[2..].iter().map(|r| (r[1].clone(), r[3].clone())).collect();
        assert_eq!(got.len(), expected.len());
        for ((name, score), (want_name, want_score)) in got.iter().zip(&expected) {
            assert_eq!(name, want_name);
            assert_eq!(score.parse::<f64>().unwrap(), want_score.parse::<f64>().unwrap());
        }
        assert!(cells[2..].iter().all(|r| r[8] == "金榜"));
        // Not signed in: refused.
        assert_eq!(app.client.get(app.url("/rankings.xlsx")).send().await.unwrap().status(), 401);
    }
}

on_both_engines! {
    async fn key_warnings_list_branches_without_study_or_a_required_meeting_and_tell_the_committee_once(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        // The 10th of the month after next: the day after is in the same periods, and the demo's
        // points for study (booked up to today) are older than the county's 30 days.
        let next = domain::YearMonth::of(today).add_months(2).unwrap();
        let day = domain::Date::parse(&format!("{next}-10")).unwrap();
        // The branches' records began long ago: every period that ended counts.
        common::exec(&app, "UPDATE organizations SET created_at = '2020-01-01T00:00:00+08:00'").await;
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id;
        let boards = rankings::BoardCache::default();
        let of = |who: server::access::Actor| {
            let (app, boards) = (&app, &boards);
            async move { rankings::boards::view(&app.db, boards, &who, (day.year(), true, None), day).await.unwrap() }
        };

        // The branch's members have not studied: it is listed with that reason.
        common::exec(&app, &format!(
            "DELETE FROM study_progress WHERE member_id IN (SELECT id FROM members WHERE org_id = {})", branch.get())).await;
        let listed = server::alerts::county(&app.db, day).await.unwrap();
        let ours = listed.iter().find(|w| w.org_id == branch).expect("the branch is warned");
        assert!(ours.reasons.iter().any(|r| matches!(r, domain::alerts::Reason::NoStudy { last: None, .. })), "{:?}", ours.reasons);
        // Its committee and the county see it; the committee only its own subtree.
        let v = of(committee.clone()).await;
        let rows = v.warnings.unwrap();
        assert!(rows.iter().any(|r| r.org_id == branch && r.reasons.contains("无学习记录")), "{rows:?}");
        let committee_path = server::orgs::find(&app.db, committee.scope_org_id).await.unwrap().unwrap().path;
        for r in &rows {
            let path = server::orgs::find(&app.db, r.org_id).await.unwrap().unwrap().path;
            assert!(committee_path.contains(&path), "{}", r.name);
        }
        assert!(of(county.clone()).await.warnings.unwrap().len() >= rows.len());
        // On the boards it is black, with the warning as the reason.
        let board = of(committee.clone()).await.committee.unwrap();
        let row = board.rows.iter().find(|r| r.org_id == branch).unwrap();
        assert_eq!(row.list, Some(ListKind::Black));
        assert!(row.why.as_deref().is_some_and(|w| w.starts_with("重点警示")), "{:?}", row.why);
        // Members see no warnings card, nor the warning behind their branch's list.
        let member_view = of(actor(&app, "13800000003").await).await;
        assert!(member_view.warnings.is_none());
        assert!(member_view.committee.iter().flat_map(|b| b.rows.iter()).all(|r| r.why.is_none()));

        // The committee is told once, however many days the branch stays on the list.
        let messages = format!("SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'alert:{}:%' AND account_id = CAST($1 AS BIGINT)", branch.get());
        let committee_account = committee.account_id.get().to_string();
        server::reminders::run_daily(&app.db, day).await.unwrap();
        assert_eq!(common::scalar_i64(&app, &messages, &committee_account).await, 1);
        server::reminders::run_daily(&app.db, day.add_days(1).unwrap()).await.unwrap();
        assert_eq!(common::scalar_i64(&app, &messages, &committee_account).await, 1);

        // A member studies: the reason goes.
        let someone = common::scalar_i64(&app, "SELECT MIN(id) FROM members WHERE org_id = CAST($1 AS BIGINT)", &branch.get().to_string()).await;
        let item = common::scalar_i64(&app, "SELECT MIN(id) FROM study_items WHERE id > CAST($1 AS BIGINT)", "0").await;
        common::exec(&app, &format!(
            "INSERT INTO study_progress (member_id, item_id, position, percent, points, updated_at) VALUES ({someone}, {item}, 1, 10, 0, '{day}T09:00:00+08:00')")).await;
        let listed = server::alerts::county(&app.db, day).await.unwrap();
        let still = listed.iter().find(|w| w.org_id == branch);
        assert!(still.is_none_or(|w| w.reasons.iter().all(|r| !matches!(r, domain::alerts::Reason::NoStudy { .. }))), "{still:?}");

        // A required meeting missing last period is a reason; held and recorded, it is not.
        let last_month = next.add_months(-1).unwrap();
        let missed = |w: Option<&server::alerts::KeyWarning>| {
            w.is_some_and(|w| w.reasons.iter().any(|r| matches!(r, domain::alerts::Reason::MissedMeeting { kind: domain::orglife::MeetingKind::ThemePartyDay, .. })))
        };
        let listed = server::alerts::county(&app.db, day).await.unwrap();
        let behind = listed.iter().find(|w| missed(Some(w))).expect("a branch without last month's 主题党日").org_id;
        let by = common::scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000002").await;
        common::exec(&app, &format!(
            "INSERT INTO meetings (org_id, kind, topic, starts_at, ends_at, place, status, created_by, created_at) \
             VALUES ({}, 'theme_party_day', '主题党日', '{last_month}-15T09:00:00+08:00', '{last_month}-15T11:00:00+08:00', '村部', 'approved', {by}, '{last_month}-15T12:00:00+08:00')",
            behind.get())).await;
        let listed = server::alerts::county(&app.db, day).await.unwrap();
        assert!(!missed(listed.iter().find(|w| w.org_id == behind)));
    }
}
