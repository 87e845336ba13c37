//! Organizational life, planning: a branch plans a meeting, its members hear of it and see it
//! coming (on `/org-life` and the home screen's "what needs me"); nobody else does; bad input is
//! refused field by field and stores nothing. Both engines.

mod common;

use app::{error::AppError, orglife::MeetingDraft};
use domain::ErrorCode;
use server::{access::Actor, orglife, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, id).await.unwrap()
}

/// A China-time minute `days` from now, as a `datetime-local` input sends it.
fn at(days: i64, hour: u32) -> String {
    let day = server::clock::today_china().add_days(days).unwrap();
    format!("{day}T{hour:02}:00")
}

fn draft(org_id: i64, topic: &str, starts_at: String, ends_at: String) -> MeetingDraft {
    MeetingDraft {
        org_id,
        kind: "theme_party_day".into(),
        topic: topic.into(),
        starts_at,
        ends_at,
        place: "村部会议室".into(),
    }
}

on_both_engines! {
    async fn a_branch_plans_a_meeting_and_its_members_see_it_coming(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let secretary = actor(&app, "13800000002").await;
        let member = actor(&app, "13800000003").await;
        let elsewhere = actor(&app, "13800000004").await;
        let committee = actor(&app, "13800000001").await;
        let branch = secretary.scope_org_id;
        let count = "SELECT COUNT(*) FROM meetings";

        // Only the branch plans, for itself; members cannot.
        assert_eq!(orglife::overview(&app.db, &secretary).await.unwrap().plan_for[0].0, branch);
        assert!(orglife::overview(&app.db, &member).await.unwrap().plan_for.is_empty());
        let planned = draft(branch, "学习贯彻全会精神", at(3, 9), at(3, 11));
        assert_eq!(
            orglife::plan(&app.db, &member, planned.clone()).await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden)
        );
        let other_branch = elsewhere.scope_org_id;
        assert_eq!(
            orglife::plan(&app.db, &secretary, draft(other_branch, "越权安排", at(3, 9), at(3, 11))).await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden)
        );

        // Bad input names the field and stores nothing.
        for (bad, label, code) in [
            (draft(branch, "x", at(3, 9), at(3, 11)), "主题", ErrorCode::InvalidText),
            (draft(branch, "主题党日", at(3, 11), at(3, 9)), "结束时间", ErrorCode::InvalidMeetingTime),
            (draft(branch, "主题党日", at(-2, 9), at(-2, 11)), "开始时间", ErrorCode::InvalidMeetingTime),
            (draft(branch, "主题党日", "下周五".into(), at(3, 11)), "开始时间", ErrorCode::InvalidMeetingTime),
        ] {
            assert_eq!(
                orglife::plan(&app.db, &secretary, bad).await.unwrap_err(),
                AppError::Field { label: label.into(), code }
            );
        }
        assert_eq!(common::scalar_i64(&app, count, "").await, 0);

        let id = orglife::plan(&app.db, &secretary, planned).await.unwrap();
        // The member sees it on the page and the home card, and was told.
        let seen = orglife::overview(&app.db, &member).await.unwrap();
        assert_eq!(seen.upcoming.len(), 1);
        assert_eq!(seen.upcoming[0].kind_label, "主题党日");
        assert_eq!(seen.upcoming[0].ends_at, "11:00");
        let todo = server::notices::todo(&app.db, &member).await.unwrap();
        assert_eq!(todo.meetings.iter().map(|m| m.id).collect::<Vec<_>>(), [id]);
        let told = common::scalar_i64(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) AND title = '会议通知：主题党日'",
            &member.account_id.to_string(),
        )
        .await;
        assert_eq!(told, 1);
        // Another branch's member does not; the committee above sees its branches' plans.
        assert!(orglife::overview(&app.db, &elsewhere).await.unwrap().upcoming.is_empty());
        assert!(server::notices::todo(&app.db, &elsewhere).await.unwrap().meetings.is_empty());
        assert_eq!(orglife::overview(&app.db, &committee).await.unwrap().upcoming.len(), 1);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        let events = common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "meeting.plan").await;
        assert_eq!(events, 1);
    }
}
