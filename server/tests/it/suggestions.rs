//! Suggestions end to end through the services: submit, scope-checked handling, adoption that
//! books points through the rules, the inbox, and the record trail — on both engines.

use crate::common;

use app::error::AppError;
use domain::ErrorCode;
use server::{access::Actor, seed::DemoPlan, suggestions};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

on_both_engines! {
    async fn a_suggestion_is_adopted_and_the_author_earns_points(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let today = server::clock::today_china();
        let member = actor(&app, "13800000003").await;
        let secretary = actor(&app, "13800000002").await;
        let committee = actor(&app, "13800000001").await;
        let flowing_secretary = actor(&app, "13800000006").await;

        // The demo county's own suggestions and messages (docs/operations.md#the-demo-county).
        let booked = "SELECT COUNT(*) FROM points_ledger WHERE activity_key = $1";
        let booked_before = common::scalar_i64(&app, booked, "suggestion_adopted").await;
        let events = "SELECT COUNT(*) FROM audit_events WHERE entity = $1";
        let events_before = common::scalar_i64(&app, events, "suggestions").await;
        let unread_before = server::inbox::unread(&app.db, member.account_id).await.unwrap();

        // Bad input names the field and stores nothing.
        let err = suggestions::submit(&app.db, &member, "branch", " ", "内容足够长了吗", "").await.unwrap_err();
        assert_eq!(err, AppError::Field { label: "标题".into(), code: ErrorCode::InvalidText });
        let id = suggestions::submit(&app.db, &member, "branch", "村里路灯坏了", "三组路口的路灯坏了一个月，晚上开会回家不安全。", "").await.unwrap();

        // Who sees it waiting: the branch and its committee, not another branch.
        let queue = |a: Actor| { let db = app.db.clone(); async move { suggestions::view(&db, &a).await.unwrap().queue } };
        assert_eq!(queue(secretary.clone()).await.unwrap()[0].id, id);
        assert!(queue(committee.clone()).await.unwrap().iter().any(|s| s.id == id));
        assert!(!queue(flowing_secretary.clone()).await.unwrap().iter().any(|s| s.id == id));
        assert!(queue(member.clone()).await.is_none());

        // Only administrators in scope may handle it.
        for outsider in [&member, &flowing_secretary] {
            let err = suggestions::handle(&app.db, outsider, id, "adopt", "", today).await.unwrap_err();
            assert_eq!(err, AppError::Code(ErrorCode::Forbidden));
        }
        let err = suggestions::handle(&app.db, &secretary, id, "reply", "", today).await.unwrap_err();
        assert_eq!(err, AppError::Field { label: "答复内容".into(), code: ErrorCode::InvalidText });

        let before = common::scalar_i64(&app, "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM member_points_year WHERE member_id = CAST($1 AS BIGINT)", &member.member_id.unwrap().to_string()).await;
        suggestions::handle(&app.db, &secretary, id, "adopt", "已报村委会，本周修好。", today).await.unwrap();
        let mine = suggestions::view(&app.db, &member).await.unwrap().mine;
        assert_eq!(mine[0].status.code(), "adopted");
        assert_eq!(mine[0].points_awarded, 5, "the county rule: 5 points per adopted suggestion");
        assert_eq!(mine[0].reply.as_deref(), Some("已报村委会，本周修好。"));
        let after = common::scalar_i64(&app, "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM member_points_year WHERE member_id = CAST($1 AS BIGINT)", &member.member_id.unwrap().to_string()).await;
        assert_eq!(after - before, 5);
        assert_eq!(common::scalar_i64(&app, booked, "suggestion_adopted").await, booked_before + 1);

        // Handled once only.
        let err = suggestions::handle(&app.db, &committee, id, "reply", "再次答复", today).await.unwrap_err();
        assert_eq!(err, AppError::Code(ErrorCode::InvalidTransition));

        // The author hears of it; opening the inbox reads it.
        let author = member.account_id;
        assert_eq!(server::inbox::unread(&app.db, author).await.unwrap(), unread_before + 1);
        let notes = server::inbox::open(&app.db, author).await.unwrap();
        assert!(notes[0].body.contains("获得 5 分"), "{:?}", notes[0]);
        assert_eq!(server::inbox::unread(&app.db, author).await.unwrap(), 0);

        // Forwarding moves it up, still open there.
        let id2 = suggestions::submit(&app.db, &member, "branch", "建议开夜校", "希望冬季农闲时开设党员夜校。", "").await.unwrap();
        suggestions::handle(&app.db, &secretary, id2, "forward", "", today).await.unwrap();
        let q = queue(committee.clone()).await.unwrap();
        let fwd = q.iter().find(|s| s.id == id2).unwrap();
        assert_eq!(fwd.status.code(), "forwarded");
        assert!(fwd.org_name.contains("委员会"), "{}", fwd.org_name);
        suggestions::handle(&app.db, &committee, id2, "reply", "已列入明年计划。", today).await.unwrap();

        // Every step is in the trail, and the trail still verifies (points included).
        assert_eq!(common::scalar_i64(&app, events, "suggestions").await, events_before + 5);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}

on_both_engines! {
    /// A member attaches a photo: uploaded by content like any image, carried by the suggestion,
    /// and shown only to its author and those who may handle it.
    async fn a_photo_goes_with_the_suggestion_and_only_to_its_readers(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let member = actor(&app, "13800000003").await;
        let cookie = |mobile: &'static str| common::login_cookie(&app, mobile);
        let (author, secretary, county, flowing) =
            (cookie("13800000003").await, cookie("13800000002").await, cookie("13800000000").await, cookie("13800000004").await);
        let png = server::orglife::photo::fixture::png(12, 12);
        let upload = |cookie: String, bytes: Vec<u8>, json: bool| {
            let app = &app;
            async move { common::upload_image(app, "/api/v1/uploads/images?purpose=suggestion", &cookie, bytes, json).await }
        };
        let (status, _, body) = upload(author.clone(), png.clone(), true).await;
        assert_eq!(status, 201, "{body}");
        let url = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"].as_str().unwrap().to_string();
        assert!(url.starts_with("/files/suggestion/"), "{url}");
        // Without JavaScript: back to the suggestion form with the address, or with the reason.
        let (status, location, _) = upload(author.clone(), png.clone(), false).await;
        assert_eq!((status, location.unwrap()), (303, format!("/suggestions?photo={url}")));
        let (status, location, _) = upload(author.clone(), b"GIF8 not really".to_vec(), false).await;
        assert_eq!(status, 303);
        assert_eq!(location.unwrap(), "/suggestions?upload_error=invalid_image");
        // Signed-in only.
        assert_eq!(upload(String::new(), png.clone(), true).await.0, 401);
        // A phone's photo is written again without its camera data: no EXIF, no position.
        let photo = server::orglife::photo::fixture::phone_jpeg(64, 48, "2026:11:20 10:00:00", Some((26.1, 112.0)));
        assert!(photo.windows(4).any(|w| w == b"Exif"));
        let (status, _, body) = upload(author.clone(), photo, true).await;
        assert_eq!(status, 201, "{body}");
        let kept = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"].as_str().unwrap().to_string();
        assert!(kept.ends_with(".jpg"), "{kept}");
        let served = app.client.get(app.url(&kept)).header("cookie", author.as_str()).send().await.unwrap().bytes().await.unwrap();
        assert!(served.starts_with(&[0xFF, 0xD8, 0xFF]) && !served.windows(4).any(|w| w == b"Exif"), "camera data kept");

        // Only a suggestion photo may be attached, by its address.
        for bad in ["/files/study/x.png", "https://example.com/a.png", "/files/suggestion/none.png"] {
            assert_eq!(
                suggestions::submit(&app.db, &member, "branch", "村口垃圾桶满了", "请安排清运，照片见附件。", bad).await.map_err(|e| server::ui::shown(&e)),
                Err(AppError::Field { label: "照片".into(), code: ErrorCode::InvalidImage }),
                "{bad}"
            );
        }
        // Someone else's photo cannot be attached, even knowing its address.
        let other = actor(&app, "13800000004").await;
        assert_eq!(
            suggestions::submit(&app.db, &other, "branch", "借用照片", "想用别人的照片。", &url).await.map_err(|e| server::ui::shown(&e)),
            Err(AppError::Field { label: "照片".into(), code: ErrorCode::InvalidImage })
        );
        let id = suggestions::submit(&app.db, &member, "branch", "村口垃圾桶满了", "请安排清运，照片见附件。", &url).await.unwrap();
        let mine = suggestions::view(&app.db, &member).await.unwrap().mine;
        assert_eq!(mine.iter().find(|s| s.id == id).unwrap().photo.as_deref(), Some(url.as_str()));

        // The author, the branch secretary and the county see it; a member elsewhere does not.
        let get = |cookie: String| {
            let (app, url) = (&app, url.clone());
            async move { app.client.get(app.url(&url)).header("cookie", cookie).send().await.unwrap().status().as_u16() }
        };
        assert_eq!(get(author).await, 200);
        assert_eq!(get(secretary).await, 200);
        assert_eq!(get(county).await, 200);
        assert_eq!(get(flowing).await, 404);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
    }
}
