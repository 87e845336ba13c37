//! Party-building tasks through the services (docs/rules.md#tasks): who sends them and to whom,
//! reports, returns and acceptance by the dispatcher or the committee in between, points once on
//! acceptance, the inbox and the trail — on both engines.

use crate::common;

use app::error::AppError;
use domain::ErrorCode;
use server::{
    access::Actor,
    seed::DemoPlan,
    tasks::{
        dispatch::{dispatch, TaskDraft},
        review::{report, review, Report},
    },
};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

fn draft(addressed: &str, evidence: &str, deadline: domain::Date) -> TaskDraft {
    TaskDraft {
        title: "学习贯彻全会精神专题组织生活".into(),
        instructions: "各支部组织一次专题学习，上报参加情况。".into(),
        deadline: deadline.to_string(),
        evidence: evidence.into(),
        unit: if evidence == "number" {
            "户".into()
        } else {
            String::new()
        },
        addressed: addressed.into(),
        ..TaskDraft::default()
    }
}

fn shown<T: std::fmt::Debug>(r: Result<T, server::error::ServiceError>) -> Result<T, AppError> {
    r.map_err(|e| server::ui::shown(&e))
}

fn field(label: &str, code: ErrorCode) -> AppError {
    AppError::Field {
        label: label.into(),
        code,
    }
}

