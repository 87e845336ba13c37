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
        let done = Report { text: "已组织全体党员专题学习，42 人参加。".into(), number: String::new() };
        for other in [&member, &flowing_secretary, &committee] {
            assert_eq!(shown(report(&app.db, other, id, &done, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        }
        let short = Report { text: "好".into(), number: String::new() };
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
            let done = Report { text: String::new(), number: "3".into() };
            assert_eq!(shown(report(&app.db, &other, id, &done, today).await), Err(AppError::Code(ErrorCode::Forbidden)));
        }
        let wrong = Report { text: String::new(), number: "十二".into() };
        assert_eq!(shown(report(&app.db, &member, id, &wrong, today).await), Err(field("完成数量", ErrorCode::InvalidForm)));
        report(&app.db, &member, id, &Report { text: String::new(), number: "12".into() }, today).await.unwrap();
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
        to.org_ids = vec![];
        assert_eq!(shown(dispatch(&app.db, &committee, &to, today).await), Err(field("接收对象", ErrorCode::InvalidForm)));
        let late = draft("subtree", "text", today.add_days(-1).unwrap());
        assert_eq!(shown(dispatch(&app.db, &committee, &late, today).await), Err(field("截止日期", ErrorCode::InvalidDate)));
        let photos = draft("subtree", "photos", soon);
        assert_eq!(shown(dispatch(&app.db, &committee, &photos, today).await), Err(field("完成标准", ErrorCode::InvalidForm)));
        // A committee's whole subtree is its own branches, nobody else's.
        let task = dispatch(&app.db, &committee, &draft("subtree", "text", soon), today).await.unwrap();
        let outside = common::scalar_i64(&app, &format!(
            "SELECT COUNT(*) FROM task_assignments a JOIN organizations o ON o.id = a.org_id \
             WHERE a.task_id = {task} AND o.path NOT LIKE $1"), &format!("{}%", committee.scope_path.as_str())).await;
        assert_eq!(outside, 0);
        let inside = common::scalar_i64(&app, &format!("SELECT COUNT(*) FROM task_assignments WHERE task_id = {task} AND $1 = $1"), "").await;
        assert!(inside >= 1);
    }
}
