//! 新增党员: one member added by an administrator, checked exactly as an import row, written with
//! the administrator in the trail, and refused outside the administrator's scope.

use server::{access::Actor, members::NewMember, seed::DemoPlan};

use crate::common::{self, scalar_i64, TestApp};

async fn actor(app: &TestApp, mobile: &str) -> Actor {
    let id = scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

on_both_engines! {
    async fn an_admin_adds_a_member_checked_as_an_import_row(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get();
        let branch_text = branch.to_string();
        let members = || scalar_i64(&app, "SELECT COUNT(*) FROM members WHERE '' = $1", "");
        let before = members().await;
        let counted = || scalar_i64(&app, "SELECT members FROM org_member_counts WHERE org_id = CAST($1 AS BIGINT)", &branch_text);
        let form = NewMember {
            org_id: branch,
            name: "欧阳新华".into(),
            sex: "女".into(),
            ethnicity: "瑶族".into(),
            // Born 1990-01-02 in 新田县, check digit right.
            id_number: "431128199001020024".into(),
            mobile: "17788880001".into(),
            education: "大学本科".into(),
            joined_on: "2015/7/1".into(),
            full_on: "".into(),
            dues_category: "".into(),
            flowing_destination: "".into(),
            remarks: "村里推荐".into(),
        };

        // A wrong check digit and an unknown ethnicity: both named, nothing written.
        let wrong = NewMember { id_number: "431128199001020025".into(), ethnicity: "火星族".into(), ..form.clone() };
        let problems = server::members::create(&app.db, &secretary, &wrong).await.unwrap().unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column).collect();
        assert!(columns.contains(&"公民身份号码") && columns.contains(&"民族"), "{problems:?}");
        assert_eq!(members().await, before);

        // Right: written, as a probationary member, with the secretary as the trail's actor.
        let on_board = counted().await;
        let id = server::members::create(&app.db, &secretary, &form).await.unwrap().unwrap();
        assert_eq!(members().await, before + 1);
        assert_eq!(counted().await, on_board + 1, "the board counts the new member at once");
        let status: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT status FROM members WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        assert_eq!(status, "probationary");
        let remarks: Option<String> = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT remarks FROM members WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        });
        assert_eq!(remarks.as_deref(), Some("村里推荐"));
        let by = scalar_i64(&app, "SELECT actor_account_id FROM audit_events WHERE action = 'member.import' AND entity_id = $1", &id.to_string()).await;
        assert_eq!(by, secretary.account_id.get());

        // The same person twice is refused; so is a branch outside the secretary's scope.
        let again = server::members::create(&app.db, &secretary, &NewMember { mobile: "17788880002".into(), ..form.clone() }).await.unwrap().unwrap_err();
        assert!(again.iter().any(|p| p.column == "公民身份号码"), "{again:?}");
        let elsewhere = scalar_i64(&app, "SELECT MIN(id) FROM organizations WHERE kind = 'branch' AND id <> CAST($1 AS BIGINT)", &branch.to_string()).await;
        let refused = server::members::create(&app.db, &secretary, &NewMember { org_id: elsewhere, id_number: "43112819900103002X".into(), mobile: "17788880003".into(), ..form }).await;
        assert_eq!(refused.err().map(|e| e.code()), Some(domain::ErrorCode::Forbidden));
        assert_eq!(members().await, before + 1);
    }
}

on_both_engines! {
    async fn identity_fields_are_corrected_with_the_change_in_the_history(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let secretary = actor(&app, "13800000002").await;
        let branch = secretary.scope_org_id.get().to_string();
        // `a` joined last and `b` is the oldest of the same sex, so `b`'s number on `a`'s file
        // is refused for being taken, not for a joining age or a sex that would not fit.
        let a = scalar_i64(&app, "SELECT id FROM members WHERE org_id = CAST($1 AS BIGINT) ORDER BY joined_on DESC, id DESC LIMIT 1", &branch).await;
        let b = scalar_i64(&app, &format!("SELECT id FROM members WHERE org_id = CAST($1 AS BIGINT) AND id <> {a} \
             AND sex = (SELECT sex FROM members WHERE id = {a}) ORDER BY birth_date, id LIMIT 1"), &branch).await;
        let id_of = |m: i64| {
            let app = &app;
            async move {
                server::with_pool!(&app.db, pool => {
                    sqlx::query_scalar::<_, String>("SELECT id_number FROM members WHERE id = $1").bind(m).fetch_one(pool).await.unwrap()
                })
            }
        };
        let a_id = domain::MemberId::new(a).unwrap();
        let taken = server::members::service::edit(&app.db, &secretary, a_id, &app::members::MemberPatch { id_number: Some(id_of(b).await), ..Default::default() }).await;
        assert_eq!(taken.err().map(|e| e.code()), Some(domain::ErrorCode::IdNumberTaken));
        let a_text = a.to_string();
        let events = || scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'member.update' AND entity_id = $1", &a_text);
        let before = events().await;
        server::members::service::edit(&app.db, &secretary, a_id, &app::members::MemberPatch { ethnicity: Some("瑶".into()), ..Default::default() }).await.unwrap();
        assert_eq!(events().await, before + 1);
        let ethnicity: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT ethnicity FROM members WHERE id = $1").bind(a).fetch_one(pool).await.unwrap()
        });
        assert_eq!(ethnicity, "瑶族");
    }
}