on_both_engines! {
    async fn a_task_goes_down_is_returned_reported_again_and_accepted(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let member = actor(&app, "13800000003").await;
        let auditor = actor(&app, "13800000005").await;
        let flowing_secretary = actor(&app, "13800000006").await;
        let told = |account: domain::AccountId| {
            let app = &app;
            async move {
                common::scalar_i64(app, "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) AND title LIKE '新任务：%'", &account.to_string()).await
            }
        };
        let before = told(secretary.account_id).await;

        let task = dispatch(&app.db, &county, &draft("subtree", "text", today.add_days(7).unwrap()), today).await.unwrap();
        // Every branch of the county, each told.
        let branches = common::scalar_i64(&app, "SELECT COUNT(*) FROM organizations WHERE kind IN ('branch', 'flowing_branch') AND dissolved_at IS NULL AND $1 = $1", "").await;
        let assigned = common::scalar_i64(&app, "SELECT COUNT(*) FROM task_assignments WHERE task_id = CAST($1 AS BIGINT)", &task.to_string()).await;
        assert_eq!(assigned, branches);
        assert_eq!(told(secretary.account_id).await, before + 1);
        let village = secretary.scope_org_id.get();
        let id = common::scalar_i64(&app, &format!("SELECT id FROM task_assignments WHERE task_id = {task} AND org_id = CAST($1 AS BIGINT)"), &village.to_string()).await;

        // Only the branch reports its task.
        let done = Report { text: "已组织全体党员专题学习，42 人参加。".into(), number: String::new(), ..Report::default() };
        for other in [&member, &flowing_secretary, &committee] {
            assert_eq!(shown(report(&app.db, other, id, &done, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        }
        let short = Report { text: "好".into(), number: String::new(), ..Report::default() };
        assert_eq!(shown(report(&app.db, &secretary, id, &short, today).await), Err(field("完成情况", ErrorCode::InvalidText)));
        report(&app.db, &secretary, id, &done, today).await.unwrap();
        // Reported twice: the second is refused until a return.
        assert_eq!(shown(report(&app.db, &secretary, id, &done, today).await), Err(AppError::Code(ErrorCode::InvalidTransition)));

        // The committee in between and the county review; nobody else.
        for other in [&secretary, &auditor, &flowing_secretary, &member] {
            assert_eq!(shown(review(&app.db, other, id, true, "", today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        }
        assert_eq!(shown(review(&app.db, &committee, id, false, "", today).await), Err(field("验收意见", ErrorCode::InvalidText)));
        review(&app.db, &committee, id, false, "请补充学习记录", today).await.unwrap();
        let returned = common::scalar_i64(&app, "SELECT COUNT(*) FROM notifications WHERE title = $1", "任务被退回").await;
        assert!(returned >= 1);
        report(&app.db, &secretary, id, &done, today).await.unwrap();
        review(&app.db, &county, id, true, "", today).await.unwrap();
        assert_eq!(shown(review(&app.db, &committee, id, true, "", today).await), Err(AppError::Code(ErrorCode::InvalidTransition)));
        let state: (String, Option<String>) = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT state, accepted_on FROM task_assignments WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        assert_eq!(state, ("accepted".to_string(), Some(today.to_string())));
        // A task sent to an organization books nobody's points.
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM points_ledger WHERE activity_key = $1", "task_completed").await, 0);
        // Every step in the trail, filed under the branch.
        let steps = common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'task.%' AND (org_id = CAST($1 AS BIGINT) OR entity = 'tasks')", &village.to_string()).await;
        assert_eq!(steps, 1 + 2 + 2);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }

    async fn a_task_for_members_books_their_points_once(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let committee = actor(&app, "13800000001").await;
        let member = actor(&app, "13800000003").await;
        let mut to_members = draft("members", "number", today.add_days(3).unwrap());
        to_members.member_ids = vec![member.member_id.unwrap().get()];
        let task = dispatch(&app.db, &committee, &to_members, today).await.unwrap();
        let id = common::scalar_i64(&app, "SELECT id FROM task_assignments WHERE task_id = CAST($1 AS BIGINT)", &task.to_string()).await;
        // A task for a member is the member's own to report: not another member's, not the branch's.
        for other in ["13800000004", "13800000002"] {
            let other = actor(&app, other).await;
            let done = Report { text: String::new(), number: "3".into(), ..Report::default() };
            assert_eq!(shown(report(&app.db, &other, id, &done, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        }
        let wrong = Report { text: String::new(), number: "十二".into(), ..Report::default() };
        assert_eq!(shown(report(&app.db, &member, id, &wrong, today).await), Err(field("完成数量", ErrorCode::InvalidForm)));
        report(&app.db, &member, id, &Report { text: String::new(), number: "12".into(), ..Report::default() }, today).await.unwrap();
        let booked = || {
            let app = &app;
            let member = member.member_id.unwrap().get().to_string();
            async move { common::scalar_i64(app, "SELECT COUNT(*) FROM points_ledger WHERE activity_key = 'task_completed' AND member_id = CAST($1 AS BIGINT)", &member).await }
        };
        assert_eq!(booked().await, 0, "nothing is booked before acceptance");
        // The committee sent it: the county above does not review it.
        let county = actor(&app, "13800000000").await;
        assert_eq!(shown(review(&app.db, &county, id, true, "", today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        review(&app.db, &committee, id, true, "", today).await.unwrap();
        assert_eq!(shown(review(&app.db, &committee, id, true, "", today).await), Err(AppError::Code(ErrorCode::InvalidTransition)));
        assert_eq!(booked().await, 1);
    }

    async fn only_the_county_and_committees_send_and_only_below_them(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let committee = actor(&app, "13800000001").await;
        let soon = today.add_days(5).unwrap();
        for mobile in ["13800000002", "13800000003", "13800000005", "13800000006"] {
            let who = actor(&app, mobile).await;
            assert_eq!(shown(dispatch(&app.db, &who, &draft("subtree", "text", soon), today).await), Err(AppError::Code(ErrorCode::Forbidden)), "{mobile}");
        }
        let flowing = actor(&app, "13800000006").await.scope_org_id.get();
        let village = actor(&app, "13800000002").await.scope_org_id.get();
        let mut to = draft("orgs", "text", soon);
        for (orgs, allowed) in [(vec![flowing], false), (vec![committee.scope_org_id.get()], false), (vec![village], true)] {
            to.org_ids = orgs;
            assert_eq!(dispatch(&app.db, &committee, &to, today).await.is_ok(), allowed, "{:?}", to.org_ids);
        }
        // A party group has no officers to report for it: not a recipient.
        let group = common::scalar_i64(&app, "SELECT MIN(id) FROM organizations WHERE kind = 'party_group' AND path LIKE $1", &format!("{}%", committee.scope_path.as_str())).await;
        to.org_ids = vec![group];
        assert_eq!(shown(dispatch(&app.db, &committee, &to, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        to.org_ids = vec![];
        assert_eq!(shown(dispatch(&app.db, &committee, &to, today).await), Err(field("接收对象", ErrorCode::InvalidForm)));
        let late = draft("subtree", "text", today.add_days(-1).unwrap());
        assert_eq!(shown(dispatch(&app.db, &committee, &late, today).await), Err(field("截止日期", ErrorCode::InvalidDate)));
        let unknown = draft("subtree", "video", soon);
        assert_eq!(shown(dispatch(&app.db, &committee, &unknown, today).await), Err(field("完成标准", ErrorCode::InvalidForm)));
        // A committee's whole subtree is its own branches, nobody else's.
        let task = dispatch(&app.db, &committee, &draft("subtree", "text", soon), today).await.unwrap();
        let outside = common::scalar_i64(&app, &format!(
            "SELECT COUNT(*) FROM task_assignments a JOIN organizations o ON o.id = a.org_id \
             WHERE a.task_id = {task} AND o.path NOT LIKE $1"), &format!("{}%", committee.scope_path.as_str())).await;
        assert_eq!(outside, 0);
        let inside = common::scalar_i64(&app, &format!("SELECT COUNT(*) FROM task_assignments WHERE task_id = {task} AND $1 = $1"), "").await;
        assert!(inside >= 1);
        // The county sends to every branch below one committee: the same branches.
        let county = actor(&app, "13800000000").await;
        let mut under = draft("subtree", "text", soon);
        under.under = Some(committee.scope_org_id.get());
        let from_county = dispatch(&app.db, &county, &under, today).await.unwrap();
        let same = common::scalar_i64(&app, &format!(
            "SELECT COUNT(*) FROM task_assignments a JOIN task_assignments b ON b.org_id = a.org_id AND b.task_id = {task} \
             WHERE a.task_id = {from_county} AND $1 = $1"), "").await;
        let all = common::scalar_i64(&app, &format!("SELECT COUNT(*) FROM task_assignments WHERE task_id = {from_county} AND $1 = $1"), "").await;
        assert_eq!((same, all), (inside, inside));
        // Not below a place beside the sender, nor below itself by name.
        under.under = Some(flowing);
        assert_eq!(shown(dispatch(&app.db, &committee, &under, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        under.under = Some(committee.scope_org_id.get());
        assert_eq!(shown(dispatch(&app.db, &committee, &under, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
    }

    async fn the_pages_carry_a_task_from_the_form_to_acceptance(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let committee = common::login_cookie(&app, "13800000001").await;
        let secretary = common::login_cookie(&app, "13800000002").await;
        let member = common::login_cookie(&app, "13800000003").await;
        let flowing = common::login_cookie(&app, "13800000006").await;
        let village = actor(&app, "13800000002").await.scope_org_id.get();
        let committee_org = actor(&app, "13800000001").await.scope_org_id.get();
        let today = server::clock::today_china();
        let deadline = today.add_days(5).unwrap().to_string();
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        let fun = |cookie: &str, path: &str, body: Vec<(String, String)>| {
            let app = &app;
            let cookie = cookie.to_string();
            let path = path.to_string();
            async move {
                let r = app.client.post(app.url(&path)).header("cookie", cookie).header("accept", "application/json").form(&body).send().await.unwrap();
                let status = r.status().as_u16();
                (status, r.text().await.unwrap())
            }
        };
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();

        // The county's form: the branch ticked, a number to report. A branch cannot send one.
        let org_key = format!("task[orgs][{village}]");
        let body = form(&[("task[title]", "党员冬训参训人数报送"), ("task[instructions]", "**按支部**报送参训人数。"), ("task[deadline]", &deadline), ("task[evidence]", "number"), ("task[unit]", "人"), ("task[addressed]", "orgs"), (&org_key, "on")]);
        assert_eq!(fun(&secretary, "/api/dispatch_task", body.clone()).await.0, 403);
        let (status, said) = fun(&county, "/api/dispatch_task", body).await;
        assert!(status < 400, "{status} {said}");
        let task = common::scalar_i64(&app, "SELECT MAX(id) FROM tasks WHERE title = $1", "党员冬训参训人数报送").await;
        // A unit is needed for a number; the refusal names the field.
        let (status, said) = fun(&county, "/api/dispatch_task", form(&[("task[title]", "缺单位"), ("task[deadline]", &deadline), ("task[evidence]", "number"), ("task[addressed]", "orgs"), (&org_key, "on")])).await;
        assert_eq!(status, 422, "{said}");
        assert!(said.contains("单位"), "{said}");
        // A member named by a mobile outside the committee's subtree is unknown to it.
        let (status, said) = fun(&committee, "/api/dispatch_task", form(&[("task[title]", "个人任务"), ("task[deadline]", &deadline), ("task[evidence]", "text"), ("task[addressed]", "members"), ("task[member_mobiles]", "13800000004")])).await;
        assert_eq!(status, 422, "{said}");
        assert!(said.contains("unknown_member_mobile"), "{said}");

        // The branch sees it to do, on /tasks and on the home screen; the member and the
        // flowing branch do not, and its page is not theirs.
        let (_, v) = fun(&secretary, "/api/tasks", vec![]).await;
        let v = json(&v);
        assert!(v["todo"].as_array().unwrap().iter().any(|l| l["task_id"] == task), "{v}");
        assert!(v["sent"].is_null() && v["dispatch_orgs"].is_null(), "{v}");
        let (_, home) = fun(&secretary, "/api/todo", vec![]).await;
        assert!(json(&home)["tasks"].as_array().unwrap().iter().any(|l| l["task_id"] == task), "{home}");
        for other in [&member, &flowing] {
            let (_, v) = fun(other, "/api/tasks", vec![]).await;
            assert!(json(&v)["todo"].as_array().unwrap().iter().all(|l| l["task_id"] != task), "{v}");
            assert_eq!(fun(other, "/api/task", form(&[("id", &task.to_string())])).await.0, 404);
        }
        let (_, v) = fun(&secretary, "/api/task", form(&[("id", &task.to_string())])).await;
        let v = json(&v);
        assert!(v["instructions_html"].as_str().unwrap().contains("<strong>按支部</strong>"), "{v}");
        let assignment = v["mine"][0]["id"].as_i64().unwrap();
        assert_eq!(v["mine"][0]["may_report"], true);
        assert!(v["progress"].as_array().unwrap().is_empty(), "a recipient sees only its part: {v}");

        // Reported with a number; the committee in between does not review the county's named
        // task, the county does: returned, reported again, accepted.
        let id = assignment.to_string();
        let (status, said) = fun(&secretary, "/api/report_task", form(&[("assignment_id", &id), ("number", "四十"), ("text", "")])).await;
        assert_eq!(status, 422, "{said}");
        assert!(fun(&secretary, "/api/report_task", form(&[("assignment_id", &id), ("number", "38"), ("text", "2 人请假")])).await.0 < 400);
        // Reported: the committee follows it but does not review the county's named task.
        let (_, v) = fun(&committee, "/api/task", form(&[("id", &task.to_string())])).await;
        let v = json(&v);
        assert_eq!(v["overseen"][0]["progress"], "waiting", "{v}");
        assert_eq!(v["overseen"][0]["may_review"], false, "{v}");
        let (_, v) = fun(&committee, "/api/tasks", vec![]).await;
        assert!(json(&v)["to_review"].as_array().unwrap().iter().all(|l| l["assignment_id"] != assignment), "{v}");
        let (_, v) = fun(&county, "/api/task", form(&[("id", &task.to_string())])).await;
        assert_eq!(json(&v)["overseen"][0]["may_review"], true, "{v}");
        let (_, v) = fun(&county, "/api/tasks", vec![]).await;
        let v = json(&v);
        assert!(v["to_review"].as_array().unwrap().iter().any(|l| l["assignment_id"] == assignment), "{v}");
        let sent = v["sent"].as_array().unwrap().iter().find(|t| t["id"] == task).unwrap().clone();
        assert_eq!(sent["recipients"], 1);
        assert!(sent["progress"].as_array().unwrap().iter().any(|p| p[0] == "waiting" && p[2] == 1), "{sent}");
        assert_eq!(fun(&committee, "/api/review_task", form(&[("assignment_id", &id), ("decision", "accept")])).await.0, 403);
        let (status, said) = fun(&county, "/api/review_task", form(&[("assignment_id", &id), ("decision", "return")])).await;
        assert_eq!(status, 422, "a return needs its reason: {said}");
        assert!(fun(&county, "/api/review_task", form(&[("assignment_id", &id), ("decision", "return"), ("note", "请附参训名单")])).await.0 < 400);
        let (_, v) = fun(&secretary, "/api/task", form(&[("id", &task.to_string())])).await;
        let v = json(&v);
        assert_eq!(v["mine"][0]["review_note"], "请附参训名单");
        assert_eq!(v["mine"][0]["progress"], "returned");
        assert!(fun(&secretary, "/api/report_task", form(&[("assignment_id", &id), ("number", "38"), ("text", "名单已附")])).await.0 < 400);
        assert!(fun(&county, "/api/review_task", form(&[("assignment_id", &id), ("decision", "accept")])).await.0 < 400);
        // The drill-down: done 1, and the filter shows exactly that part.
        let (_, v) = fun(&county, "/api/task", form(&[("id", &task.to_string()), ("progress", "done")])).await;
        let v = json(&v);
        assert!(v["progress"].as_array().unwrap().iter().any(|p| p[0] == "done" && p[2] == 1), "{v}");
        assert_eq!(v["overseen"].as_array().unwrap().len(), 1);
        assert_eq!(v["overseen"][0]["report_number"], "38");
        let (_, v) = fun(&county, "/api/task", form(&[("id", &task.to_string()), ("progress", "overdue")])).await;
        assert!(json(&v)["overseen"].as_array().unwrap().is_empty());
        // Accepted: off the branch's list.
        let (_, v) = fun(&secretary, "/api/tasks", vec![]).await;
        assert!(json(&v)["todo"].as_array().unwrap().iter().all(|l| l["task_id"] != task));
        // The committee sees what it oversees below it, not its own sending.
        let (_, v) = fun(&committee, "/api/task", form(&[("id", &task.to_string())])).await;
        let v = json(&v);
        assert_eq!(v["overseen"].as_array().unwrap().len(), 1, "{v}");
        assert_eq!(v["overseen"][0]["may_review"], false);
        let _ = committee_org;
    }

    async fn recipients_are_reminded_before_and_committees_told_after(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let flowing = actor(&app, "13800000006").await;
        let today = domain::Date::parse("2027-03-01").unwrap();
        let deadline = today.add_days(10).unwrap();
        let task = dispatch(&app.db, &county, &draft("subtree", "text", deadline), today).await.unwrap();
        // One branch reports early: it is neither reminded nor late.
        let early = common::scalar_i64(&app, &format!("SELECT id FROM task_assignments WHERE task_id = {task} AND org_id = CAST($1 AS BIGINT)"), &secretary.scope_org_id.get().to_string()).await;
        report(&app.db, &secretary, early, &Report { text: "已完成专题学习。".into(), number: String::new(), ..Report::default() }, today).await.unwrap();
        let count = |title: &'static str| {
            let app = &app;
            async move { common::scalar_i64(app, "SELECT COUNT(*) FROM notifications WHERE title = $1", title).await }
        };
        let to = |title: &'static str, account: domain::AccountId| {
            let app = &app;
            async move { common::scalar_i64(app, &format!("SELECT COUNT(*) FROM notifications WHERE title = $1 AND account_id = {account}"), title).await }
        };
        // The default lead time is 3 days: nothing on the day before, once on the day.
        server::reminders::run_daily(&app.db, deadline.add_days(-4).unwrap()).await.unwrap();
        assert_eq!(count("任务即将到期").await, 0);
        server::reminders::run_daily(&app.db, deadline.add_days(-3).unwrap()).await.unwrap();
        // Each branch's secretary is told (in the demo, the two with accounts): not the one that
        // reported.
        assert_eq!(to("任务即将到期", flowing.account_id).await, 1);
        assert_eq!(to("任务即将到期", secretary.account_id).await, 0, "the branch that reported is not reminded");
        let reminded = count("任务即将到期").await;
        // On the day after the deadline, the committee is told once, naming the late branches.
        server::reminders::run_daily(&app.db, deadline.add_days(1).unwrap()).await.unwrap();
        server::reminders::run_daily(&app.db, deadline.add_days(2).unwrap()).await.unwrap();
        assert_eq!(to("任务逾期", committee.account_id).await, 1);
        assert_eq!(count("任务即将到期").await, reminded, "each once");
        let body: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT body FROM notifications WHERE title = '任务逾期' AND account_id = $1").bind(committee.account_id).fetch_one(pool).await.unwrap()
        });
        let secretary_branch: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1").bind(secretary.scope_org_id).fetch_one(pool).await.unwrap()
        });
        assert!(body.contains("未完成") && !body.contains(&secretary_branch), "{body}");
    }

    async fn a_late_task_lowers_the_branch_s_composite_score_by_its_weight(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        // Three days in one month from today on, so the days compared differ only in the tasks
        // due (no meeting is approved ahead of its day, bills are monthly, points yearly).
        let now = server::clock::today_china();
        let today = if now.day() <= 25 { now } else { now.add_days(7).unwrap() };
        let today = domain::Date::new(today.year(), today.month(), today.day().min(25)).unwrap();
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let village = secretary.scope_org_id;
        let mut to_village = draft("orgs", "text", today);
        to_village.org_ids = vec![village.get()];
        // One task reported and accepted on time, one left past its deadline.
        let done = dispatch(&app.db, &committee, &to_village, today).await.unwrap();
        let id = common::scalar_i64(&app, &format!("SELECT id FROM task_assignments WHERE task_id = {done} AND $1 = $1"), "").await;
        report(&app.db, &secretary, id, &Report { text: "已按要求完成。".into(), number: String::new(), ..Report::default() }, today).await.unwrap();
        review(&app.db, &committee, id, true, "", today).await.unwrap();
        to_village.deadline = today.add_days(1).unwrap().to_string();
        dispatch(&app.db, &committee, &to_village, today).await.unwrap();

        let score = |day: domain::Date| {
            let app = &app;
            let path = committee.scope_path.clone();
            async move {
                let all = server::rankings::composite::branches(&app.db, &path, day.year(), day).await.unwrap();
                all.into_iter().find(|b| b.org_id == village).unwrap().parts
            }
        };
        // Until its deadline has passed the second is not due: the task part is full; the day
        // after the deadline, one of two.
        let before = score(today.add_days(1).unwrap()).await;
        let after = score(today.add_days(2).unwrap()).await;
        assert_eq!((before.tasks.get(), after.tasks.get()), (1000, 500));
        // Default weights 20/40/25/15: half the task part is 25 × 500 / 100 = 125‰ of the score
        // (when the other parts stand still over the day, as they do here).
        assert_eq!((before.points, before.org_life, before.dues), (after.points, after.org_life, after.dues));
        assert_eq!(i64::from(before.score.get()) - i64::from(after.score.get()), 125);

        // The county weighs tasks alone: the score is the task part, and the committee's board
        // puts the branch last of its branches, each of the others at full marks.
        let cookie = common::login_cookie(&app, "13800000000").await;
        let committee_cookie = common::login_cookie(&app, "13800000001").await;
        let weights = |p: &str, o: &str, t: &str, d: &str| -> Vec<(String, String)> {
            [("points", p), ("org_life", o), ("tasks", t), ("dues", d), ("points_full_scale", "100")]
                .iter().map(|(k, v)| (format!("weights[{k}]"), v.to_string())).collect()
        };
        let post = |cookie: &str, form: Vec<(String, String)>| {
            let app = &app;
            let cookie = cookie.to_string();
            async move {
                let r = app.client.post(app.url("/api/save_score_weights")).header("cookie", cookie).header("accept", "application/json").form(&form).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
        assert_eq!(post(&committee_cookie, weights("0", "0", "100", "0")).await.0, 403);
        let (status, said) = post(&cookie, weights("0", "0", "0", "0")).await;
        assert_eq!(status, 422, "{said}");
        assert!(said.contains("invalid_weights"), "{said}");
        assert!(post(&cookie, weights("0", "0", "100", "0")).await.0 < 400);
        let boards = server::rankings::BoardCache::default();
        let later = today.add_days(2).unwrap();
        let seen = server::rankings::boards::view(&app.db, &boards, &committee, (later.year(), true, None), later).await.unwrap();
        let board = seen.composite.expect("the committee's branch board");
        let row = board.rows.iter().find(|r| r.org_id == village).unwrap();
        assert_eq!(row.score, "50.0");
        assert_eq!(row.rank as usize, board.total);
        assert!(board.rows.iter().filter(|r| r.org_id != village).all(|r| r.score == "100.0" && r.rank == 1));
        // A committee's score is its branches' mean: n − 1 at 1000‰ and one at 500‰, half up.
        let n = board.total as u64;
        let expected = ((1000 * (n - 1) + 500) * 2 + n) / (2 * n);
        let county_view = server::rankings::boards::view(&app.db, &boards, &county, (later.year(), true, None), later).await.unwrap();
        let committees = county_view.committees.expect("the county's committee board");
        let ours = committees.rows.iter().find(|r| r.org_id == committee.scope_org_id).unwrap();
        assert_eq!(ours.score, app::rankings::score_text(domain::Permille::new(u32::try_from(expected).unwrap()).unwrap()));
        // By default a committee sees its own row of the committee board; a member sees neither.
        let own = seen.committees.expect("own row");
        assert_eq!(own.rows.iter().map(|r| r.org_id).collect::<Vec<_>>(), vec![committee.scope_org_id]);
        let member = actor(&app, "13800000003").await;
        let v = server::rankings::boards::view(&app.db, &boards, &member, (later.year(), true, None), later).await.unwrap();
        assert!(v.composite.is_none() && v.committees.is_none());

        // The late task reported now: waiting for review, it counts neither way.
        let second = common::scalar_i64(&app, "SELECT MAX(id) FROM task_assignments WHERE org_id = CAST($1 AS BIGINT)", &village.get().to_string()).await;
        report(&app.db, &secretary, second, &Report { text: "已补报完成情况。".into(), number: String::new(), ..Report::default() }, later).await.unwrap();
        assert_eq!(score(later).await.tasks.get(), 1000);

        // Last year's board takes in a task due on its last day and never done.
        let last = today.year() - 1;
        let dec20 = domain::Date::new(last, 12, 20).unwrap();
        let mut past = draft("orgs", "text", domain::Date::new(last, 12, 31).unwrap());
        past.org_ids = vec![village.get()];
        dispatch(&app.db, &committee, &past, dec20).await.unwrap();
        let r = app.client.post(app.url("/api/rankings")).header("cookie", &committee_cookie).header("accept", "application/json")
            .form(&[("full", "true".to_string()), ("year", last.to_string())]).send().await.unwrap();
        let v: serde_json::Value = r.json().await.unwrap();
        let row = v["composite"]["rows"].as_array().unwrap().iter().find(|r| r["org_id"] == village.get()).unwrap().clone();
        assert_eq!(row["parts"][2], "0.0", "{row}");
    }
}

/// Posts a report as the phone's form does: `text` and each photo as a `photo` part.
async fn post_report(
    app: &common::TestApp,
    id: i64,
    cookie: &str,
    text: &str,
    photos: Vec<Vec<u8>>,
) -> (u16, serde_json::Value) {
    post_with_files(app, id, cookie, text, photos, vec![]).await
}

/// As `post_report`, with documents as `file` parts (name, bytes).
async fn post_with_files(
    app: &common::TestApp,
    id: i64,
    cookie: &str,
    text: &str,
    photos: Vec<Vec<u8>>,
    files: Vec<(&'static str, Vec<u8>)>,
) -> (u16, serde_json::Value) {
    let mut form = reqwest::multipart::Form::new().text("text", text.to_string());
    for p in photos {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(p)
                .file_name("p.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    }
    for (name, bytes) in files {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name)
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/tasks/assignments/{id}/report")))
        .header("cookie", cookie)
        .header("origin", app.url(""))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

on_both_engines! {
    async fn a_photo_task_is_reported_with_photos_from_the_phone(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use server::orglife::photo::fixture::phone_jpeg;
        let today = server::clock::today_china();
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let mut task = draft("orgs", "photos", today.add_days(5).unwrap());
        task.org_ids = vec![secretary.scope_org_id.get()];
        let task_id = dispatch(&app.db, &committee, &task, today).await.unwrap();
        let id = common::scalar_i64(&app, "SELECT id FROM task_assignments WHERE task_id = CAST($1 AS BIGINT)", &task_id.to_string()).await;
        let cookie = common::login_cookie(&app, "13800000002").await;

        // Someone else's assignment: refused before anything is read.
        let member = common::login_cookie(&app, "13800000003").await;
        assert_eq!(post_report(&app, id, &member, "完成", vec![phone_jpeg(64, 48, "", None)]).await.0, 403);
        // No photo: refused with its own message; not a photo: the whole report refused.
        let (status, body) = post_report(&app, id, &cookie, "已组织学习", vec![]).await;
        assert_eq!((status, common::error_code(&body)), (422, "photo_required"), "{body}");
        assert_eq!(post_report(&app, id, &cookie, "已组织学习", vec![b"not a picture".to_vec()]).await.0, 422);
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM task_report_photos WHERE assignment_id = CAST($1 AS BIGINT)", &id.to_string()).await, 0);
        // Two photos, one with the camera's time: reported, and the committee sees them.
        let photos = vec![phone_jpeg(640, 480, "2026:11:20 10:00:00", Some((26.1, 112.0))), phone_jpeg(64, 48, "", None)];
        let (status, body) = post_report(&app, id, &cookie, "已组织学习，附现场照片", photos).await;
        assert_eq!(status, 201, "{body}");
        let seen = server::tasks::view::task(&app.db, &committee, task_id, "", today).await.unwrap();
        let row = seen.overseen.iter().find(|a| a.id == id).unwrap();
        assert_eq!(row.photos.len(), 2);
        assert_eq!(row.photos[0].taken_at.as_deref(), Some("2026-11-20 10:00"));
        assert!(row.photos[1].taken_at.is_none());
        // The photo is the committee's and the branch's to see, not another branch's member's.
        let committee_cookie = common::login_cookie(&app, "13800000001").await;
        let get = |cookie: String, url: String| {
            let app = &app;
            async move { app.client.get(app.url(&url)).header("cookie", cookie).send().await.unwrap().status().as_u16() }
        };
        assert_eq!(get(committee_cookie.clone(), row.photos[0].thumb_url.clone()).await, 200);
        assert_eq!(get(cookie.clone(), row.photos[0].url.clone()).await, 200);
        let flowing = common::login_cookie(&app, "13800000004").await;
        assert_eq!(get(flowing, row.photos[0].url.clone()).await, 404);
        // The trail names the photos.
        let events = common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'task.report' AND after_json LIKE $1", "%task/%").await;
        assert_eq!(events, 1);
        // Returned, then reported again without new photos: the first ones stay.
        review(&app.db, &committee, id, false, "请补充参加人数", today).await.unwrap();
        let (status, body) = post_report(&app, id, &cookie, "参加 23 人", vec![]).await;
        assert_eq!(status, 201, "{body}");
        let seen = server::tasks::view::task(&app.db, &committee, task_id, "", today).await.unwrap();
        assert_eq!(seen.overseen.iter().find(|a| a.id == id).unwrap().photos.len(), 2);
    }
}

on_both_engines! {
    async fn a_file_task_is_reported_with_a_document(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let mut task = draft("orgs", "file", today.add_days(5).unwrap());
        task.org_ids = vec![secretary.scope_org_id.get()];
        let task_id = dispatch(&app.db, &committee, &task, today).await.unwrap();
        let id = common::scalar_i64(&app, "SELECT id FROM task_assignments WHERE task_id = CAST($1 AS BIGINT)", &task_id.to_string()).await;
        let cookie = common::login_cookie(&app, "13800000002").await;
        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();

        // Nothing attached, or a file that is no PDF, Word or Excel file: refused, nothing kept.
        let (status, body) = post_with_files(&app, id, &cookie, "名单见附件", vec![], vec![]).await;
        assert_eq!((status, common::error_code(&body)), (422, "file_required"), "{body}");
        let (status, body) = post_with_files(&app, id, &cookie, "名单见附件", vec![], vec![("名单.pdf", b"just text".to_vec())]).await;
        assert_eq!((status, common::error_code(&body)), (422, "invalid_document"), "{body}");
        // A PDF, its name as the phone gave it (without its folders).
        let (status, body) = post_with_files(&app, id, &cookie, "名单见附件", vec![], vec![("文件/支部/冬训名单.pdf", pdf.clone())]).await;
        assert_eq!(status, 201, "{body}");
        let seen = server::tasks::view::task(&app.db, &committee, task_id, "", today).await.unwrap();
        let row = seen.overseen.iter().find(|a| a.id == id).unwrap();
        assert_eq!(row.files.len(), 1);
        assert_eq!((row.files[0].name.as_str(), row.files[0].size_kb), ("冬训名单.pdf", 1));
        // The committee downloads it as it was sent; another branch's member does not.
        let committee_cookie = common::login_cookie(&app, "13800000001").await;
        let r = app.client.get(app.url(&row.files[0].url)).header("cookie", &committee_cookie).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
        let flowing = common::login_cookie(&app, "13800000004").await;
        assert_eq!(app.client.get(app.url(&row.files[0].url)).header("cookie", &flowing).send().await.unwrap().status(), 404);
        // Accepted like any report.
        review(&app.db, &committee, id, true, "", today).await.unwrap();
    }
}
