//! Organizational life, planning: a branch plans a meeting, its members hear of it and see it
//! coming (on `/org-life` and the home screen's "what needs me"); nobody else does; bad input is
//! refused field by field and stores nothing. Both engines.

use crate::common;

use app::{
    error::AppError,
    orglife::{MeetingCommand, MeetingDraft},
};
use domain::ErrorCode;
use server::{access::Actor, orglife, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
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
        let branch = secretary.scope_org_id.get();
        let count = "SELECT COUNT(*) FROM meetings";
        // The demo county's own meetings (docs/operations.md#the-demo-county).
        let seeded = common::scalar_i64(&app, count, "").await;

        // Only the branch plans, for itself; members cannot.
        assert_eq!(orglife::overview(&app.db, &secretary).await.unwrap().plan_for[0].0, branch);
        assert!(orglife::overview(&app.db, &member).await.unwrap().plan_for.is_empty());
        let planned = draft(branch, "学习贯彻全会精神", at(3, 9), at(3, 11));
        assert_eq!(
            orglife::plan(&app.db, &member, planned.clone()).await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden)
        );
        let other_branch = elsewhere.scope_org_id.get();
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
        assert_eq!(common::scalar_i64(&app, count, "").await, seeded);

        let plans = "SELECT COUNT(*) FROM audit_events WHERE action = $1";
        let plans_before = common::scalar_i64(&app, plans, "meeting.plan").await;
        let id = orglife::plan(&app.db, &secretary, planned).await.unwrap();
        // The member sees it on the page and the home card, and was told.
        let seen = orglife::overview(&app.db, &member).await.unwrap();
        let mine = seen.upcoming.iter().find(|m| m.id == id).expect("on the member's page");
        assert_eq!(mine.kind_label, "主题党日");
        assert_eq!(mine.ends_at, "11:00");
        let todo = server::notices::todo(&app.db, &member, server::clock::today_china()).await.unwrap();
        assert_eq!(todo.meetings.first().map(|m| m.id), Some(id), "the nearest first");
        let told = common::scalar_i64(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) AND title = '会议通知：主题党日'",
            &member.account_id.to_string(),
        )
        .await;
        assert_eq!(told, 1);
        // Another branch's member does not; the committee above sees its branches' plans.
        assert!(orglife::overview(&app.db, &elsewhere).await.unwrap().upcoming.iter().all(|m| m.id != id));
        assert!(server::notices::todo(&app.db, &elsewhere, server::clock::today_china()).await.unwrap().meetings.iter().all(|m| m.id != id));
        let committees = orglife::overview(&app.db, &committee).await.unwrap().upcoming;
        assert!(committees.iter().any(|m| m.id == id));
        // Not the Dongguan branch's, which is under another committee.
        let theirs = orglife::overview(&app.db, &elsewhere).await.unwrap().upcoming;
        assert!(theirs.iter().all(|m| committees.iter().all(|c| c.id != m.id)));
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        assert_eq!(common::scalar_i64(&app, plans, "meeting.plan").await, plans_before + 1);
    }
}

/// The address members open, as a deployment configures it.
const SITE: &str = "https://dj.example.cn";

/// A minute number as a `datetime-local` input sends it.
fn minute_text(n: i64) -> String {
    let day = domain::Date::from_day_number(n.div_euclid(1440)).unwrap();
    let m = n.rem_euclid(1440);
    format!("{day}T{:02}:{:02}", m / 60, m % 60)
}

/// Start and end (two hours later) of a meeting that signs in now and still starts today, China
/// time, since compliance counts meetings up to today: ten minutes ahead, at most 23:59.
fn soon_today() -> (String, String) {
    let now = domain::orglife::minute_number(&server::clock::now_china_minute()).unwrap();
    let start = now + 10.min(1439 - now.rem_euclid(1440));
    (minute_text(start), minute_text(start + 120))
}

