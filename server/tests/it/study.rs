//! Study end to end through the services and HTTP: what each member sees (audience, schedule,
//! withdrawal), finishing with points booked by the rules (once per item, daily caps held on
//! the server), quizzes scored by `domain`, progress kept, authoring scoped by role, image
//! uploads checked by content — on both engines, with the record trail intact afterwards.

use crate::common;

use app::{error::AppError, study::StudyDraft};
use domain::ErrorCode;
use server::{
    access::Actor,
    seed::DemoPlan,
    study::{self, authoring},
    trail::verify,
};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

fn article(title: &str, audience: i64) -> StudyDraft {
    StudyDraft {
        kind: "article".into(),
        column_name: "测试栏目".into(),
        title: title.into(),
        body_md: "正文".into(),
        audience_org_id: audience,
        ..StudyDraft::default()
    }
}

async fn points_today(app: &common::TestApp, member: &Actor, key: &str) -> i64 {
    let today = server::clock::today_china().to_string();
    server::with_pool!(&app.db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger \
             WHERE member_id = $1 AND day = $2 AND activity_key = $3",
        )
        .bind(member.member_id.unwrap())
        .bind(today)
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap()
    })
}

on_both_engines! {
    async fn members_read_finish_and_earn_within_the_caps(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let today = server::clock::today_china();
        let member = actor(&app, "13800000003").await;
        let county = actor(&app, "13800000000").await;

        // The demo county publishes four items now and one next week.
        let list = study::list(&app.db, &member, today).await.unwrap();
        let cards: Vec<_> = list.columns.iter().flat_map(|c| c.items.iter()).collect();
        assert_eq!(cards.len(), 4, "the scheduled item is not shown yet");
        assert!(cards.iter().all(|c| !c.completed && c.percent == 0));
        assert_eq!((list.points_today, list.daily_cap), (0, Some(12)));
        assert!(!list.can_author);
        assert!(study::list(&app.db, &county, today).await.unwrap().can_author);
        let scheduled = common::scalar_i64(&app, "SELECT id FROM study_items WHERE title = $1", "下周学习预告").await;
        assert_eq!(study::item(&app.db, &member, scheduled, today).await.unwrap_err(), ErrorCode::NotFound);
        let as_author = study::item(&app.db, &county, scheduled, today).await.unwrap();
        assert!(as_author.status_note.unwrap().starts_with("待发布"));

        // An article: the preview the browser computes, then the server books the same number.
        let first = cards.iter().find(|c| c.title.starts_with("天天学")).unwrap().id;
        let view = study::item(&app.db, &member, first, today).await.unwrap();
        assert!(view.body_html.contains("<h2>为什么要天天学</h2>"));
        let preview = domain::study::finish_preview_zh(
            &domain::points::RuleTable::default_county(), &view.ledger, view.kind, view.today).unwrap();
        assert_eq!(preview, "读完本篇可得 1 分，之后今日学习还可得 5 分");

        // Progress is kept for resuming; bad numbers are clamped, not stored.
        study::save_progress(&app.db, &member, first, 40, 40).await.unwrap();
        study::save_progress(&app.db, &member, first, -5, 400).await.unwrap();
        let p = study::item(&app.db, &member, first, today).await.unwrap().progress.unwrap();
        assert_eq!((p.position, p.percent, p.completed), (0, 100, false));
        study::save_progress(&app.db, &member, first, 55, 55).await.unwrap();
        let p = study::item(&app.db, &member, first, today).await.unwrap().progress.unwrap();
        assert_eq!((p.position, p.percent), (55, 55));

        study::finish(&app.db, &member, first, None, today).await.unwrap();
        study::finish(&app.db, &member, first, None, today).await.unwrap();
        assert_eq!(points_today(&app, &member, "article_read").await, 1, "an item earns once");
        let p = study::item(&app.db, &member, first, today).await.unwrap().progress.unwrap();
        assert!(p.completed && p.points == 1);
        // Progress after finishing does not undo it.
        study::save_progress(&app.db, &member, first, 3, 3).await.unwrap();
        assert!(study::item(&app.db, &member, first, today).await.unwrap().progress.unwrap().completed);

        // Seven more articles: the daily cap for reading (6) holds on the server whatever the
        // browser sends; the extra ones are finished with 0 points.
        let mut ids = Vec::new();
        for n in 0..7 {
            ids.push(authoring::save(&app.db, &county, article(&format!("加测文章{n}"), county.scope_org_id.get())).await.unwrap());
        }
        for id in &ids {
            study::finish(&app.db, &member, *id, None, today).await.unwrap();
        }
        assert_eq!(points_today(&app, &member, "article_read").await, 6);
        let last = study::item(&app.db, &member, *ids.last().unwrap(), today).await.unwrap();
        assert_eq!(last.progress.unwrap().points, 0);
        assert_eq!(
            domain::study::finish_preview_zh(&domain::points::RuleTable::default_county(), &last.ledger, domain::study::StudyKind::Article, today).unwrap(),
            "今日学习积分已达上限，读完本篇不再计分"
        );

        // The quiz: answers stay hidden until handed in; unanswered is refused; the score
        // decides the points (one wrong answer: the rule's imperfect 1 point).
        let quiz = cards.iter().find(|c| c.kind == domain::study::StudyKind::Quiz).unwrap().id;
        let view = study::item(&app.db, &member, quiz, today).await.unwrap();
        assert!(view.quiz.as_ref().unwrap().iter().all(|q| q.correct.is_none()));
        let err = study::finish(&app.db, &member, quiz, Some(vec![vec![1], vec![]]), today).await.unwrap_err();
        assert_eq!(err, AppError::Code(ErrorCode::QuizUnanswered));
        assert_eq!(study::finish(&app.db, &member, quiz, None, today).await.unwrap_err(), AppError::Code(ErrorCode::BadRequest));
        study::finish(&app.db, &member, quiz, Some(vec![vec![1], vec![0, 1, 2, 3], vec![0]]), today).await.unwrap();
        let view = study::item(&app.db, &member, quiz, today).await.unwrap();
        let p = view.progress.unwrap();
        assert_eq!((p.score_percent, p.points), (Some(66), 1));
        assert_eq!(view.quiz.unwrap()[2].correct, Some(vec![1]));
        assert_eq!(points_today(&app, &member, "quiz_completed").await, 1);
        // Study points today: 6 reading + 1 quiz, against the cap of 12.
        assert_eq!(study::list(&app.db, &member, today).await.unwrap().points_today, 7);

        // Withdrawn: gone for members, visible (marked) for the author, no more points.
        let second = cards.iter().find(|c| c.title.contains("章程")).unwrap().id;
        authoring::withdraw(&app.db, &county, second).await.unwrap();
        assert_eq!(authoring::withdraw(&app.db, &county, second).await.unwrap_err(), AppError::Code(ErrorCode::InvalidTransition));
        assert_eq!(study::item(&app.db, &member, second, today).await.unwrap_err(), ErrorCode::NotFound);
        assert_eq!(study::finish(&app.db, &member, second, None, today).await.unwrap_err(), AppError::Code(ErrorCode::NotFound));
        assert!(!study::list(&app.db, &member, today).await.unwrap().columns.iter().flat_map(|c| c.items.iter()).any(|c| c.id == second));
        assert!(study::item(&app.db, &county, second, today).await.unwrap().status_note.unwrap().starts_with("已撤回"));

        assert!(verify(&app.db).await.unwrap().is_intact(), "publishing, withdrawing and points are in an intact trail");
    }

    async fn authoring_is_scoped_and_checked(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let today = server::clock::today_china();
        let county = actor(&app, "13800000000").await;
        let committee = actor(&app, "13800000001").await;
        let member = actor(&app, "13800000003").await;
        let flowing_member = actor(&app, "13800000004").await;

        for who in ["13800000002", "13800000003", "13800000005"] {
            let a = actor(&app, who).await;
            assert_eq!(authoring::save(&app.db, &a, article("不该发布", a.scope_org_id.get())).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden), "{who}");
            assert_eq!(authoring::view(&app.db, &a, 0).await.unwrap_err(), ErrorCode::Forbidden, "{who}");
        }
        // A committee publishes to its own subtree, never above it.
        assert_eq!(authoring::save(&app.db, &committee, article("发给全县", county.scope_org_id.get())).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden));
        let view = authoring::view(&app.db, &committee, 0).await.unwrap();
        assert_eq!(view.audiences[0].0, committee.scope_org_id.get());
        assert!(view.audiences.len() > 1, "its branches are offered too");
        let ours = authoring::save(&app.db, &committee, article("党委内部学习", committee.scope_org_id.get())).await.unwrap();
        assert!(study::item(&app.db, &member, ours, today).await.is_ok(), "the demo member is in the committee's subtree");
        assert_eq!(study::item(&app.db, &flowing_member, ours, today).await.unwrap_err(), ErrorCode::NotFound);
        // The county sees and may withdraw it; the committee cannot touch county items.
        assert!(authoring::view(&app.db, &county, 0).await.unwrap().items.iter().any(|i| i.id == ours));
        let county_item = common::scalar_i64(&app, "SELECT MIN(id) FROM study_items WHERE audience_org_id = CAST($1 AS BIGINT)", &county.scope_org_id.to_string()).await;
        assert_eq!(authoring::withdraw(&app.db, &committee, county_item).await.unwrap_err(), AppError::Code(ErrorCode::Forbidden));
        assert_eq!(authoring::view(&app.db, &committee, county_item).await.unwrap_err(), ErrorCode::Forbidden);

        // A committee's item for one branch keeps that audience when the county edits it.
        let branch = view.audiences[1].0;
        let for_branch = authoring::save(&app.db, &committee, article("支部专题学习", branch)).await.unwrap();
        let county_edit = authoring::view(&app.db, &county, for_branch).await.unwrap();
        assert_eq!(county_edit.draft.audience_org_id, branch);
        assert_eq!(county_edit.audiences[0].0, branch, "offered first, so the form keeps it");

        // Field-specific errors, nothing stored.
        let before = common::scalar_i64(&app, "SELECT COUNT(*) FROM study_items WHERE $1 = $1", "").await;
        let cases = [
            (StudyDraft { title: "x".into(), ..article("", committee.scope_org_id.get()) }, "标题", ErrorCode::InvalidText),
            (StudyDraft { body_md: "  ".into(), ..article("空正文", committee.scope_org_id.get()) }, "正文", ErrorCode::InvalidText),
            (StudyDraft { kind: "video".into(), video_url: "javascript:alert(1)".into(), ..article("视频", committee.scope_org_id.get()) }, "视频地址", ErrorCode::InvalidVideoUrl),
            (StudyDraft { kind: "quiz".into(), quiz_src: "题一\nA. 甲\nB. 乙\n答案：A\n\n题二\nA. 甲\n答案：A".into(), ..article("测验", committee.scope_org_id.get()) }, "题目第 2 题", ErrorCode::InvalidQuiz),
            (StudyDraft { publish_at: "明天早上".into(), ..article("定时", committee.scope_org_id.get()) }, "发布时间", ErrorCode::InvalidSchedule),
            (StudyDraft { audience_org_id: 999_999, ..article("无此组织", committee.scope_org_id.get()) }, "面向", ErrorCode::InvalidOrgId),
        ];
        for (draft, label, code) in cases {
            assert_eq!(authoring::save(&app.db, &committee, draft).await.unwrap_err(), AppError::Field { label: label.into(), code }, "{label}");
        }
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM study_items WHERE $1 = $1", "").await, before);

        // Editing keeps the author and records before and after.
        let mut draft = authoring::view(&app.db, &committee, ours).await.unwrap().draft;
        draft.title = "党委内部学习（修订）".into();
        assert_eq!(authoring::save(&app.db, &committee, draft).await.unwrap(), ours);
        assert_eq!(study::item(&app.db, &member, ours, today).await.unwrap().title, "党委内部学习（修订）");
        let events = common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE entity = 'study_items' AND entity_id = $1", &ours.to_string()).await;
        assert_eq!(events, 2);
        assert!(verify(&app.db).await.unwrap().is_intact());
    }

    async fn images_are_checked_by_content_and_served_safely(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let county = common::login_cookie(&app, "13800000000").await;
        let member = common::login_cookie(&app, "13800000003").await;
        let png = server::orglife::photo::fixture::png(16, 8);
        let upload = |cookie: String, bytes: Vec<u8>, json: bool| {
            let app = &app;
            async move { common::upload_image(app, "/api/v1/uploads/images", &cookie, bytes, json).await }
        };
        let (status, _, body) = upload(county.clone(), png.clone(), true).await;
        assert_eq!(status, 201, "{body}");
        let url = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"].as_str().unwrap().to_string();
        assert!(url.starts_with("/files/study/") && url.ends_with(".png"));

        // A page without JavaScript gets a redirect back to the editor with the address.
        let (status, location, _) = upload(county.clone(), png.clone(), false).await;
        assert_eq!(status, 303);
        assert_eq!(location.unwrap(), format!("/admin/study?image={url}"));

        // Claims to be a PNG but is not; too big; not an author.
        let (status, _, body) = upload(county.clone(), b"<svg onload=alert(1)></svg>".to_vec(), true).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("invalid_image"));
        let (status, location, _) = upload(county.clone(), b"%PDF-1.7".to_vec(), false).await;
        assert_eq!(status, 303);
        assert_eq!(location.unwrap(), "/admin/study?upload_error=invalid_image");
        // Only what decodes is kept: a PNG's signature before nothing is refused.
        let decoy: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();
        let (status, _, body) = upload(county.clone(), decoy, true).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("image_unreadable"), "{body}");
        let big = [png.clone(), vec![0u8; 5 * 1024 * 1024]].concat();
        let (status, _, body) = upload(county.clone(), big, true).await;
        assert_eq!(status, 413, "{body}");
        let (status, _, _) = upload(member.clone(), png.clone(), true).await;
        assert_eq!(status, 403);
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM uploads WHERE purpose <> $1", "orglife").await, 1, "the same image is stored once");

        // Served to signed-in accounts with its checked type and no way to run as a page.
        let r = app.client.get(app.url(&url)).header("cookie", &member).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers()["content-type"], "image/png");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
        let served = r.bytes().await.unwrap().to_vec();
        assert!(served.starts_with(b"\x89PNG") && served.len() > 50, "a PNG, written again");
        assert_eq!(app.client.get(app.url(&url)).send().await.unwrap().status().as_u16(), 401);
        let r = app.client.get(app.url("/files/study/nothing.png")).header("cookie", &member).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);

        // A day's uploads per account are bounded: the hundred-and-first is refused.
        let id = common::scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000000").await;
        let now = server::clock::now_rfc3339();
        for n in 0..server::files::uploads::DAILY_IMAGES {
            common::exec(&app, &format!("INSERT INTO uploads (key, content_type, size, purpose, uploaded_by, created_at) \
                VALUES ('study/filler{n}.png', 'image/png', 1, 'study', {id}, '{now}')")).await;
        }
        let (status, _, body) = upload(county.clone(), server::orglife::photo::fixture::png(3, 3), true).await;
        assert_eq!((status, body.contains("throttled")), (429, true), "{body}");
    }
}
