//! The archive (docs/rules.md#the-archive) on both engines: each section lists exactly the
//! records the server holds for the subtree, narrowed by kind, dates and state, twenty to a
//! page, with sign-in counts and photos; outside one's reach it is refused by the server.

use crate::common;

use domain::archive::{Filter, Section};
use server::seed::DemoPlan;

async fn actor(app: &common::TestApp, mobile: &str) -> server::access::Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    server::access::Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

fn filter(
    section: &str,
    org: &str,
    kind: &str,
    from: &str,
    to: &str,
    state: &str,
    page: &str,
) -> Filter {
    Filter::parse(section, org, kind, from, to, state, page).unwrap()
}

on_both_engines! {
    async fn each_section_pages_through_exactly_the_subtree_s_records(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get();
        let by = secretary.account_id.get();
        // Twenty-five 主题党日 in March 2001 (nobody else's are that old): three approved.
        for day in 1..=25 {
            let status = if day <= 3 { "approved" } else { "submitted" };
            common::exec(&app, &format!(
                "INSERT INTO meetings (org_id, kind, topic, starts_at, ends_at, place, status, created_by, created_at) \
                 VALUES ({branch}, 'theme_party_day', '主题党日 {day}', '2001-03-{day:02}T09:00:00+08:00', '2001-03-{day:02}T11:00:00+08:00', '村部', '{status}', {by}, '2001-03-{day:02}T12:00:00+08:00')")).await;
        }
        let first = common::scalar_i64(&app, "SELECT id FROM meetings WHERE topic = $1", "主题党日 1").await;
        let member = common::scalar_i64(&app, "SELECT MIN(id) FROM members WHERE org_id = CAST($1 AS BIGINT)", &branch.to_string()).await;
        common::exec(&app, &format!(
            "INSERT INTO meeting_attendance (meeting_id, member_id, status, at) VALUES ({first}, {member}, 'present', '2001-03-01T09:05:00+08:00')")).await;
        common::exec(&app, &format!(
            "INSERT INTO meeting_photos (meeting_id, file_key, thumb_key, width, height, predates, uploaded_by, uploaded_at) \
             VALUES ({first}, 'p/one.jpg', 't/one.jpg', 640, 480, 0, {by}, '2001-03-01T12:00:00+08:00')")).await;

        let march = |page: &str, state: &str| filter("theme_day", &branch.to_string(), "", "2001-03-01", "2001-03-31", state, page);
        let one = server::archive::page(&app.db, &committee, march("1", "")).await.unwrap();
        assert_eq!((one.total, one.pages, one.rows.len()), (25, 2, 20));
        let two = server::archive::page(&app.db, &committee, march("2", "")).await.unwrap();
        assert_eq!(two.rows.len(), 5);
        // Newest first, and no row on both pages.
        assert_eq!(one.rows[0].day, "2001-03-25");
        assert_eq!(two.rows[4].day, "2001-03-01");
        assert!(one.rows.iter().all(|r| two.rows.iter().all(|t| t.id != r.id)));
        let oldest = &two.rows[4];
        assert_eq!((oldest.detail.as_str(), oldest.photos.clone()), ("到会 1/1", vec!["/files/t/one.jpg".to_string()]));
        assert_eq!(oldest.link.as_deref(), Some(format!("/org-life/{first}").as_str()));
        let approved = server::archive::page(&app.db, &committee, march("1", "approved")).await.unwrap();
        assert_eq!(approved.total, 3);
        assert!(approved.rows.iter().all(|r| r.state == "已审定"));
        // Not 三会一课: a 主题党日 is its own section.
        let lectures = server::archive::page(&app.db, &committee, filter("three_meetings", &branch.to_string(), "", "2001-03-01", "2001-03-31", "", "")).await.unwrap();
        assert_eq!(lectures.total, 0);

        // Each section's total is the server's own count for the committee's subtree.
        let path = server::orgs::find(&app.db, committee.scope_org_id).await.unwrap().unwrap().path.like_prefix();
        let count = |sql: &str| {
            let (app, path) = (&app, path.clone());
            let sql = sql.to_string();
            async move { common::scalar_i64(app, &sql, &path).await }
        };
        let whole = |section: &str| filter(section, "", "", "", "", "", "");
        for (section, sql) in [
            ("theme_day", "SELECT COUNT(*) FROM meetings m JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $1 AND m.kind = 'theme_party_day'"),
            ("three_meetings", "SELECT COUNT(*) FROM meetings m JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $1 AND m.kind IN ('branch_assembly', 'branch_committee', 'party_group', 'party_lecture')"),
            ("dues", "SELECT COUNT(*) FROM dues_bills b JOIN organizations o ON o.id = b.org_id WHERE o.path LIKE $1"),
            ("points", "SELECT COUNT(*) FROM points_ledger l JOIN members m ON m.id = l.member_id JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $1"),
            ("assistance", "SELECT COUNT(*) FROM assistance_visits v JOIN assistance_teams t ON t.id = v.team_id JOIN organizations o ON o.id = t.org_id WHERE o.path LIKE $1"),
        ] {
            let got = server::archive::page(&app.db, &committee, whole(section)).await.unwrap();
            assert_eq!(got.total as i64, count(sql).await, "{section}");
            assert_eq!(got.filter.section, Section::parse(section).unwrap());
        }
        // Narrowed: unpaid bills, and one activity's points.
        let unpaid = server::archive::page(&app.db, &committee, filter("dues", "", "", "", "", "unpaid", "")).await.unwrap();
        assert_eq!(unpaid.total as i64, count("SELECT COUNT(*) FROM dues_bills b JOIN organizations o ON o.id = b.org_id WHERE o.path LIKE $1 AND b.paid_at IS NULL").await);
        assert!(unpaid.rows.iter().all(|r| r.state == "未交"));
        let reads = server::archive::page(&app.db, &committee, filter("points", "", "article_read", "", "", "", "")).await.unwrap();
        assert_eq!(reads.total as i64, count("SELECT COUNT(*) FROM points_ledger l JOIN members m ON m.id = l.member_id JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $1 AND l.activity_key = 'article_read'").await);
        assert!(reads.total > 0 && reads.rows.iter().all(|r| r.kind == "阅读文章"));

        // Refused by the server: a member; a branch's secretary above their branch; a committee
        // outside its subtree.
        let cookie = |mobile: &'static str| {
            let app = &app;
            async move { common::login_cookie(app, mobile).await }
        };
        let ask = |cookie: String, org: String| {
            let app = &app;
            async move {
                app.client.post(app.url("/api/archive")).header("cookie", cookie).header("accept", "application/json")
                    .form(&[("section", "theme_day"), ("org", org.as_str())]).send().await.unwrap().status().as_u16()
            }
        };
        assert_eq!(ask(cookie("13800000003").await, String::new()).await, 403);
        assert_eq!(ask(cookie("13800000002").await, committee.scope_org_id.get().to_string()).await, 403);
        assert_eq!(ask(cookie("13800000002").await, branch.to_string()).await, 200);
        let elsewhere = common::scalar_i64(&app, "SELECT MIN(o.id) FROM organizations o WHERE o.kind = 'branch' AND o.path NOT LIKE $1", &path).await;
        assert_eq!(ask(cookie("13800000001").await, elsewhere.to_string()).await, 403);
        // A bad filter is a form error, never a silent "everything".
        let r = app.client.post(app.url("/api/archive")).header("cookie", cookie("13800000000").await).header("accept", "application/json")
            .form(&[("section", "dues"), ("state", "approved")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
    }
}