/// Members of a branch with working logins (the demo's), as actors.
async fn branch_members(app: &common::TestApp, branch: i64, n: usize) -> Vec<Actor> {
    let ids: Vec<i64> = server::with_pool!(&app.db, pool => {
        sqlx::query_scalar(
            "SELECT a.id FROM accounts a JOIN members m ON m.id = a.member_id \
             WHERE m.org_id = $1 AND a.role = 'member' AND a.must_change_password = 0 ORDER BY a.id",
        )
        .bind(branch)
        .fetch_all(pool)
        .await
        .unwrap()
    });
    let mut out = Vec::new();
    for id in ids.into_iter().take(n) {
        out.push(
            Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
                .await
                .unwrap(),
        );
    }
    out
}

async fn post_photos(
    app: &common::TestApp,
    id: i64,
    cookie: &str,
    files: Vec<Vec<u8>>,
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new();
    for bytes in files {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("p.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    }
    // A fresh connection each time: an oversized upload is refused before it is all sent, and
    // the server then closes the connection.
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/org-life/{id}/photos")))
        .header("cookie", cookie)
        .header("origin", app.url(""))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn cmd(c: MeetingCommand) -> MeetingCommand {
    c
}

on_both_engines! {
    async fn a_meeting_is_signed_recorded_reviewed_twice_and_locked(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use server::orglife::photo::fixture::phone_jpeg;
        let secretary = actor(&app, "13800000002").await;
        let committee = actor(&app, "13800000001").await;
        let county = actor(&app, "13800000000").await;
        let outsider = actor(&app, "13800000004").await;
        let branch = secretary.scope_org_id.get();
        let members = branch_members(&app, branch, 4).await;
        assert_eq!(members.len(), 4, "the demo branch has members with accounts");
        let (start, end) = soon_today();
        let mut planned = draft(branch, "学习贯彻全会精神", start, end);
        planned.kind = "theme_party_day".into();
        let id = orglife::plan(&app.db, &secretary, planned).await.unwrap();
        let code = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar::<_, String>("SELECT sign_code FROM meetings WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        assert_eq!(code.len(), 6);
        let wrong = if code == "000000" { "111111" } else { "000000" };

        // Three sign in with the code; a wrong code, or another branch's member, is refused.
        let run = |a: &Actor, c: MeetingCommand| {
            let (db, a) = (app.db.clone(), a.clone());
            async move { orglife::command(&db, &a, c).await }
        };
        let refused = AppError::Field { label: "签到码".into(), code: ErrorCode::InvalidSignInCode };
        assert_eq!(run(&members[0], cmd(MeetingCommand::SignIn { code: wrong.into() })).await.unwrap_err(), refused);
        assert_eq!(run(&outsider, MeetingCommand::SignIn { code: code.clone() }).await.unwrap_err(), refused);
        for m in &members[..3] {
            assert_eq!(run(m, MeetingCommand::SignIn { code: code.clone() }).await.unwrap(), id);
        }
        // The fourth asks for leave; a signed-in member cannot.
        let leave = |reason: &str| MeetingCommand::AskLeave { meeting_id: id, reason: reason.into() };
        assert_eq!(run(&members[0], leave("家中有事")).await.unwrap_err(), AppError::Code(ErrorCode::AlreadyDecided));
        assert!(matches!(run(&members[3], leave("")).await.unwrap_err(), server::error::ServiceError::Field { .. }));
        run(&members[3], leave("外出务工，已向书记说明")).await.unwrap();

        // Only the branch writes the record; the code is the branch's to show.
        let save = |minutes: &str| MeetingCommand::Save {
            meeting_id: id,
            host: "张书记".into(),
            recorder: "李委员".into(),
            minutes: minutes.into(),
            decisions: "按期完成学习任务".into(),
        };
        for who in [&members[0], &committee, &county] {
            assert_eq!(run(who, save("## 会议记录\n学习了全会精神。")).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden));
        }
        assert!(orglife::record::detail(&app.db, &members[0], id, SITE).await.unwrap().sign_code.is_none());
        run(&secretary, save("## 会议记录\n学习了全会精神。")).await.unwrap();
        let seen = orglife::record::detail(&app.db, &secretary, id, SITE).await.unwrap();
        assert_eq!(seen.sign_code.as_deref(), Some(code.as_str()));
        // The QR code carries the full address, so any phone's camera opens the sign-in page.
        let url = format!("{SITE}/org-life/sign-in?code={code}");
        assert_eq!(seen.sign_in_url.as_deref(), Some(url.as_str()));
        let drawn = qrcode::QrCode::new(&url).unwrap().render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
        assert!(drawn.ends_with(seen.sign_qr_svg.as_deref().unwrap()) && seen.sign_qr_svg.unwrap().starts_with("<svg"));
        // Over HTTP the address is the one the host's browser used.
        let page = app.client.get(app.url(&format!("/org-life/{id}"))).header("cookie", common::login_cookie(&app, "13800000002").await).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("href=\"{}\"", app.url(&format!("/org-life/sign-in?code={code}")))), "{page}");
        assert!(seen.tally.starts_with(&format!("应到 {} 人，签到 3 人，请假 1 人", seen.attendance.len())), "{}", seen.tally);

        // Photos: checked, re-encoded, camera time read; bad files change nothing.
        let cookie = common::login_cookie(&app, "13800000002").await;
        let photos = "SELECT COUNT(*) FROM meeting_photos WHERE meeting_id = CAST($1 AS BIGINT)";
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.extend_from_slice(b"not really a photo");
        for (files, status, code) in [
            (vec![b"%PDF-1.7".to_vec()], 422, "invalid_image"),
            (vec![phone_jpeg(8, 8, "", None), fake], 422, "image_unreadable"),
            (vec![vec![0xFF; 13 * 1024 * 1024]], 413, "file_too_large"),
        ] {
            let (s, body) = post_photos(&app, id, &cookie, files).await;
            assert_eq!(s, status, "{body}");
            assert!(body.contains(code), "{body}");
        }
        assert_eq!(common::scalar_i64(&app, photos, &id.to_string()).await, 0);
        let member_cookie = common::login_cookie(&app, "13800000003").await;
        assert_eq!(post_photos(&app, id, &member_cookie, vec![phone_jpeg(8, 8, "", None)]).await.0, 403);
        let (s, body) = post_photos(&app, id, &cookie, vec![
            phone_jpeg(640, 480, "2020:05:01 10:00:00", Some((26.1, 112.0))),
            phone_jpeg(64, 48, "", None),
        ]).await;
        assert_eq!(s, 201, "{body}");
        let seen = orglife::record::detail(&app.db, &secretary, id, SITE).await.unwrap();
        assert_eq!(seen.photos.len(), 2);
        assert!(seen.photos[0].predates && seen.photos[0].place.is_some());
        assert_eq!(seen.photos[0].taken_at.as_deref(), Some("2020-05-01 10:00"));
        assert!(!seen.photos[1].predates && seen.photos[1].taken_at.is_none());
        // The branch's members and reviewers see them; another branch's member does not.
        let get = |url: String, cookie: String| {
            let (client, full) = (app.client.clone(), app.url(&url));
            async move { client.get(full).header("cookie", cookie).send().await.unwrap().status().as_u16() }
        };
        assert_eq!(get(seen.photos[0].thumb_url.clone(), member_cookie.clone()).await, 200);
        let outsider_cookie = common::login_cookie(&app, "13800000004").await;
        assert_eq!(get(seen.photos[0].url.clone(), outsider_cookie).await, 404);

        // Members see the tally and their own line only; the branch sees everyone.
        let own = orglife::record::detail(&app.db, &members[3], id, SITE).await.unwrap();
        assert_eq!(own.attendance.len(), 1);
        assert_eq!(own.attendance[0].reason, "外出务工，已向书记说明");
        // A record is not submitted before its meeting: a meeting next week cannot be.
        let mut later = draft(branch, "下周的党课", at(7, 9), at(7, 11));
        later.kind = "party_lecture".into();
        let later = orglife::plan(&app.db, &secretary, later).await.unwrap();
        let early = MeetingCommand::Save {
            meeting_id: later,
            host: "张书记".into(),
            recorder: "李委员".into(),
            minutes: "## 提前写好的记录".into(),
            decisions: String::new(),
        };
        run(&secretary, early).await.unwrap();
        assert_eq!(run(&secretary, MeetingCommand::Submit { meeting_id: later }).await.unwrap_err(), AppError::Code(ErrorCode::MeetingNotStarted));

        // Submitted: the rest of the branch is absent, the record is closed to edits.
        run(&secretary, MeetingCommand::Submit { meeting_id: id }).await.unwrap();
        assert_eq!(run(&secretary, save("改动")).await.unwrap_err(), AppError::Code(ErrorCode::MeetingLocked));
        let absent = seen.attendance.len() as i64 - 4;
        let count_absent = format!("SELECT COUNT(*) FROM meeting_attendance WHERE status = $1 AND meeting_id = {id}");
        assert_eq!(common::scalar_i64(&app, &count_absent, "absent").await, absent);

        // The committee reviews first; the county cannot skip it.
        let review = |approve: bool, comment: &str| MeetingCommand::Review { meeting_id: id, approve, comment: comment.into() };
        assert!(server::orglife::review::queue(&app.db, &committee, None, None, 0).await.unwrap().items.iter().any(|i| i.meeting.id == id));
        assert_eq!(run(&county, review(true, "")).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden));
        assert!(matches!(run(&committee, review(false, "")).await.unwrap_err(), server::error::ServiceError::Field { .. }));
        run(&committee, review(false, "请补充会议决定事项的落实人")).await.unwrap();
        let returned = orglife::record::detail(&app.db, &secretary, id, SITE).await.unwrap();
        assert_eq!(returned.status.code(), "returned");
        assert_eq!(returned.history.last().unwrap().comment, "请补充会议决定事项的落实人");
        run(&secretary, save("## 会议记录\n学习了全会精神。落实人：王委员。")).await.unwrap();
        run(&secretary, MeetingCommand::Submit { meeting_id: id }).await.unwrap();
        run(&committee, review(true, "")).await.unwrap();
        assert_eq!(run(&committee, review(true, "")).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden));
        assert!(server::orglife::review::queue(&app.db, &county, None, None, 0).await.unwrap().items.iter().any(|i| i.meeting.id == id));
        let booked = "SELECT COUNT(*) FROM points_ledger WHERE activity_key = $1";
        let attended_before = common::scalar_i64(&app, booked, "org_life_attended").await;
        let absent_before = common::scalar_i64(&app, booked, "org_life_absent_unexcused").await;
        let told = "SELECT COUNT(*) FROM notifications WHERE title = $1 AND body LIKE '%无故缺席%扣 % 分%'";
        let told_before = common::scalar_i64(&app, told, "组织生活缺席").await;
        run(&county, review(true, "同意")).await.unwrap();

        // Locked; points booked through the rules; compliance counts it.
        let done = orglife::record::detail(&app.db, &secretary, id, SITE).await.unwrap();
        assert_eq!((done.status.code(), done.can_edit, done.history.len()), ("approved", false, 5));
        assert_eq!(run(&secretary, save("再改")).await.unwrap_err(), AppError::Code(ErrorCode::MeetingLocked));
        assert_eq!(run(&county, review(true, "")).await.unwrap_err(), AppError::Code(ErrorCode::AlreadyDecided));
        assert_eq!(common::scalar_i64(&app, booked, "org_life_attended").await, attended_before + 3);
        assert_eq!(common::scalar_i64(&app, booked, "org_life_absent_unexcused").await, absent_before + absent);
        let view = server::orglife::compliance::overview(&app.db, &committee, Some(branch)).await.unwrap();
        let detail = view.detail.unwrap();
        let theme = detail.kinds.iter().find(|k| k.kind_label == "主题党日").unwrap();
        assert_eq!(theme.held, 1);
        assert!(server::orglife::compliance::overview(&app.db, &members[0], None).await.is_err());
        // Each absentee with an account is told, with the deduction.
        let reachable = common::scalar_i64(&app, &format!("SELECT COUNT(*) FROM meeting_attendance a JOIN accounts c ON c.member_id = a.member_id WHERE a.status = $1 AND a.meeting_id = {id}"), "absent").await;
        assert!(reachable > 0);
        assert_eq!(common::scalar_i64(&app, told, "组织生活缺席").await, told_before + reachable);
        // The absentee's file shows the year: the absences (this one and any at the demo's own
        // approved meetings), the points taken, the ledger line.
        let absentee = common::scalar_i64(&app, &format!("SELECT MIN(member_id) FROM meeting_attendance WHERE status = $1 AND meeting_id = {id}"), "absent").await;
        let file = server::members::service::view(&app.db, &committee, domain::MemberId::new(absentee).unwrap()).await.unwrap();
        let year_start = format!("{}-01-01", server::clock::today_china().year());
        let deducted = common::scalar_i64(&app, &format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE member_id = {absentee} AND day >= $1"), &year_start).await;
        let in_year = |status: &str| format!(
            "SELECT COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.member_id = {absentee} \
             AND a.status = '{status}' AND m.status = 'approved' AND m.starts_at >= $1"
        );
        let (absent_year, attended_year) = (
            common::scalar_i64(&app, &in_year("absent"), &year_start).await,
            common::scalar_i64(&app, &in_year("present"), &year_start).await,
        );
        assert!(absent_year >= 1);
        assert_eq!((i64::from(file.year.absent), i64::from(file.year.attended), file.year.points), (absent_year, attended_year, deducted));
        assert!(file.year.ledger.iter().any(|l| l.label == "无故缺席组织生活" && l.points < 0), "{:?}", file.year.ledger);
        // The list of members with N or more absences this year, by the county's line (two by
        // default, then one): counted apart from the service.
        let at_least = |n: i64| format!(
            "SELECT COUNT(*) FROM (SELECT a.member_id FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id \
             WHERE m.org_id = {branch} AND a.status = 'absent' AND m.status = 'approved' AND m.starts_at >= $1 \
             GROUP BY a.member_id HAVING COUNT(*) >= {n}) t"
        );
        let twice = common::scalar_i64(&app, &at_least(2), &year_start).await;
        assert_eq!((view.absence_line, detail.absentees.len() as i64), (2, twice));
        let mut policy = server::settings::list_policy(&app.db).await.unwrap();
        policy.black_triggers.org_life_absent_unexcused_min = Some(1);
        server::settings::set_list_policy(&app.db, &county, policy).await.unwrap();
        let view = server::orglife::compliance::overview(&app.db, &committee, Some(branch)).await.unwrap();
        assert_eq!(view.absence_line, 1);
        assert_eq!(view.detail.unwrap().absentees.len() as i64, common::scalar_i64(&app, &at_least(1), &year_start).await);
        assert!(common::scalar_i64(&app, &at_least(1), &year_start).await >= absent);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
    }
}

