//! Notices (通知公告): who may post where, who reads them, the inbox message each reader gets,
//! the record trail, and the home screen's "what needs me". Both engines.

use crate::common;

use app::error::AppError;
use domain::ErrorCode;
use server::{access::Actor, notices, seed::DemoPlan};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

async fn count(app: &common::TestApp, sql: &str, bind: i64) -> i64 {
    common::scalar_i64(app, sql, &bind.to_string()).await
}

on_both_engines! {
    async fn notices_reach_their_subtree_and_the_inbox(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = actor(&app, "13800000006").await; // the flowing branch in Dongguan
        let flowing_member = actor(&app, "13800000004").await;
        let village_member = actor(&app, "13800000003").await;
        let village_secretary = actor(&app, "13800000002").await;
        let committee = actor(&app, "13800000001").await;
        let county = actor(&app, "13800000000").await;
        let auditor = actor(&app, "13800000005").await;
        let branch = secretary.scope_org_id;
        assert_eq!(flowing_member.scope_org_id, branch);
        // The demo county's own notices (docs/operations.md#the-demo-county) stay as they are;
        // what this test posts is told apart by its titles.
        let seeded_notices = common::scalar_i64(&app, "SELECT COUNT(*) FROM notices WHERE title <> $1", "").await;
        let posted_here = ["七月主题党日", "全县党员学习通知", "镇党委冬训通知"];
        let titles = |v: Vec<app::notices::NoticeView>| {
            v.into_iter().map(|n| n.title).filter(|t| posted_here.contains(&t.as_str())).collect::<Vec<_>>()
        };

        // Members and auditors cannot post; a secretary cannot post outside the branch.
        assert!(notices::view(&app.db, &flowing_member).await.unwrap().audiences.is_empty());
        for (who, org) in [(&flowing_member, branch), (&auditor, branch), (&village_secretary, branch)] {
            assert_eq!(
                notices::post(&app.db, who, org, "端午节活动安排", "请大家准时参加。").await.map_err(|e| server::ui::shown(&e)),
                Err(AppError::Code(ErrorCode::Forbidden))
            );
        }
        // Bad text names the field and stores nothing.
        assert_eq!(
            notices::post(&app.db, &secretary, branch, " ", "内容").await.map_err(|e| server::ui::shown(&e)),
            Err(AppError::Field { label: "标题".into(), code: ErrorCode::InvalidText })
        );
        assert_eq!(
            notices::post(&app.db, &secretary, branch, "标题", &"长".repeat(2001)).await.map_err(|e| server::ui::shown(&e)),
            Err(AppError::Field { label: "内容".into(), code: ErrorCode::InvalidText })
        );
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM notices WHERE title <> $1", "").await, seeded_notices);

        let view = notices::view(&app.db, &secretary).await.unwrap();
        assert_eq!(view.audiences[0].0, branch.get());
        let unread_before = server::inbox::unread(&app.db, flowing_member.account_id).await.unwrap();
        let village_unread = server::inbox::unread(&app.db, village_member.account_id).await.unwrap();
        let id = notices::post(&app.db, &secretary, branch, "七月主题党日", "7 月 1 日晚 8 点线上开会，请在东莞的同志准时参加。").await.unwrap();

        // Every member of the flowing branch hears of it, and no one else; not the poster.
        let members = count(&app, "SELECT COUNT(*) FROM accounts a JOIN members m ON m.id = a.member_id WHERE m.org_id = CAST($1 AS BIGINT)", branch.get()).await;
        let told = count(&app, "SELECT COUNT(*) FROM notifications WHERE link = '/notices#n' || $1", id).await;
        assert_eq!(told, members - 1);
        assert_eq!(server::inbox::unread(&app.db, flowing_member.account_id).await.unwrap(), unread_before + 1);
        assert_eq!(server::inbox::unread(&app.db, village_member.account_id).await.unwrap(), village_unread);

        let mine = notices::view(&app.db, &flowing_member).await.unwrap().notices;
        assert_eq!(mine[0].title, "七月主题党日", "the newest first");
        assert!(mine[0].body.contains("东莞"));
        assert!(titles(notices::view(&app.db, &village_member).await.unwrap().notices).is_empty());

        // The county posts to everyone: the village member sees it beside nothing of Dongguan's.
        notices::post(&app.db, &county, county.scope_org_id, "全县党员学习通知", "请于本月底前完成专题学习。").await.unwrap();
        assert_eq!(titles(notices::view(&app.db, &village_member).await.unwrap().notices), ["全县党员学习通知"]);
        // A committee posts to its subtree: its village member sees it, Dongguan does not.
        notices::post(&app.db, &committee, committee.scope_org_id, "镇党委冬训通知", "冬训安排见附件。").await.unwrap();
        assert_eq!(titles(notices::view(&app.db, &village_member).await.unwrap().notices), ["镇党委冬训通知", "全县党员学习通知"]);
        assert_eq!(titles(notices::view(&app.db, &flowing_member).await.unwrap().notices), ["全县党员学习通知", "七月主题党日"]);
        // Posters see what is addressed to them and what is inside their scope; the county all.
        assert_eq!(titles(notices::view(&app.db, &committee).await.unwrap().notices), ["镇党委冬训通知", "全县党员学习通知"]);
        assert_eq!(notices::view(&app.db, &county).await.unwrap().notices.len() as i64, seeded_notices + 3);

        // What needs me: unread messages, unfinished study (4 demo items), latest notices.
        let todo = notices::todo(&app.db, &flowing_member, server::clock::today_china()).await.unwrap();
        assert_eq!(todo.unread, server::inbox::unread(&app.db, flowing_member.account_id).await.unwrap());
        assert_eq!(todo.study_left, 4);
        assert_eq!(todo.notices[0].title, "全县党员学习通知");
        assert_eq!(todo.notices[1].title, "七月主题党日");
        let item: i64 = common::scalar_i64(&app, "SELECT MIN(id) FROM study_items WHERE kind = $1", "article").await;
        server::study::finish(&app.db, &flowing_member, item, None, server::clock::today_china()).await.unwrap();
        assert_eq!(notices::todo(&app.db, &flowing_member, server::clock::today_china()).await.unwrap().study_left, 3);
        server::inbox::open(&app.db, flowing_member.account_id).await.unwrap();
        assert_eq!(notices::todo(&app.db, &flowing_member, server::clock::today_china()).await.unwrap().unread, 0);

        // Both posts are in the trail, which verifies; a tampered notice is found.
        assert_eq!(common::scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "notice.post").await, 3);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE notices SET body = 'x' WHERE id = $1").bind(id).execute(pool).await.unwrap();
        });
        assert!(!server::trail::verify(&app.db).await.unwrap().is_intact());
    }
}
