//! Dues (党费) end to end over real HTTP with the WeChat Pay simulator on the same port: base
//! submitted and confirmed, a bill paid online and credited once however often the notification
//! comes, tampered notifications refused and logged, a lost notification settled by querying,
//! arrears flags at 3 and 6 months with their messages, cash, hardship relief, the ledger and
//! its export. Both engines.

use crate::common;

use app::error::AppError;
use domain::{ErrorCode, YearMonth};
use server::{
    access::Actor,
    dues::{admin, bases, hardship, ledger, mine, payments},
    seed::DemoPlan,
    wechatpay::sign,
};

async fn actor(app: &common::TestApp, mobile: &str) -> Actor {
    let id = common::scalar_i64(app, "SELECT id FROM accounts WHERE mobile = $1", mobile).await;
    Actor::from_account(&app.db, domain::AccountId::new(id).unwrap())
        .await
        .unwrap()
}

async fn count(app: &common::TestApp, sql: &str, bind: &str) -> i64 {
    common::scalar_i64(app, sql, bind).await
}

/// Starts an online payment as the signed-in member; returns the payment page's address.
async fn start(app: &common::TestApp, cookie: &str, what: &str, amount: &str) -> String {
    let r = app
        .client
        .post(app.url("/dues/pay"))
        .header("cookie", cookie)
        .header("origin", app.url(""))
        .form(&[("what", what), ("amount", amount)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    r.headers()["location"].to_str().unwrap().to_string()
}

/// The payer confirms on the simulator's page; returns where it sends the browser back.
async fn confirm(app: &common::TestApp, page: &str, silent: bool) -> (String, String) {
    let url = reqwest::Url::parse(page).unwrap();
    let back = url
        .query_pairs()
        .find(|(k, _)| k == "redirect_url")
        .map(|(_, v)| v.to_string())
        .unwrap();
    let html = app
        .client
        .get(page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("确认支付"), "{html}");
    let r = app
        .client
        .post(format!("{}{}/confirm", app.url(""), url.path()))
        .form(&[
            ("redirect_url", back.as_str()),
            ("silent", if silent { "1" } else { "0" }),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), back);
    let no = back.split("paid=").nth(1).unwrap().to_string();
    (no, html)
}

/// The transaction inside a notification, decrypted with the simulator's APIv3 key.
fn decrypt(body: &str) -> serde_json::Value {
    let outer: serde_json::Value = serde_json::from_str(body).unwrap();
    let resource = &outer["resource"];
    let plain = sign::aes_gcm_decrypt(
        server::paysim::SIM_API_V3_KEY.as_bytes(),
        resource["nonce"].as_str().unwrap().as_bytes(),
        b"transaction",
        resource["ciphertext"].as_str().unwrap(),
    )
    .unwrap();
    serde_json::from_slice(&plain).unwrap()
}

/// `body` carrying `transaction` instead, encrypted and signed as WeChat Pay would (with the
/// simulator's keys, which a forger would need): what passes the signature check.
fn forge(body: &str, transaction: &serde_json::Value) -> (Vec<(String, String)>, String) {
    let mut outer: serde_json::Value = serde_json::from_str(body).unwrap();
    let nonce = outer["resource"]["nonce"].as_str().unwrap().to_string();
    outer["resource"]["ciphertext"] = serde_json::json!(sign::aes_gcm_encrypt(
        server::paysim::SIM_API_V3_KEY.as_bytes(),
        nonce.as_bytes(),
        b"transaction",
        transaction.to_string().as_bytes(),
    )
    .unwrap());
    let body = outer.to_string();
    let platform = sign::parse_private_key(server::paysim::DEV_PLATFORM_KEY_PEM).unwrap();
    let headers = sign::wechatpay_headers(
        &platform,
        server::paysim::DEV_PLATFORM_KEY_ID,
        body.as_bytes(),
    );
    (headers, body)
}

async fn post_notification(app: &common::TestApp, headers: &[(String, String)], body: &str) -> u16 {
    let mut r = app
        .client
        .post(app.url("/api/v1/dues/wechat/notify"))
        .body(body.to_string());
    for (k, v) in headers {
        r = r.header(k.as_str(), v.as_str());
    }
    r.send().await.unwrap().status().as_u16()
}

on_both_engines! {
    async fn a_bill_is_paid_online_and_credited_once(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let member = actor(&app, "13800000003").await;
        let secretary = actor(&app, "13800000002").await;
        let member_id = member.member_id.unwrap();
        let m = member_id.to_string();

        // The member submits 8,000 yuan; the branch confirms; this month's bill follows.
        bases::submit(&app.db, &member, "employed", "8,000", today).await.unwrap();
        let pending = bases::history(&app.db, member_id).await.unwrap();
        assert_eq!(pending[0].status_label, "待支部确认");
        assert_eq!(
            bases::decide(&app.db, &member, pending[0].id, None, today).await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden)
        );
        bases::decide(&app.db, &secretary, pending[0].id, None, today).await.unwrap();
        assert_eq!(
            bases::decide(&app.db, &secretary, pending[0].id, None, today).await.unwrap_err(),
            AppError::Code(ErrorCode::AlreadyDecided)
        );
        assert_eq!(count(&app, "SELECT dues_base_fen FROM members WHERE id = CAST($1 AS BIGINT)", &m).await, 800_000);
        let payments = server::dues::gateway::Payments::default();
        let view = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!(view.monthly, "120.00");
        assert_eq!(view.open.len(), 1, "the demo member owes this month only");
        assert_eq!(view.open[0].amount, "120.00");

        // The member's receipts so far: the cash the branch collected before the platform.
        let receipts = "SELECT COUNT(*) FROM dues_payments WHERE member_id = CAST($1 AS BIGINT) AND status = 'paid'";
        let receipts_before = count(&app, receipts, &m).await;
        // Paid through the simulator: redirect out, confirm, back with the order number.
        let cookie = common::login_cookie(&app, "13800000003").await;
        let page = start(&app, &cookie, "open", "").await;
        assert!(page.contains("/paysim/checkout/"), "{page}");
        let (no, html) = confirm(&app, &page, false).await;
        assert!(html.contains("120.00"), "{html}");
        let paid = "SELECT COUNT(*) FROM dues_payments WHERE status = 'paid' AND out_trade_no = $1";
        assert_eq!(count(&app, paid, &no).await, 1);
        let open = "SELECT COUNT(*) FROM dues_bills WHERE member_id = CAST($1 AS BIGINT) AND paid_at IS NULL";
        assert_eq!(count(&app, open, &m).await, 0);
        let on_time = "SELECT COUNT(*) FROM points_ledger WHERE member_id = CAST($1 AS BIGINT) AND activity_key = 'dues_paid_on_time'";
        assert_eq!(count(&app, on_time, &m).await, 1);
        let view = mine::view(&app.db, &payments, &member, Some(&no), today).await.unwrap();
        assert_eq!(view.returned, Some(Some(domain::dues::PaymentStatus::Paid)));
        assert_eq!(view.receipts[0].amount, "120.00");
        assert_eq!(view.paid_through.as_deref(), Some(YearMonth::of(today).to_string().as_str()));

        // The same notification again, and once more: acknowledged, never credited twice.
        let sent: serde_json::Value = app
            .client
            .get(app.url(&format!("/paysim/notifications/{no}")))
            .send().await.unwrap().json().await.unwrap();
        let headers: Vec<(String, String)> = serde_json::from_value(sent["headers"].clone()).unwrap();
        let body = sent["body"].as_str().unwrap().to_string();
        for _ in 0..2 {
            assert_eq!(post_notification(&app, &headers, &body).await, 204);
        }
        assert_eq!(count(&app, on_time, &m).await, 1);
        let logged = "SELECT COUNT(*) FROM dues_callbacks WHERE outcome = $1";
        assert_eq!(count(&app, logged, "credited").await, 1);
        assert_eq!(count(&app, logged, "duplicate").await, 2);
        assert_eq!(count(&app, receipts, &m).await, receipts_before + 1);

        // A changed body breaks the signature; a re-signed one with another amount is refused.
        let forged = body.replacen("\"id\":\"", "\"id\":\"x", 1);
        assert_eq!(post_notification(&app, &headers, &forged).await, 401);
        assert_eq!(count(&app, logged, "rejected").await, 1);
        let mut transaction = decrypt(&body);
        transaction["amount"]["total"] = serde_json::json!(1);
        let (headers2, body2) = forge(&body, &transaction);
        // Already paid: a replay with another amount changes nothing, and reads as tampered
        // (refused and logged), not as a harmless duplicate.
        assert_eq!(post_notification(&app, &headers2, &body2).await, 400);
        assert_eq!(count(&app, logged, "amount_mismatch").await, 1);
        assert_eq!(count(&app, receipts, &m).await, receipts_before + 1);

        // A new order (voluntary 50 yuan) reported with the wrong amount is refused and logged.
        let page = start(&app, &cookie, "voluntary", "50").await;
        let (no2, _) = confirm(&app, &page, true).await;
        transaction["out_trade_no"] = serde_json::json!(no2.clone());
        transaction["amount"]["total"] = serde_json::json!(4_999);
        let (headers3, body3) = forge(&body, &transaction);
        assert_eq!(post_notification(&app, &headers3, &body3).await, 400);
        assert_eq!(count(&app, logged, "amount_mismatch").await, 2);
        assert_eq!(count(&app, paid, &no2).await, 0);
        // Its real notification never came (paid silently): the return page asks WeChat Pay.
        let r = app.client.get(app.url(&format!("/dues?paid={no2}"))).header("cookie", &cookie).send().await.unwrap();
        assert!(r.text().await.unwrap().contains("支付成功"));
        assert_eq!(count(&app, paid, &no2).await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM dues_bills WHERE member_id = CAST($1 AS BIGINT) AND kind = 'voluntary' AND paid_at IS NOT NULL", &m).await, 1);
        // The return page asks about the order it names, and not again within seconds: another
        // order paid silently waits for its own return (or the scheduled job).
        let page = start(&app, &cookie, "voluntary", "20").await;
        let (no3, _) = confirm(&app, &page, true).await;
        let back = |no: String| {
            let request = app.client.get(app.url(&format!("/dues?paid={no}"))).header("cookie", &cookie);
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        back("DUES-NOT-MINE".into()).await;
        assert_eq!(count(&app, paid, &no3).await, 0, "another order's return page reconciled it");
        common::exec(&app, &format!("UPDATE dues_payments SET checked_at = '2999-01-01T00:00:00.000Z' WHERE out_trade_no = '{no3}'")).await;
        back(no3.clone()).await;
        assert_eq!(count(&app, paid, &no3).await, 0, "asked again within seconds");
        common::exec(&app, &format!("UPDATE dues_payments SET checked_at = NULL WHERE out_trade_no = '{no3}'")).await;
        assert!(back(no3.clone()).await.contains("支付成功"));
        assert_eq!(count(&app, paid, &no3).await, 1);

        // 大额党费: a voluntary 1,000 yuan is recorded as such.
        let page = start(&app, &cookie, "voluntary", "1000").await;
        confirm(&app, &page, false).await;
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!((v.receipts[0].amount.as_str(), v.receipts[0].covers.as_str()), ("1000.00", "大额党费"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM dues_bills WHERE member_id = CAST($1 AS BIGINT) AND large = 1 AND paid_at IS NOT NULL", &m).await, 1);

        // Quarterly payment only where the branch allows it: then the rest of the quarter too.
        let quarter = domain::dues::rest_of_quarter(YearMonth::of(today));
        assert!(v.quarter_ahead.is_empty());
        assert_eq!(start(&app, &cookie, "quarter", "").await, "/dues?pay_error=forbidden");
        assert!(admin::set_quarterly(&app.db, &member, true).await.is_err());
        admin::set_quarterly(&app.db, &secretary, true).await.unwrap();
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!(v.quarter_ahead.len(), quarter.len() - 1);
        let billing = server::dues::bills::billing_month(&app.db).await.unwrap();
        if quarter.len() > 1 {
            let page = start(&app, &cookie, "quarter", "").await;
            let (_, html) = confirm(&app, &page, false).await;
            assert!(html.contains(&format!("{}.00", 120 * (quarter.len() - 1))), "{html}");
            let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
            assert_eq!(v.paid_through, quarter.last().map(|m| m.to_string()));
        }
        // One member paying ahead does not move the county's billing month.
        assert_eq!(server::dues::bills::billing_month(&app.db).await.unwrap(), billing);
        assert_eq!(billing, Some(YearMonth::of(today)));

        // The trail holds every payment and is intact.
        let payments_made = if quarter.len() > 1 { 5 } else { 4 };
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", "dues.payment").await, payments_made);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
    }

    async fn arrears_flags_cash_hardship_and_ledger(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let today = server::clock::today_china();
        let member = actor(&app, "13800000003").await;
        let secretary = actor(&app, "13800000002").await;
        let committee = actor(&app, "13800000001").await;
        let county = actor(&app, "13800000000").await;
        let member_id = member.member_id.unwrap();
        let m = member_id.to_string();
        let month_end = |n: i32| YearMonth::of(today).add_months(n).unwrap().last_day();
        let payments = server::dues::gateway::Payments::default();
        let level = |v: &app::dues::MyDuesView| (v.arrears_months, v.arrears_level.code().to_string());

        // A base the branch corrects: the reason is required, kept, and shown to the member.
        bases::submit(&app.db, &member, "retiree", "4000", today).await.unwrap();
        let id = bases::history(&app.db, member_id).await.unwrap()[0].id;
        assert_eq!(
            bases::decide(&app.db, &secretary, id, Some(("employed", "5000", " ")), today).await.unwrap_err(),
            AppError::Field { label: "更正原因".into(), code: ErrorCode::InvalidText }
        );
        bases::decide(&app.db, &secretary, id, Some(("employed", "5000", "工资条显示在职，非离退休")), today)
            .await
            .unwrap();
        let h = &bases::history(&app.db, member_id).await.unwrap()[0];
        assert_eq!((h.status_label.as_str(), h.base.as_str(), h.monthly.as_str()), ("支部已更正", "5000.00", "50.00"));
        assert_eq!(h.note.as_deref(), Some("工资条显示在职，非离退休"));
        assert_eq!(count(&app, "SELECT dues_base_fen FROM members WHERE id = CAST($1 AS BIGINT)", &m).await, 500_000);

        // At this month's end the member has not paid: reminded once.
        server::reminders::run_daily(&app.db, month_end(0)).await.unwrap();
        let reminded = "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
                        WHERE a.member_id = CAST($1 AS BIGINT) AND n.title = '本月党费尚未交纳'";
        assert_eq!(count(&app, reminded, &m).await, 1);
        // Nothing paid for four more month-ends: three months overdue → the warning.
        for n in 1..=4 {
            server::reminders::run_daily(&app.db, month_end(n)).await.unwrap();
        }
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!(level(&v), (4, "warning".to_string()), "this month and the next three");
        let warned = "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
                      WHERE a.member_id = CAST($1 AS BIGINT) AND n.title = '党费欠交预警'";
        assert_eq!(count(&app, warned, &m).await, 1, "one warning per run of arrears");
        // Arrears put the member on the black list (the county's trigger: 3 months).
        let standing = server::rankings::boards::my_standing(&app.db, &Default::default(), &member, today)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(standing.list, Some(domain::ranking::ListKind::Black));
        let booked = "SELECT COUNT(*) FROM points_ledger WHERE member_id = CAST($1 AS BIGINT) AND activity_key = 'dues_arrears'";
        assert_eq!(count(&app, booked, &m).await, 4);
        // Each deduction reached the member with its reason.
        let told = "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id \
                    WHERE a.member_id = CAST($1 AS BIGINT) AND n.title = '党费欠交扣分' AND n.body LIKE '%逾期未交，扣 % 分%'";
        assert_eq!(count(&app, told, &m).await, 4);
        // Booked in bulk, the yearly totals still equal the ledger, member by member.
        let off: i64 = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT member_id, SUM(points) AS p FROM points_ledger \
                 GROUP BY member_id) l LEFT JOIN (SELECT member_id, SUM(points) AS p \
                 FROM member_points_year GROUP BY member_id) t ON t.member_id = l.member_id \
                 WHERE t.p IS NULL OR t.p <> l.p",
            )
            .fetch_one(pool)
            .await
            .unwrap()
        });
        assert_eq!(off, 0);

        // Six months: the member, the branch and the committee hear of it.
        for n in 5..=6 {
            server::reminders::run_daily(&app.db, month_end(n)).await.unwrap();
        }
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!(level(&v), (6, "leaving_risk".to_string()));
        let flagged = format!(
            "SELECT COUNT(*) FROM notifications WHERE account_id = CAST($1 AS BIGINT) \
             AND title = '党员连续6个月未交党费' AND dedupe_key LIKE 'dues-leaving:{member_id}:%'"
        );
        assert_eq!(count(&app, &flagged, &secretary.account_id.to_string()).await, 1);
        assert_eq!(count(&app, &flagged, &committee.account_id.to_string()).await, 1);
        let rows = ledger::arrears_rows(&app.db, &committee.scope_path, 500).await.unwrap();
        let row = rows.iter().find(|r| r.member_id == member_id).unwrap();
        assert_eq!((row.months, row.level.code()), (6, "leaving_risk"));
        assert_eq!(
            mine::arrears_months(&app.db, member_id).await.unwrap(),
            6,
            "the black-list trigger counts the same months"
        );

        // A good reason noted by the branch; then cash paid through the billing month.
        admin::note_arrears(&app.db, &secretary, member_id, "住院治疗，家属代为说明").await.unwrap();
        assert!(admin::note_arrears(&app.db, &member, member_id, "自己说明").await.is_err());
        let billing = server::dues::bills::billing_month(&app.db).await.unwrap().unwrap();
        let ahead = billing.add_months(1).unwrap();
        assert!(payments::record_cash(&app.db, &secretary, member_id, ahead, today).await.is_err(), "no advance");
        let cash = "SELECT COUNT(*) FROM dues_payments WHERE member_id = CAST($1 AS BIGINT) AND channel = 'cash' AND status = 'paid'";
        let cash_before = count(&app, cash, &m).await;
        // Two officers (or a double click) at once: recorded once, the other refused.
        let (a, b) = tokio::join!(
            payments::record_cash(&app.db, &secretary, member_id, billing, today),
            payments::record_cash(&app.db, &secretary, member_id, billing, today)
        );
        assert_eq!(
            (u8::from(a.is_ok()) + u8::from(b.is_ok()), a.err().or(b.err()).map(|e| server::ui::shown(&e))),
            (1, Some(AppError::Code(ErrorCode::NothingToPay)))
        );
        assert_eq!(count(&app, cash, &m).await, cash_before + 1);
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!(level(&v), (0, "none".to_string()));
        assert_eq!(v.receipts[0].channel_label, "现金（支部代收）");

        // Hardship: proposed by the branch, approved by the committee (not by the branch).
        hardship::propose(&app.db, &secretary, member_id, "reduced", "abc", "家庭困难").await.unwrap_err();
        assert_eq!(
            hardship::propose(&app.db, &committee, member_id, "exempt", "", "党委直接减免").await.unwrap_err(),
            AppError::Code(ErrorCode::Forbidden),
            "those who approve do not propose"
        );
        hardship::propose(&app.db, &secretary, member_id, "exempt", "", "因病丧失劳动能力，支部讨论同意免交").await.unwrap();
        let id = common::scalar_i64(&app, "SELECT MAX(id) FROM dues_hardship WHERE member_id = CAST($1 AS BIGINT)", &m).await;
        assert!(hardship::decide(&app.db, &secretary, id, true, "", today).await.is_err());
        hardship::decide(&app.db, &committee, id, true, "同意", today).await.unwrap();
        let v = mine::view(&app.db, &payments, &member, None, today).await.unwrap();
        assert_eq!((v.monthly.as_str(), v.relief.as_deref()), ("0.00", Some("免交")));

        // The ledger adds up, and the export is a workbook for staff only.
        let l = ledger::view(&app.db, &county, None, billing.year()).await.unwrap();
        assert!(!l.months.is_empty());
        assert!(ledger::view(&app.db, &member, None, 2026).await.is_err());
        let staff = common::login_cookie(&app, "13800000001").await;
        let r = app.client.get(app.url("/dues/ledger.xlsx")).header("cookie", &staff).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
        let cookie = common::login_cookie(&app, "13800000003").await;
        let r = app.client.get(app.url("/dues/ledger.xlsx")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert!(server::trail::verify(&app.db).await.unwrap().is_intact());
    }

    async fn inside_wechat_the_payer_is_asked_once_and_pays_with_jsapi(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let member = actor(&app, "13800000003").await;
        let m = member.member_id.unwrap().to_string();
        let cookie = common::login_cookie(&app, "13800000003").await;
        let ua = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI";

        // First time: off to WeChat's authorization, with the payment kept in a cookie.
        let r = app
            .client
            .post(app.url("/dues/pay"))
            .header("cookie", &cookie)
            .header("origin", app.url(""))
            .header("user-agent", ua)
            .form(&[("what", "voluntary"), ("amount", "20")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let authorize = r.headers()["location"].to_str().unwrap().to_string();
        assert!(authorize.contains("/paysim/connect/oauth2/authorize?appid="), "{authorize}");
        assert!(authorize.contains("scope=snsapi_base") && authorize.ends_with("#wechat_redirect"));
        let intent = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let r = app.client.get(authorize.trim_end_matches("#wechat_redirect")).send().await.unwrap();
        assert_eq!(r.status(), 302);
        let back = r.headers()["location"].to_str().unwrap().to_string();
        assert!(back.starts_with(&app.url("/dues/wechat/oauth?code=")), "{back}");
        // Without the cookie the return is refused: the state must match.
        let r = app.client.get(&back).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(r.headers()["location"].to_str().unwrap(), "/dues?pay_error=bad_request");
        let jsapi_page = |html: String| -> (serde_json::Value, String) {
            let params = html.split("\"getBrandWCPayRequest\", ").nth(1).unwrap().split(", function").next().unwrap();
            let back = html.split("location.href = \"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (serde_json::from_str(params).unwrap(), back)
        };
        let with_intent = format!("{cookie}; {intent}");
        let r = app.client.get(&back).header("cookie", &with_intent).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (params, paid_page) = jsapi_page(r.text().await.unwrap());
        let r = app.client.get(&back).header("cookie", &with_intent).send().await.unwrap();
        assert_eq!(r.headers()["location"].to_str().unwrap(), "/dues?pay_error=payment_unavailable", "a code works once");
        assert_eq!(params["signType"], "RSA");
        assert!(params["package"].as_str().unwrap().starts_with("prepay_id="));
        let no = paid_page.split("paid=").nth(1).unwrap().to_string();
        assert_eq!(count(&app, "SELECT COUNT(*) FROM wechat_openids WHERE account_id = CAST($1 AS BIGINT)", &member.account_id.to_string()).await, 1);
        // The binding is in the trail, filed under the member, without the openid itself.
        let openid: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT openid FROM wechat_openids WHERE account_id = $1").bind(member.account_id).fetch_one(pool).await.unwrap()
        });
        let bound: (String, Option<i64>) = server::with_pool!(&app.db, pool => {
            sqlx::query_as("SELECT after_json, member_id FROM audit_events WHERE action = 'wechat.openid.bind'").fetch_one(pool).await.unwrap()
        });
        assert!(!bound.0.contains(&openid), "{}", bound.0);
        assert_eq!(bound.1, member.member_id.map(|m| m.get()));

        // WeChat's bridge pays it (a forged paySign is refused first).
        let mut forged = params.clone();
        forged["package"] = serde_json::json!("prepay_id=wx_forged");
        let r = app.client.post(app.url("/paysim/jsapi/pay")).json(&forged).send().await.unwrap();
        assert_eq!(r.status(), 400);
        let r = app.client.post(app.url("/paysim/jsapi/pay")).json(&params).send().await.unwrap();
        let res: serde_json::Value = r.json().await.unwrap();
        assert_eq!(res["err_msg"], "get_brand_wcpay_request:ok");
        let paid = "SELECT COUNT(*) FROM dues_payments WHERE status = 'paid' AND out_trade_no = $1";
        assert_eq!(count(&app, paid, &no).await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM dues_bills WHERE member_id = CAST($1 AS BIGINT) AND kind = 'voluntary' AND paid_at IS NOT NULL", &m).await, 1);

        // Next time WeChat is not asked again: straight to the payment.
        let r = app.client.post(app.url("/dues/pay")).header("cookie", &cookie).header("origin", app.url(""))
            .header("user-agent", ua).form(&[("what", "open"), ("amount", "")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (params, _) = jsapi_page(r.text().await.unwrap());
        assert!(params["paySign"].as_str().unwrap().len() > 100);
    }

    async fn the_simulator_answers_this_machine_only_and_sends_nobody_off_site(
        app: TestApp,
        seeded: DemoPlan::new(Some(2_000)),
        configured: |c: &mut server::config::Config| {
            c.trusted_proxies = server::net::TrustedProxies::parse("127.0.0.1").unwrap();
        }
    ) {
        let cookie = common::login_cookie(&app, "13800000003").await;
        let page = start(&app, &cookie, "open", "").await;
        let url = reqwest::Url::parse(&page).unwrap();
        let confirm_at = format!("{}{}/confirm", app.url(""), url.path());
        // A phone elsewhere, through the proxy, is refused; this machine is served.
        let from_afar = app.client.get(&page).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
        assert_eq!(from_afar.status(), 403);
        assert_eq!(app.client.get(&page).send().await.unwrap().status(), 200);
        // Another site cannot post the confirmation.
        let cross = app.client.post(&confirm_at).header("origin", "https://evil.example")
            .form(&[("redirect_url", "/dues")]).send().await.unwrap();
        assert_eq!(cross.status(), 403);
        // The payer is sent back to this site only: an address elsewhere is not followed.
        let r = app.client.post(&confirm_at).form(&[("redirect_url", "https://evil.example/dues")]).send().await.unwrap();
        assert_eq!(r.status(), 200, "no redirect off the site");
        assert!(r.headers().get("location").is_none());
        assert!(r.text().await.unwrap().contains("支付成功"));
    }

    async fn voluntary_orders_left_unpaid_are_limited(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let cookie = common::login_cookie(&app, "13800000003").await;
        let mut pages = Vec::new();
        for _ in 0..server::dues::payments::VOLUNTARY_WAITING {
            pages.push(start(&app, &cookie, "voluntary", "10").await);
        }
        // Five orders wait unpaid: a sixth is refused, and nothing is written for it.
        let bills = "SELECT COUNT(*) FROM dues_bills WHERE kind = 'voluntary' AND member_id = \
            (SELECT member_id FROM accounts WHERE mobile = $1)";
        let before = count(&app, bills, "13800000003").await;
        assert_eq!(start(&app, &cookie, "voluntary", "10").await, "/dues?pay_error=throttled");
        assert_eq!(count(&app, bills, "13800000003").await, before);
        // One paid: room for another.
        confirm(&app, &pages[0], false).await;
        assert!(start(&app, &cookie, "voluntary", "10").await.contains("/paysim/checkout/"));
    }

    /// An order left unpaid for two days is closed at WeChat with the close-order API, then here;
    /// its page can no longer take the payment, and the order, its voluntary bill and its closing
    /// are in the trail (docs/operations.md#abandoned-orders).
    async fn an_abandoned_order_is_closed_at_wechat_and_in_the_trail(app: TestApp, seeded: DemoPlan::new(Some(500))) {
        let cookie = common::login_cookie(&app, "13800000003").await;
        let page = start(&app, &cookie, "voluntary", "10").await;
        let no: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT out_trade_no FROM dues_payments WHERE status = 'pending' ORDER BY id DESC LIMIT 1").fetch_one(pool).await.unwrap()
        });
        let events = |action: &'static str| {
            let app = &app;
            async move { common::scalar_i64(app, "SELECT COUNT(*) FROM audit_events WHERE action = $1", action).await }
        };
        assert_eq!(events("dues.order").await, 1);
        assert_eq!(events("dues.bill.voluntary").await, 1);
        // Three days old, as far as the server can tell.
        server::with_pool!(&app.db, pool => {
            sqlx::query("UPDATE dues_payments SET created_at = $1 WHERE out_trade_no = $2")
                .bind("2020-01-01T00:00:00+08:00").bind(&no).execute(pool).await.unwrap();
        });
        let config = server::config::Config {
            demo: true,
            payment: server::config::PaymentSettings {
                provider: server::config::PaymentProvider::Simulator,
                ..Default::default()
            },
            ..server::config::Config::default()
        };
        let payments = server::dues::gateway::Payments::from_config(&config, app.addr).unwrap();
        let today = server::clock::today_china();
        server::dues::payments::reconcile(&app.db, &payments, server::dues::payments::Pending::All, today).await.unwrap();
        let status: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT status FROM dues_payments WHERE out_trade_no = $1").bind(&no).fetch_one(pool).await.unwrap()
        });
        assert_eq!(status, "closed");
        // WeChat closed it too: it says so, and its page no longer pays it.
        let at_wechat = payments.wechat.as_ref().unwrap().query(&no).await.unwrap();
        assert_eq!(at_wechat.trade_state, "CLOSED");
        let url = reqwest::Url::parse(&page).unwrap();
        let r = app.client.post(format!("{}{}/confirm", app.url(""), url.path())).form(&[("redirect_url", "/dues"), ("silent", "1")]).send().await.unwrap();
        assert_ne!(r.status(), 303, "a closed order was paid");
        let closed: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT after_json FROM audit_events WHERE action = 'dues.order.close'").fetch_one(pool).await.unwrap()
        });
        assert!(closed.contains("\"abandoned\"") && closed.contains(&no), "{closed}");
        // Nothing more to close on the next round, and the trail still verifies.
        server::dues::payments::reconcile(&app.db, &payments, server::dues::payments::Pending::All, today).await.unwrap();
        assert_eq!(events("dues.order.close").await, 1);
        let report = server::trail::verify(&app.db).await.unwrap();
        assert!(report.is_intact(), "{report}");
    }
}