on_both_engines! {
    async fn branches_are_reminded_before_a_period_ends_and_committees_warned_after(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use domain::orglife::{period_of, Frequency};
        use server::reminders::{run_daily, DailyReport};
        let secretary = actor(&app, "13800000002").await;
        let committee = actor(&app, "13800000001").await;
        // A theme party day planned for tomorrow's month; two days before that month ends, the
        // branch hears of what else is still missing, not of it.
        let tomorrow = server::clock::today_china().add_days(1).unwrap();
        let (_, month_end) = period_of(Frequency::Monthly, tomorrow).unwrap();
        let mut planned = draft(secretary.scope_org_id.get(), "主题党日", format!("{tomorrow}T09:00"), format!("{tomorrow}T11:00"));
        planned.kind = "theme_party_day".into();
        orglife::plan(&app.db, &secretary, planned).await.unwrap();
        let messages = |account: i64, title: &'static str| {
            let db = app.db.clone();
            async move {
                server::with_pool!(&db, pool => {
                    sqlx::query_scalar::<_, String>("SELECT body FROM notifications WHERE account_id = $1 AND title = $2")
                        .bind(account)
                        .bind(title)
                        .fetch_all(pool)
                        .await
                        .unwrap()
                })
            }
        };
        let report = run_daily(&app.db, month_end.add_days(-2).unwrap()).await.unwrap();
        assert!(matches!(report, DailyReport::Done { orglife, .. } if orglife > 0), "{report:?}");
        let near = messages(secretary.account_id.get(), "组织生活提醒").await;
        assert_eq!(near.len(), 1, "{near:?}");
        assert!(near[0].contains("支委会") && !near[0].contains("主题党日"), "{}", near[0]);
        // Once per period, however many days it runs.
        run_daily(&app.db, month_end.add_days(-1).unwrap()).await.unwrap();
        assert_eq!(messages(secretary.account_id.get(), "组织生活提醒").await.len(), 1);

        // After the month: a meeting only planned was not held; the committee is warned once.
        assert!(messages(committee.account_id.get(), "组织生活预警").await.is_empty());
        run_daily(&app.db, month_end.add_days(2).unwrap()).await.unwrap();
        run_daily(&app.db, month_end.add_days(3).unwrap()).await.unwrap();
        let warned = messages(committee.account_id.get(), "组织生活预警").await;
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].contains("主题党日"), "{}", warned[0]);
    }
}

