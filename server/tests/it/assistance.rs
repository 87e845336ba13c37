//! Village assistance (驻村帮扶): a committee stations a team by its members' mobile numbers;
//! the team logs visits with photos over real HTTP (with and without JavaScript) and reports
//! monthly; the committee, the county and the auditor see which teams report; nobody else sees
//! the team or its photos; late teams are reminded and their committee warned. Both engines.

use crate::common;

use app::{assistance::TeamDraft, error::AppError};
use domain::{Date, ErrorCode, YearMonth};
use server::{access::Actor, assistance, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

fn draft(org_id: i64, name: &str, leader: &str, members: &str) -> TeamDraft {
    TeamDraft {
        org_id,
        name: name.into(),
        village: "洞田头村".into(),
        started_on: server::clock::today_china()
            .add_days(-40)
            .unwrap()
            .to_string(),
        leader_mobile: leader.into(),
        member_mobiles: members.into(),
    }
}

/// Messages titled `title` in the inbox of the account with `mobile`.
async fn told(app: &common::TestApp, mobile: &str, title: &str) -> i64 {
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
             WHERE a.mobile = $1 AND n.title = $2",
        )
        .bind(mobile)
        .bind(title)
        .fetch_one(pool)
        .await
        .unwrap()
    })
}

/// Posts a visit as the multipart form sends it; the status and the `Location`, if any.
async fn post_visit(
    app: &common::TestApp,
    team: i64,
    cookie: &str,
    visited_on: &str,
    photos: Vec<Vec<u8>>,
    json: bool,
) -> (u16, Option<String>) {
    let mut form = reqwest::multipart::Form::new()
        .text("visited_on", visited_on.to_string())
        .text("content", "走访脱贫户 3 户，了解春耕用工需求。".to_string());
    for bytes in photos {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("p.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    }
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(&format!("/api/v1/assistance/{team}/visits")))
        .header("cookie", cookie)
        .header("origin", app.url(""))
        .header(
            "accept",
            if json {
                "application/json"
            } else {
                "text/html"
            },
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (r.status().as_u16(), location)
}

on_both_engines! {
    async fn a_committee_stations_a_team_that_logs_visits_and_reports(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use server::orglife::photo::fixture::phone_jpeg;
        let committee = actor(&app, "13800000001").await;
        let county = actor(&app, "13800000000").await;
        let auditor = actor(&app, "13800000005").await;
        let secretary = actor(&app, "13800000002").await;
        let leader = actor(&app, "13800000003").await;
        let outsider = actor(&app, "13800000004").await;
        let today = server::clock::today_china();
        let org = committee.scope_org_id.get();
        let teams = "SELECT COUNT(*) FROM assistance_teams";
        let seeded_teams = common::scalar_i64(&app, teams, "").await;

        // Only the county and the committees station teams.
        for who in [&leader, &secretary, &auditor] {
            assert_eq!(
                assistance::station(&app.db, who, draft(org, "越权工作队", "13800000003", ""), today).await.unwrap_err(),
                AppError::Code(ErrorCode::Forbidden)
            );
        }
        // Bad input names the field and stores nothing; a member outside the committee's reach
        // (the flowing branch in Dongguan) is not found by mobile.
        for (bad, label, code) in [
            (draft(org, "x", "13800000003", ""), "工作队名称", ErrorCode::InvalidText),
            (draft(org, "龙泉镇驻洞田头村工作队", "12345", ""), "队长手机号", ErrorCode::UnknownMemberMobile),
            (draft(org, "龙泉镇驻洞田头村工作队", "13800000003", "13800000007,13800000004"), "队员手机号", ErrorCode::UnknownMemberMobile),
            (TeamDraft { started_on: "下个月".into(), ..draft(org, "龙泉镇驻洞田头村工作队", "13800000003", "") }, "进驻日期", ErrorCode::InvalidDate),
        ] {
            assert_eq!(
                assistance::station(&app.db, &committee, bad, today).await.unwrap_err(),
                AppError::Field { label: label.into(), code }
            );
        }
        assert_eq!(common::scalar_i64(&app, teams, "").await, seeded_teams);

        // The leader listed again among the members is one member.
        let id = assistance::station(
            &app.db,
            &committee,
            draft(org, "龙泉镇驻洞田头村工作队", "13800000003", "13800000007，13800000008\n13800000003"),
            today,
        )
        .await
        .unwrap();
        let members = common::scalar_i64(&app, "SELECT COUNT(*) FROM assistance_team_members WHERE team_id = CAST($1 AS BIGINT)", &id.to_string()).await;
        assert_eq!(members, 3);
        assert_eq!(told(&app, "13800000007", "驻村帮扶：你已编入工作队").await, 1);

        // Who sees it: the team, the committee, the county, the auditor; not the flowing member.
        let mine = assistance::overview(&app.db, &leader, None, today).await.unwrap();
        assert_eq!(mine.teams.iter().map(|t| t.id).collect::<Vec<_>>(), [id]);
        assert!(!mine.oversees && mine.send_from.is_none());
        let followed = assistance::overview(&app.db, &committee, None, today).await.unwrap();
        assert!(followed.oversees && followed.send_from.as_ref().map(|s| s.0) == Some(org));
        assert!(followed.teams.iter().any(|t| t.id == id && t.leader.len() > 1 && t.members == 3));
        for who in [&county, &auditor] {
            assert!(assistance::overview(&app.db, who, None, today).await.unwrap().teams.iter().any(|t| t.id == id));
        }
        assert!(assistance::overview(&app.db, &auditor, None, today).await.unwrap().send_from.is_none());
        assert!(assistance::overview(&app.db, &outsider, None, today).await.unwrap().teams.is_empty());
        assert_eq!(assistance::detail(&app.db, &outsider, id, today).await.unwrap_err(), ErrorCode::NotFound);
        assert!(!assistance::detail(&app.db, &committee, id, today).await.unwrap().on_team);
        assert!(assistance::detail(&app.db, &leader, id, today).await.unwrap().on_team);

        // Visits over HTTP: only the team logs them; a bad date or a bad photo keeps nothing.
        let visits = "SELECT COUNT(*) FROM assistance_visits WHERE team_id = CAST($1 AS BIGINT)";
        let cookie = common::login_cookie(&app, "13800000003").await;
        let committee_cookie = common::login_cookie(&app, "13800000001").await;
        let outsider_cookie = common::login_cookie(&app, "13800000004").await;
        let day = today.to_string();
        // Those who follow the team may not write its log; to anyone else it does not exist.
        assert_eq!(post_visit(&app, id, &committee_cookie, &day, vec![], true).await.0, 403);
        assert_eq!(post_visit(&app, id, &outsider_cookie, &day, vec![], true).await.0, 404);
        let before_team = server::clock::today_china().add_days(-41).unwrap().to_string();
        assert_eq!(post_visit(&app, id, &cookie, &before_team, vec![], true).await.0, 422);
        let tomorrow = today.add_days(1).unwrap().to_string();
        assert_eq!(post_visit(&app, id, &cookie, &tomorrow, vec![], true).await.0, 422);
        let fake = b"\xff\xd8\xff\xe0 not a jpeg at all".to_vec();
        assert_eq!(post_visit(&app, id, &cookie, &day, vec![phone_jpeg(8, 8, "", None), fake], true).await.0, 422);
        let (status, location) = post_visit(&app, id, &cookie, &tomorrow, vec![], false).await;
        // Back to the form with what was typed (the text percent-encoded).
        let location = location.unwrap();
        assert!(location.starts_with(&format!("/assistance/{id}?visit_error=invalid_visit_date&visited_on={tomorrow}&content=%E8%B5%B0%E8%AE%BF")), "{location}");
        assert!(location.ends_with("#log-visit"), "{location}");
        assert_eq!(status, 303);
        assert_eq!(common::scalar_i64(&app, visits, &id.to_string()).await, 0);
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM assistance_visit_photos", "").await, 0);

        let photos = vec![phone_jpeg(640, 480, "2026:11:20 10:00:00", Some((26.1, 112.0))), phone_jpeg(64, 48, "", None)];
        assert_eq!(post_visit(&app, id, &cookie, &day, photos, true).await.0, 201);
        let (status, location) = post_visit(&app, id, &cookie, &today.add_days(-3).unwrap().to_string(), vec![], false).await;
        assert_eq!((status, location.as_deref()), (303, Some(format!("/assistance/{id}?visit=1#visits").as_str())));
        let seen = assistance::detail(&app.db, &committee, id, today).await.unwrap();
        assert_eq!(seen.visits.len(), 2);
        assert_eq!(seen.visits[0].visited_on, day);
        assert_eq!(seen.visits[0].photos.len(), 2);
        assert_eq!(seen.visits[0].photos[0].taken_at.as_deref(), Some("2026-11-20 10:00"));
        assert!(seen.visits[0].photos[0].place.is_some());
        let get = |url: String, cookie: String| {
            let (client, full) = (app.client.clone(), app.url(&url));
            async move { client.get(full).header("cookie", cookie).send().await.unwrap().status().as_u16() }
        };
        let photo = seen.visits[0].photos[0].url.clone();
        assert_eq!(get(photo.clone(), committee_cookie.clone()).await, 200);
        assert_eq!(get(seen.visits[0].photos[0].thumb_url.clone(), common::login_cookie(&app, "13800000007").await).await, 200);
        assert_eq!(get(photo, outsider_cookie).await, 404);

        // The month's summary: only the team, this month or the last; written again, replaced.
        let this = YearMonth::of(today).to_string();
        let before_last = YearMonth::of(today).add_months(-2).unwrap().to_string();
        assert_eq!(
            assistance::write_summary(&app.db, &committee, id, &this, "本月走访 5 户，办实事 2 件。", today).await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden)
        );
        assert_eq!(
            assistance::write_summary(&app.db, &outsider, id, &this, "本月走访 5 户，办实事 2 件。", today).await.unwrap_err(),
            AppError::Code(ErrorCode::NotFound)
        );
        assert_eq!(
            assistance::write_summary(&app.db, &leader, id, &before_last, "补写前两个月的小结内容。", today).await.unwrap_err(),
            AppError::Code(ErrorCode::SummaryMonthClosed)
        );
        assert_eq!(
            assistance::write_summary(&app.db, &leader, id, &this, "太短", today).await.unwrap_err(),
            AppError::Field { label: "工作小结".into(), code: ErrorCode::InvalidText }
        );
        let state = |v: app::assistance::AssistanceView| v.teams.into_iter().find(|t| t.id == id).unwrap().state.code();
        let month = Some(this.clone());
        assert_eq!(state(assistance::overview(&app.db, &committee, month.clone(), today).await.unwrap()), "open");
        assistance::write_summary(&app.db, &leader, id, &this, "本月走访 5 户，办实事 2 件。", today).await.unwrap();
        assistance::write_summary(&app.db, &leader, id, &this, "本月走访 6 户，办实事 2 件，修好饮水管道。", today).await.unwrap();
        assert_eq!(state(assistance::overview(&app.db, &committee, month, today).await.unwrap()), "reported");
        let seen = assistance::detail(&app.db, &county, id, today).await.unwrap();
        assert_eq!(seen.summaries.len(), 1);
        assert!(seen.summaries[0].content.contains("饮水管道"));
        assert!(seen.months.iter().any(|(m, label)| *m == this && label == "已报送"));

        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        for (action, n) in [("assistance.station", 1), ("assistance.visit", 2), ("assistance.summary", 2)] {
            assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", action).await, n, "{action}");
        }
    }
}

on_both_engines! {
    async fn late_teams_are_reminded_and_their_committee_warned(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use server::reminders::run_daily;
        let committee = actor(&app, "13800000001").await;
        let today = server::clock::today_china();
        let org = committee.scope_org_id.get();
        // A leader must be able to sign in: a member without an account may only be a member.
        server::with_pool!(&app.db, pool => {
            sqlx::query(
                "INSERT INTO members (org_id, name, sex, ethnicity, birth_date, id_number, mobile, education, \
                 joined_on, full_on, status, job, dues_category, dues_base_fen, flowing_destination, created_at) \
                 SELECT org_id, '王无号', sex, ethnicity, birth_date, '43112819900101123X', '13999999991', education, \
                 joined_on, full_on, status, job, dues_category, dues_base_fen, flowing_destination, created_at \
                 FROM members WHERE mobile = '13800000003'",
            )
            .execute(pool)
            .await
            .unwrap();
        });
        assert_eq!(
            assistance::station(&app.db, &committee, draft(org, "无号工作队", "13999999991", ""), today).await.unwrap_err(),
            AppError::Field { label: "队长手机号".into(), code: ErrorCode::MemberWithoutAccount }
        );
        let silent = assistance::station(&app.db, &committee, draft(org, "沉默工作队", "13800000003", "13999999991"), today).await.unwrap();
        let busy = assistance::station(&app.db, &committee, draft(org, "勤快工作队", "13800000007", ""), today).await.unwrap();
        let diligent = actor(&app, "13800000007").await;
        let next = YearMonth::of(today).add_months(1).unwrap();
        let on = |d: u8| Date::new(next.year(), next.month(), d).unwrap();

        // Before the 25th nobody is reminded; from it, each leader once.
        run_daily(&app.db, on(24)).await.unwrap();
        assert_eq!(told(&app, "13800000003", "驻村帮扶提醒").await, 0);
        run_daily(&app.db, on(25)).await.unwrap();
        assert_eq!(told(&app, "13800000003", "驻村帮扶提醒").await, 1);
        assert_eq!(told(&app, "13800000007", "驻村帮扶提醒").await, 1);
        assistance::write_summary(&app.db, &diligent, busy, &next.to_string(), "本月走访 8 户，办实事 3 件。", on(26)).await.unwrap();
        run_daily(&app.db, on(27)).await.unwrap();
        assert_eq!(told(&app, "13800000003", "驻村帮扶提醒").await, 1);
        assert_eq!(told(&app, "13800000007", "驻村帮扶提醒").await, 1);

        // After the 5th of the month after, the committee is warned once of that month, of the
        // silent team only (the demo's teams were late for this month already).
        let after = next.add_months(1).unwrap();
        let warnings = || async {
            server::with_pool!(&app.db, pool => {
                sqlx::query_scalar::<_, String>(
                    "SELECT body FROM notifications WHERE title = '驻村帮扶预警' AND account_id = $1 AND body LIKE $2",
                )
                .bind(committee.account_id)
                .bind(format!("{next} %"))
                .fetch_all(pool)
                .await
                .unwrap()
            })
        };
        run_daily(&app.db, Date::new(after.year(), after.month(), 5).unwrap()).await.unwrap();
        assert!(warnings().await.is_empty());
        run_daily(&app.db, Date::new(after.year(), after.month(), 6).unwrap()).await.unwrap();
        run_daily(&app.db, Date::new(after.year(), after.month(), 7).unwrap()).await.unwrap();
        let body = warnings().await;
        assert_eq!(body.len(), 1);
        assert!(body[0].contains("沉默工作队") && !body[0].contains("勤快工作队"), "{body:?}");
        let late = assistance::overview(&app.db, &committee, Some(next.to_string()), Date::new(after.year(), after.month(), 6).unwrap()).await.unwrap();
        assert_eq!(late.teams[0].state.code(), "late");
        assert!(late.teams.iter().any(|t| t.id == silent && t.state.code() == "late"));
        assert!(late.teams.iter().any(|t| t.name == "勤快工作队" && t.state.code() == "reported"));
    }
}

fn edit(name: &str, leader: &str, members: &str, ended_on: &str) -> app::assistance::TeamEdit {
    app::assistance::TeamEdit {
        name: name.into(),
        village: "洞田头村".into(),
        leader_mobile: leader.into(),
        member_mobiles: members.into(),
        ended_on: ended_on.into(),
    }
}

on_both_engines! {
    async fn a_team_is_rotated_and_withdrawn_and_owes_nothing_after(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        use server::reminders::run_daily;
        let committee = actor(&app, "13800000001").await;
        let auditor = actor(&app, "13800000005").await;
        let outsider = actor(&app, "13800000004").await;
        let old_leader = actor(&app, "13800000003").await;
        let today = server::clock::today_china();
        let this = YearMonth::of(today);
        let last = this.add_months(-1).unwrap();
        let org = committee.scope_org_id.get();
        let id = assistance::station(&app.db, &committee, draft(org, "轮换工作队", "13800000003", "13800000007"), today).await.unwrap();
        // Withdrawn on the last day of last month (it came 40 days ago, before that).
        let end = last.last_day().to_string();
        let rotated = edit("轮换工作队（第二批）", "13800000007", "13800000008", &end);

        // Only the sending organization changes a team: not the team, not the auditor; to
        // outsiders it does not exist.
        for (who, code) in [(&old_leader, ErrorCode::Forbidden), (&auditor, ErrorCode::Forbidden), (&outsider, ErrorCode::NotFound)] {
            assert_eq!(assistance::edit::update(&app.db, who, id, rotated.clone(), today).await.unwrap_err(), AppError::Code(code));
        }
        assert!(assistance::detail(&app.db, &old_leader, id, today).await.unwrap().edit.is_none());
        let form = assistance::detail(&app.db, &committee, id, today).await.unwrap().edit.unwrap();
        assert_eq!((form.leader_mobile.as_str(), form.member_mobiles.as_str(), form.ended_on.as_str()), ("13800000003", "13800000007", ""));
        // Bad input names the field and changes nothing.
        let before_start = today.add_days(-41).unwrap().to_string();
        for (bad, label, code) in [
            (edit("轮换工作队", "13800000003", "", &before_start), "撤回日期", ErrorCode::EndsBeforeStart),
            (edit("轮换工作队", "13800000003", "", "明年"), "撤回日期", ErrorCode::InvalidDate),
            (edit("轮换工作队", "13800000003", "13800000004", ""), "队员手机号", ErrorCode::UnknownMemberMobile),
            (edit("", "13800000003", "", ""), "工作队名称", ErrorCode::InvalidText),
        ] {
            assert_eq!(
                assistance::edit::update(&app.db, &committee, id, bad, today).await.unwrap_err(),
                AppError::Field { label: label.into(), code }
            );
        }
        assert_eq!(assistance::detail(&app.db, &committee, id, today).await.unwrap().edit.unwrap(), form);

        // Rotated: the newcomer is told, the one who left is told, the one who stays is not told again.
        assert!(assistance::edit::update(&app.db, &committee, id, rotated, today).await.unwrap());
        assert_eq!(told(&app, "13800000008", "驻村帮扶：你已编入工作队").await, 1);
        assert_eq!(told(&app, "13800000007", "驻村帮扶：你已编入工作队").await, 1);
        assert_eq!(told(&app, "13800000003", "驻村帮扶：你已调离工作队").await, 1);
        assert_eq!(told(&app, "13800000007", "驻村帮扶：职务调整").await, 1);
        assert_eq!(told(&app, "13800000008", "驻村帮扶：撤回日期").await, 1);
        assert_eq!(assistance::detail(&app.db, &old_leader, id, today).await.unwrap_err(), ErrorCode::NotFound);
        let leader = actor(&app, "13800000007").await;
        let seen = assistance::detail(&app.db, &leader, id, today).await.unwrap();
        assert!(seen.on_team && seen.name == "轮换工作队（第二批）" && seen.ended_on.as_deref() == Some(end.as_str()));
        assert_eq!(seen.members.iter().map(|m| m.role_label.as_str()).collect::<Vec<_>>(), ["队长", "队员"]);
        assert_eq!(seen.visit_days.as_ref().map(|d| d.1.as_str()), Some(end.as_str()));
        assert!(seen.months.iter().all(|(m, _)| *m != this.to_string()), "{:?}", seen.months);

        // No visit after the last day; the last day itself still counts.
        let cookie = common::login_cookie(&app, "13800000007").await;
        assert_eq!(post_visit(&app, id, &cookie, &today.to_string(), vec![], true).await.0, 422);
        assert_eq!(post_visit(&app, id, &cookie, &end, vec![], true).await.0, 201);
        // Nor can the last day move before what is recorded.
        let earlier = last.last_day().add_days(-1).unwrap().to_string();
        assert_eq!(
            assistance::edit::update(&app.db, &committee, id, edit("轮换工作队（第二批）", "13800000007", "13800000008", &earlier), today).await.unwrap_err(),
            AppError::Field { label: "撤回日期".into(), code: ErrorCode::EndsBeforeRecords }
        );
        // Saved again unchanged: nothing is written, nobody is told again.
        assert!(!assistance::edit::update(&app.db, &committee, id, edit("轮换工作队（第二批）", "13800000007", "13800000008", &end), today).await.unwrap());
        assert_eq!(told(&app, "13800000008", "驻村帮扶：撤回日期").await, 1);
        // Nothing owed for this month: no summary, shown as withdrawn, no reminder; last month's still due.
        assert_eq!(
            assistance::write_summary(&app.db, &leader, id, &this.to_string(), "撤回后的小结不应被接受。", today).await.unwrap_err(),
            AppError::Code(ErrorCode::SummaryMonthClosed)
        );
        assistance::write_summary(&app.db, &leader, id, &last.to_string(), "最后一个月走访 6 户，完成交接。", today).await.unwrap();
        let state = |month: YearMonth| {
            let (db, committee) = (app.db.clone(), committee.clone());
            async move {
                let v = assistance::overview(&db, &committee, Some(month.to_string()), today).await.unwrap();
                v.teams.into_iter().find(|t| t.id == id).unwrap().state.code()
            }
        };
        assert_eq!(state(last).await, "reported");
        // The month after it is shown withdrawn, to its members and to those who follow it.
        assert_eq!(state(this).await, "withdrawn");
        let mine = assistance::overview(&app.db, &leader, Some(this.to_string()), today).await.unwrap();
        assert_eq!(mine.teams.iter().find(|t| t.id == id).unwrap().state.code(), "withdrawn");
        run_daily(&app.db, Date::new(this.year(), this.month(), 26).unwrap()).await.unwrap();
        let reminded = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications WHERE title = '驻村帮扶提醒' AND link = $1")
                .bind(format!("/assistance/{id}"))
                .fetch_one(pool)
                .await
                .unwrap()
        });
        assert_eq!(reminded, 0);

        // A member the county placed from outside the committee's reach stays when the committee
        // renames the team (it could not have added them itself).
        let county = actor(&app, "13800000000").await;
        let mixed = assistance::station(&app.db, &county, draft(org, "混编工作队", "13800000003", "13800000004"), today).await.unwrap();
        assert!(assistance::edit::update(&app.db, &committee, mixed, edit("混编工作队（更名）", "13800000003", "13800000004", ""), today).await.unwrap());
        assert_eq!(assistance::detail(&app.db, &county, mixed, today).await.unwrap().members.len(), 2);

        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "assistance.update").await, 2);
    }
}