on_both_engines! {
    async fn the_county_sets_the_required_frequencies_and_compliance_and_reminders_follow(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use domain::orglife::{Frequency, OrgLifeRules, RulesHistory};
        use server::reminders::run_daily;
        let today = server::clock::today_china();
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get();
        let frequency_of = |view: &app::orglife::ComplianceView, kind: &str| {
            view.required.iter().find(|r| r.kind == kind).unwrap().frequency.clone()
        };
        let view = orglife::compliance::overview(&app.db, &committee, Some(branch)).await.unwrap();
        assert_eq!(frequency_of(&view, "party_lecture"), "quarterly");
        assert!(!view.can_configure && view.rules_since.is_none());
        let lectures_owed = |view: &app::orglife::ComplianceView| {
            view.detail.as_ref().unwrap().kinds.iter().find(|k| k.kind_label == "党课").unwrap().required
        };
        let owed_before = lectures_owed(&view);
        assert!(orglife::compliance::overview(&app.db, &county, None).await.unwrap().can_configure);

        // Over HTTP, as the form posts it: a wrong value is named by its kind and nothing is saved.
        let form = |lecture: &'static str| {
            vec![
                ("branch_assembly", "quarterly"), ("branch_committee", "none"), ("party_group", "monthly"),
                ("party_lecture", lecture), ("theme_party_day", "monthly"), ("org_life_meeting", "yearly"),
                ("democratic_appraisal", "yearly"),
            ]
        };
        let post = |cookie: String, form: Vec<(&'static str, &'static str)>| {
            let request = app.client.post(app.url("/api/set_orglife_rules")).header("accept", "application/json")
                .header("cookie", cookie).form(&form);
            async move { request.send().await.unwrap() }
        };
        let county_cookie = common::login_cookie(&app, "13800000000").await;
        let bad = post(county_cookie.clone(), form("weekly")).await;
        assert_eq!(bad.status(), 422);
        let body = bad.text().await.unwrap();
        assert!(body.contains("invalid_frequency") && body.contains("党课"), "{body}");
        assert_eq!(server::settings::orglife_rules(&app.db).await.unwrap(), RulesHistory::default());
        let refused = post(common::login_cookie(&app, "13800000001").await, form("monthly")).await;
        assert_eq!(refused.status(), 403);
        let auditor = actor(&app, "13800000005").await;
        assert_eq!(server::settings::set_orglife_rules(&app.db, &auditor, &OrgLifeRules::default(), today).await.map_err(|e| e.code()), Err(ErrorCode::Forbidden));
        let saved = post(county_cookie, form("monthly")).await;
        assert!(saved.status().is_success() || saved.status().is_redirection(), "{}", saved.status());
        let (since, rules) = server::settings::orglife_rules(&app.db).await.unwrap().at(today);
        assert_eq!((rules.party_lecture, rules.branch_committee), (Some(Frequency::Monthly), None));
        assert_eq!(since, Some(today));

        // Compliance counts by the county's rules: no branch committee row, lectures monthly.
        let view = orglife::compliance::overview(&app.db, &committee, Some(branch)).await.unwrap();
        assert_eq!((frequency_of(&view, "party_lecture").as_str(), frequency_of(&view, "branch_committee").as_str()), ("monthly", "none"));
        assert_eq!(view.rules_since, Some(today.to_string()));
        // Not backwards: the quarters wholly before today's are owed as they were; today's
        // quarter (the change falls inside) and this month are owed under neither.
        assert_eq!(lectures_owed(&view), u32::from(today.month() - 1) / 3);
        assert!(owed_before >= lectures_owed(&view));
        let kinds = view.detail.unwrap().kinds;
        assert!(kinds.iter().all(|k| k.kind_label != "支委会"), "{kinds:?}");
        let lecture = kinds.iter().find(|k| k.kind_label == "党课").unwrap();
        assert_eq!(lecture.frequency_label, "每月");

        // So do the reminders, from the first whole month under the new rules: near its end the
        // lecture is missing, the committee meeting is not asked for.
        let month_end = domain::YearMonth::of(today).add_months(1).unwrap().last_day();
        run_daily(&app.db, month_end.add_days(-2).unwrap()).await.unwrap();
        let near: Vec<String> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT body FROM notifications WHERE account_id = $1 AND title = '组织生活提醒'")
                .bind(secretary.account_id)
                .fetch_all(pool)
                .await
                .unwrap()
        });
        assert_eq!(near.len(), 1, "{near:?}");
        assert!(near[0].contains("党课") && !near[0].contains("支委会"), "{}", near[0]);

        // Saved again unchanged: nothing starts anew, nothing is written.
        server::settings::set_orglife_rules(&app.db, &county, &rules, today).await.unwrap();
        let changes = common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "settings.orglife").await;
        assert_eq!(changes, 1);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
    }

    async fn a_sign_in_code_cannot_be_guessed(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get();
        let members = branch_members(&app, branch, 2).await;
        let (start, end) = soon_today();
        let id = orglife::plan(&app.db, &secretary, draft(branch, "签到码防猜测", start, end)).await.unwrap();
        let code = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar::<_, String>("SELECT sign_code FROM meetings WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        let wrong = |i: u32| {
            let guess = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
            MeetingCommand::SignIn { code: guess }
        };
        let run = |a: &Actor, c: MeetingCommand| {
            let (db, a) = (app.db.clone(), a.clone());
            async move { orglife::command(&db, &a, c).await }
        };
        let refused = |code| AppError::Field { label: "签到码".into(), code };
        for i in 0..5 {
            assert_eq!(run(&members[0], wrong(i)).await.unwrap_err(), refused(ErrorCode::InvalidSignInCode), "guess {i}");
        }
        assert_eq!(run(&members[0], wrong(5)).await.unwrap_err(), refused(ErrorCode::SignInAttemptsExceeded));
        // After the allowance, even the right code: the branch marks the member instead.
        assert_eq!(run(&members[0], MeetingCommand::SignIn { code: code.clone() }).await.unwrap_err(),
            refused(ErrorCode::SignInAttemptsExceeded));
        // Counted per member: another member signs in.
        assert_eq!(run(&members[1], MeetingCommand::SignIn { code: code.clone() }).await.unwrap(), id);
        // Every attempt is logged, right or wrong.
        let app = &app;
        let logged = |member: &Actor, succeeded: i64| {
            let sql = format!("SELECT COUNT(*) FROM sign_in_attempts WHERE meeting_id = {id} AND succeeded = {succeeded} AND member_id = CAST($1 AS BIGINT)");
            let member = member.member_id.unwrap().to_string();
            async move { common::scalar_i64(app, &sql, &member).await }
        };
        assert_eq!((logged(&members[0], 0).await, logged(&members[0], 1).await), (6, 1));
        assert_eq!((logged(&members[1], 0).await, logged(&members[1], 1).await), (0, 1));
    }
}
