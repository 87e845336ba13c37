//! Payments: an online order for a member's open bills (WeChat Pay), a cash payment recorded by
//! the branch, and crediting — the one place bills become paid. Crediting is idempotent: the
//! payment row moves from pending to paid once, whatever number of notifications or queries
//! report it, and the amount must equal what the order asked for.

use crate::error::{ServiceError, ServiceResult};
use domain::{
    access::Action,
    dues::{
        credit_plan, BillKind, CoveredBill, CreditDecision, OrderedPayment, PaymentChannel,
        PaymentStatus,
    },
    points::Activity,
    Date, ErrorCode, Fen, YearMonth,
};
use rand::Rng;

use super::{bills, gateway::Payments};
use crate::{
    access::Actor,
    inbox::InboxTx,
    points::PointsTx,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// What the member asked to pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayWhat {
    /// Every open monthly bill up to the billing month.
    Open,
    /// The same plus the rest of the quarter (where the branch allows it).
    Quarter,
    /// A voluntary payment (大额党费 from 1,000 yuan).
    Voluntary(Fen),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    Credited,
    /// Already paid: a replayed or duplicated report.
    AlreadyPaid,
    /// The amount reported is not the order's: nothing is credited.
    AmountMismatch,
    UnknownOrder,
}

impl Credit {
    pub fn code(self) -> &'static str {
        match self {
            Credit::Credited => "credited",
            Credit::AlreadyPaid => "duplicate",
            Credit::AmountMismatch => "amount_mismatch",
            Credit::UnknownOrder => "unknown_order",
        }
    }
}

fn trade_no(prefix: &str) -> String {
    let n: u64 = rand::thread_rng().gen_range(0..100_000_000);
    let stamp: String = crate::clock::now_rfc3339()
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    format!("{prefix}{stamp}{n:08}")
}

/// A payment as ordered, read before crediting it.
#[derive(sqlx::FromRow)]
struct PaymentRow {
    id: i64,
    member_id: domain::MemberId,
    amount_fen: i64,
    status: PaymentStatus,
    channel: PaymentChannel,
}

/// A bill the payment covers, as it stands.
#[derive(sqlx::FromRow)]
struct CoveredRow {
    id: i64,
    month: YearMonth,
    kind: BillKind,
    amount_fen: i64,
    paid_at: Option<String>,
}

/// A monthly bill not yet paid.
#[derive(sqlx::FromRow)]
struct OpenBill {
    id: i64,
    month: YearMonth,
    amount_fen: i64,
}

/// The member's open monthly bills up to `through`, oldest first.
async fn open_bills(
    db: &Db,
    member_id: domain::MemberId,
    through: YearMonth,
) -> ServiceResult<Vec<OpenBill>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, month, amount_fen FROM dues_bills WHERE member_id = $1 \
             AND kind = 'monthly' AND paid_at IS NULL AND month <= $2 ORDER BY month",
        )
        .bind(member_id)
        .bind(through.to_string())
        .fetch_all(pool)
        .await
        ?
    }))
}

/// Creates the pending payment row covering `bill_ids`.
async fn insert_payment(
    db: &Db,
    member_id: domain::MemberId,
    channel: PaymentChannel,
    amount: i64,
    bill_ids: &[i64],
    created_by: domain::AccountId,
) -> ServiceResult<(i64, String)> {
    let no = trade_no(match channel {
        PaymentChannel::Cash => "CASH",
        PaymentChannel::Wechat => "DJ",
    });
    let now = crate::clock::now_rfc3339();
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dues_payments (member_id, out_trade_no, channel, amount_fen, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
        )
        .bind(member_id)
        .bind(&no)
        .bind(channel)
        .bind(amount)
        .bind(created_by)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        ?;
        for bill in bill_ids {
            sqlx::query("INSERT INTO dues_payment_bills (payment_id, bill_id) VALUES ($1, $2)")
                .bind(id)
                .bind(bill)
                .execute(&mut *tx)
                .await
                ?;
        }
        tx.append(Change {
            actor: Some(created_by),
            action: "dues.order",
            entity: "dues_payments",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "member_id": member_id,
                "out_trade_no": no,
                "channel": channel,
                "amount_fen": amount,
                "bills": bill_ids,
                "status": "pending",
            }).to_string()),
        })
        .await?;
        tx.commit().await?;
        id
    });
    Ok((id, no))
}

/// A voluntary bill (自愿多交 or 大额党费) for this month, unpaid until its payment comes.
/// Voluntary orders a member may have waiting unpaid within the window.
pub const VOLUNTARY_WAITING: i64 = 5;
const VOLUNTARY_WINDOW_SECS: u64 = 3600;

async fn voluntary_bill(
    db: &Db,
    actor: domain::AccountId,
    member_id: domain::MemberId,
    org_id: domain::OrgId,
    amount: Fen,
    today: Date,
) -> ServiceResult<i64> {
    let (amount, large) = domain::dues::voluntary(amount, &super::rules(db).await?)?;
    // Each order waits as an unpaid bill until it is paid or closed: a script cannot fill the
    // ledger with them (docs/security.md#requests).
    let waiting: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM dues_bills WHERE member_id = $1 AND kind = 'voluntary' \
             AND paid_at IS NULL AND created_at > $2",
        )
        .bind(member_id)
        .bind(crate::clock::now_rfc3339_minus_secs(VOLUNTARY_WINDOW_SECS))
        .fetch_one(pool)
        .await?
    });
    if waiting >= VOLUNTARY_WAITING {
        return Err(ServiceError::Throttled {
            retry_after_minutes: VOLUNTARY_WINDOW_SECS.div_ceil(60) as i64,
        });
    }
    let month = YearMonth::of(today).to_string();
    Ok(with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dues_bills (member_id, org_id, month, kind, amount_fen, large, created_at) \
             VALUES ($1, $2, $3, 'voluntary', $4, $5, $6) RETURNING id",
        )
        .bind(member_id)
        .bind(org_id)
        .bind(&month)
        .bind(amount.as_i64())
        .bind(i64::from(large))
        .bind(crate::clock::now_rfc3339())
        .fetch_one(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor),
            action: "dues.bill.voluntary",
            entity: "dues_bills",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "member_id": member_id,
                "org_id": org_id,
                "month": month,
                "kind": "voluntary",
                "amount_fen": amount.as_i64(),
                "large": large,
            }).to_string()),
        })
        .await?;
        tx.commit().await?;
        id
    }))
}

/// Whether the member's branch lets members pay a quarter at once.
pub async fn quarterly_allowed(db: &Db, org_id: domain::OrgId) -> ServiceResult<bool> {
    let q: Option<i64> = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT quarterly FROM dues_branch_settings WHERE org_id = $1")
            .bind(org_id)
            .fetch_optional(pool)
            .await
            ?
    });
    Ok(q == Some(1))
}

/// Makes the order for what the signed-in member asked to pay: the bills it covers and the
/// pending payment row. The caller sends it to WeChat Pay (H5 or JSAPI).
pub async fn prepare_order(
    db: &Db,
    payments: &Payments,
    actor: &Actor,
    what: PayWhat,
    today: Date,
) -> ServiceResult<crate::wechatpay::NewOrder> {
    if payments.wechat.is_none() {
        return Err(ErrorCode::PaymentUnavailable.into());
    }
    let member = super::own_member(db, actor).await?;
    let billing = bills::billing_month(db)
        .await?
        .unwrap_or(YearMonth::of(today));
    let (bill_ids, amount, description) = match what {
        PayWhat::Voluntary(amount) => {
            let (_, large) = domain::dues::voluntary(amount, &super::rules(db).await?)
                .map_err(|code| ServiceError::field("voluntary_amount", code))?;
            let id = voluntary_bill(
                db,
                actor.account_id,
                member.member.id,
                member.member.org_id,
                amount,
                today,
            )
            .await?;
            let label = if large {
                "大额党费"
            } else {
                "自愿多交党费"
            };
            (vec![id], amount.as_i64(), label.to_string())
        }
        PayWhat::Open | PayWhat::Quarter => {
            let mut through = billing;
            if what == PayWhat::Quarter {
                if !quarterly_allowed(db, member.member.org_id).await? {
                    return Err(ErrorCode::Forbidden.into());
                }
                for m in domain::dues::rest_of_quarter(billing) {
                    bills::issue_month(db, m, Some(member.member.id)).await?;
                    through = m;
                }
            }
            let open = open_bills(db, member.member.id, through).await?;
            let (Some(first), Some(last)) = (open.first(), open.last()) else {
                return Err(ErrorCode::NothingToPay.into());
            };
            let label = if first.month == last.month {
                format!("党费 {}", first.month)
            } else {
                format!("党费 {} 至 {}", first.month, last.month)
            };
            let total: i64 = open.iter().map(|b| b.amount_fen).sum();
            (open.iter().map(|b| b.id).collect(), total, label)
        }
    };
    if amount <= 0 {
        return Err(ErrorCode::NothingToPay.into());
    }
    let (_, out_trade_no) = insert_payment(
        db,
        member.member.id,
        PaymentChannel::Wechat,
        amount,
        &bill_ids,
        actor.account_id,
    )
    .await?;
    tracing::info!(%out_trade_no, amount, member_id = %member.member.id, "payment order made");
    Ok(crate::wechatpay::NewOrder {
        out_trade_no,
        description,
        amount_fen: amount,
        time_expire: None,
    })
}

/// An H5 order (a phone's browser outside WeChat): WeChat's payment page, which comes back to
/// `return_to?paid=<order>`.
pub async fn start_h5(
    db: &Db,
    payments: &Payments,
    order: &crate::wechatpay::NewOrder,
    client_ip: &str,
    return_to: &str,
) -> ServiceResult<String> {
    let wechat = payments
        .wechat
        .clone()
        .ok_or(ErrorCode::PaymentUnavailable)?;
    let h5 = match wechat.create_h5(order, client_ip).await {
        Ok(h5) => h5,
        Err(e) => return Err(refused(db, order, &e).await.into()),
    };
    let back = format!("{return_to}?paid={}", order.out_trade_no);
    let sep = if h5.h5_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{}{sep}redirect_url={}",
        h5.h5_url,
        app::url::percent_encode(&back)
    ))
}

/// A JSAPI order (inside WeChat's browser, for the payer's openid): the parameters the page
/// hands to `WeixinJSBridge`.
pub async fn start_jsapi(
    db: &Db,
    payments: &Payments,
    order: &crate::wechatpay::NewOrder,
    openid: &str,
) -> ServiceResult<crate::wechatpay::JsapiParams> {
    let wechat = payments
        .wechat
        .clone()
        .ok_or(ErrorCode::PaymentUnavailable)?;
    match wechat.create_jsapi(order, openid).await {
        Ok(params) => Ok(params),
        Err(e) => Err(refused(db, order, &e).await.into()),
    }
}

/// An order WeChat Pay did not take: closed here, so nothing waits on it.
async fn refused(
    db: &Db,
    order: &crate::wechatpay::NewOrder,
    e: &crate::wechatpay::PayError,
) -> ErrorCode {
    tracing::warn!(error = %e, out_trade_no = %order.out_trade_no, "payment order refused");
    if let Err(e) = close(db, &order.out_trade_no, "refused_by_wechat").await {
        tracing::warn!(error = ?e, "refused order not closed");
    }
    ErrorCode::PaymentUnavailable
}

/// The openid WeChat gave for this account, if it paid from WeChat before.
pub async fn openid_of(db: &Db, account_id: domain::AccountId) -> ServiceResult<Option<String>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT openid FROM wechat_openids WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(pool)
            .await
            ?
    }))
}

pub async fn remember_openid(
    db: &Db,
    account_id: domain::AccountId,
    openid: &str,
) -> ServiceResult<()> {
    // The trail keeps that a binding happened and to which account, not the openid itself (it
    // identifies the payer at WeChat): its first characters, enough to tell two apart.
    let shown: String = openid.chars().take(6).chain("…".chars()).collect();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT openid FROM wechat_openids WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
        if before.as_deref() == Some(openid) {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO wechat_openids (account_id, openid, bound_at) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id) DO UPDATE SET openid = excluded.openid, bound_at = excluded.bound_at",
        )
        .bind(account_id)
        .bind(openid)
        .bind(crate::clock::now_rfc3339())
        .execute(&mut *tx)
        .await
        ?;
        let member_id: Option<i64> = sqlx::query_scalar("SELECT member_id FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
        tx.append(Change {
            actor: Some(account_id),
            action: "wechat.openid.bind",
            entity: "wechat_openids",
            entity_id: Some(account_id.to_string()),
            before: before.map(|b| {
                let was: String = b.chars().take(6).chain("…".chars()).collect();
                serde_json::json!({ "member_id": member_id, "openid": was }).to_string()
            }),
            after: Some(serde_json::json!({ "member_id": member_id, "openid": shown }).to_string()),
        })
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// Credits a payment reported paid (by a notification, a query, or the branch's cash record).
pub async fn credit(
    db: &Db,
    out_trade_no: &str,
    transaction_id: Option<&str>,
    amount_fen: i64,
    actor: Option<domain::AccountId>,
    today: Date,
) -> ServiceResult<Credit> {
    let now = crate::clock::now_rfc3339();
    let outcome = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let found: Option<PaymentRow> = sqlx::query_as(
            "SELECT id, member_id, amount_fen, status, channel FROM dues_payments WHERE out_trade_no = $1",
        )
        .bind(out_trade_no)
        .fetch_optional(&mut *tx)
        .await
        ?;
        let Some(payment) = found else {
            return Ok(Credit::UnknownOrder);
        };
        let payment_id = payment.id;
        let member_id = payment.member_id;
        let covered: Vec<CoveredRow> = sqlx::query_as(
            "SELECT b.id, b.month, b.kind, b.amount_fen, b.paid_at FROM dues_bills b \
             JOIN dues_payment_bills pb ON pb.bill_id = b.id WHERE pb.payment_id = $1 ORDER BY b.month",
        )
        .bind(payment_id)
        .fetch_all(&mut *tx)
        .await
        ?;
        let bills = covered
            .iter()
            .map(|b| {
                Ok(CoveredBill {
                    id: b.id,
                    month: b.month,
                    kind: b.kind,
                    amount: Fen::new(b.amount_fen)?,
                    paid: b.paid_at.is_some(),
                })
            })
            .collect::<Result<Vec<_>, ErrorCode>>()?;
        let ordered = OrderedPayment {
            amount: Fen::new(payment.amount_fen)?,
            status: payment.status,
            channel: payment.channel,
        };
        // A report without a valid amount matches no order.
        let Ok(reported) = Fen::new(amount_fen) else {
            return Ok(Credit::AmountMismatch);
        };
        let plan = match credit_plan(ordered, reported, &bills, today)? {
            CreditDecision::AlreadyPaid => return Ok(Credit::AlreadyPaid),
            CreditDecision::AmountMismatch => return Ok(Credit::AmountMismatch),
            CreditDecision::Credit(plan) => plan,
        };
        sqlx::query(
            "UPDATE dues_payments SET status = 'paid', transaction_id = $1, paid_at = $2 \
             WHERE id = $3 AND status <> 'paid'",
        )
        .bind(transaction_id)
        .bind(&now)
        .bind(payment_id)
        .execute(&mut *tx)
        .await
        ?;
        // Bills another payment settled meanwhile (two orders for the same months, both paid)
        // keep their first payment; this one's share is kept as a voluntary payment, not lost.
        for bill in &plan.settle {
            sqlx::query(
                "UPDATE dues_bills SET payment_id = $1, paid_at = $2 WHERE paid_at IS NULL AND id = $3",
            )
            .bind(payment_id)
            .bind(&now)
            .bind(bill)
            .execute(&mut *tx)
            .await
            ?;
        }
        if plan.surplus > Fen::ZERO {
            sqlx::query(
                "INSERT INTO dues_bills (member_id, org_id, month, kind, amount_fen, large, payment_id, paid_at, created_at) \
                 SELECT id, org_id, $2, 'voluntary', $3, 0, $4, $5, $5 FROM members WHERE id = $1",
            )
            .bind(member_id)
            .bind(YearMonth::of(today).to_string())
            .bind(plan.surplus.as_i64())
            .bind(payment_id)
            .bind(&now)
            .execute(&mut *tx)
            .await
            ?;
        }
        let after = serde_json::json!({
            "out_trade_no": out_trade_no,
            "transaction_id": transaction_id,
            "amount_fen": amount_fen,
            "member_id": member_id,
            "months": plan.months.iter().map(YearMonth::to_string).collect::<Vec<_>>(),
        });
        tx.append(Change {
            actor,
            action: "dues.payment",
            entity: "dues_payments",
            entity_id: Some(payment_id.to_string()),
            before: None,
            after: Some(after.to_string()),
        })
        .await
        ?;
        // On time: this month's bill paid within its month (the points rules' +1 a month);
        // booked by the officer who recorded it, or by the system for an online payment.
        if plan.on_time {
            tx.award_points_many(actor, &[member_id], &Activity::DuesPaidOnTime, today)
                .await?;
        }
        tx.notify_member(
            member_id,
            "党费已到账",
            &format!("收到党费 {} 元。", Fen::new(amount_fen)?.to_yuan_string()),
            "/dues#receipts",
        )
        .await?;
        tx.commit().await?;
        Credit::Credited
    });
    tracing::info!(out_trade_no, outcome = outcome.code(), "payment credit");
    Ok(outcome)
}

/// The branch records dues paid in cash: the member's open monthly bills through `through`.
pub async fn record_cash(
    db: &Db,
    actor: &Actor,
    member_id: domain::MemberId,
    through: YearMonth,
    today: Date,
) -> ServiceResult<()> {
    let member = crate::members::find(db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(
        Action::ManageDues,
        actor.reach_member(member_id, &member.org_path),
    )?;
    // Another officer records a treasurer's own cash.
    if actor.member_id == Some(member_id) {
        return Err(ErrorCode::Forbidden.into());
    }
    let billing = bills::billing_month(db)
        .await?
        .unwrap_or(YearMonth::of(today));
    // Not ahead of the billing month: the organization must not advance dues for a member.
    if through > billing {
        return Err(ServiceError::field("through", ErrorCode::InvalidYearMonth));
    }
    let open = open_bills(db, member_id, through).await?;
    if open.is_empty() {
        return Err(ErrorCode::NothingToPay.into());
    }
    let amount: i64 = open.iter().map(|b| b.amount_fen).sum();
    let ids: Vec<i64> = open.iter().map(|b| b.id).collect();
    let (_, no) = insert_payment(
        db,
        member_id,
        PaymentChannel::Cash,
        amount,
        &ids,
        actor.account_id,
    )
    .await?;
    match credit(db, &no, None, amount, Some(actor.account_id), today).await? {
        Credit::Credited => Ok(()),
        _ => {
            close(db, &no, "nothing_to_credit").await?;
            Err(ErrorCode::NothingToPay.into())
        }
    }
}

/// Asks the provider about online payments still pending: paid ones are credited (their
/// notification may never come), abandoned ones closed. `member` limits it to one member's
/// (the page a payer comes back to).
/// Which pending orders a reconciliation asks WeChat Pay about.
pub enum Pending<'a> {
    /// Every pending order, least recently asked first (the scheduled job).
    All,
    /// The order a member came back from paying, unless it was asked about in the last
    /// [`RECHECK_SECS`]: reloading the return page must not make the server query WeChat Pay
    /// in a loop, nor reach anyone else's orders.
    Returned {
        member: domain::MemberId,
        out_trade_no: &'a str,
    },
}

/// How long an order asked about on the return page is not asked about again from there.
pub const RECHECK_SECS: u64 = 10;

pub async fn reconcile(
    db: &Db,
    payments: &Payments,
    which: Pending<'_>,
    today: Date,
) -> ServiceResult<usize> {
    let Some(wechat) = payments.wechat.clone() else {
        return Ok(0);
    };
    let (member, named, since) = match which {
        Pending::All => (0, "", String::new()),
        Pending::Returned {
            member,
            out_trade_no,
        } => (
            member.get(),
            out_trade_no,
            crate::clock::now_rfc3339_minus_secs(RECHECK_SECS),
        ),
    };
    // Least recently asked first, so no batch of stuck orders starves the rest.
    let pending: Vec<(String, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT out_trade_no, created_at FROM dues_payments WHERE status = 'pending' \
             AND channel = 'wechat' AND ($1 = 0 OR member_id = $1) \
             AND ($2 = '' OR out_trade_no = $2) \
             AND ($3 = '' OR checked_at IS NULL OR checked_at < $3) \
             ORDER BY COALESCE(checked_at, ''), id LIMIT 200",
        )
        .bind(member)
        .bind(named)
        .bind(&since)
        .fetch_all(pool)
        .await
        ?
    });
    let mut credited = 0;
    for (no, created_at) in pending {
        let answer = wechat.query(&no).await;
        with_pool!(db, pool => {
            sqlx::query("UPDATE dues_payments SET checked_at = $1 WHERE out_trade_no = $2")
                .bind(crate::clock::now_rfc3339())
                .bind(&no)
                .execute(pool)
                .await
                ?;
        });
        let answer = match answer {
            Ok(t) => Some(t),
            // WeChat never took it (or forgot it): nothing can be paid on it any more.
            Err(crate::wechatpay::PayError::Rejected { code, .. }) if code == "ORDER_NOT_EXIST" => {
                if older_than_days(&created_at, today, 1) {
                    close(db, &no, "unknown_to_wechat").await?;
                }
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, out_trade_no = %no, "payment query failed");
                None
            }
        };
        match answer {
            Some(t) if t.trade_state == "SUCCESS" => {
                let amount = t.amount.as_ref().map_or(-1, |a| a.total);
                let tid = t.transaction_id.as_deref();
                if credit(db, &no, tid, amount, None, today).await? == Credit::Credited {
                    credited += 1;
                }
            }
            Some(t) if matches!(t.trade_state.as_str(), "CLOSED" | "REVOKED" | "PAYERROR") => {
                close(db, &no, "closed_at_wechat").await?;
            }
            // Unpaid for two days: the payer gave up (WeChat's H5 orders expire long before).
            Some(_) if older_than_days(&created_at, today, 2) => abandon(db, &wechat, &no).await?,
            _ => {}
        }
    }
    Ok(credited)
}

fn older_than_days(created_at: &str, today: Date, days: i64) -> bool {
    created_at
        .get(..10)
        .and_then(|d| Date::parse(d).ok())
        .is_some_and(|d| d.days_between(today) >= days)
}

/// Closes a pending order here, with the reason in the trail; an order no longer pending is
/// left as it is.
async fn close(db: &Db, no: &str, why: &str) -> ServiceResult<()> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let found: Option<(i64, domain::MemberId)> = sqlx::query_as(
            "UPDATE dues_payments SET status = 'closed' WHERE out_trade_no = $1 AND status = 'pending' \
             RETURNING id, member_id",
        )
        .bind(no)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, member_id)) = found else {
            return Ok(());
        };
        tx.append(Change {
            actor: None,
            action: "dues.order.close",
            entity: "dues_payments",
            entity_id: Some(id.to_string()),
            before: Some(serde_json::json!({ "member_id": member_id, "out_trade_no": no, "status": "pending" }).to_string()),
            after: Some(serde_json::json!({ "member_id": member_id, "out_trade_no": no, "status": "closed", "why": why }).to_string()),
        })
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// An order the payer gave up: closed at WeChat first (关闭订单), so an old payment page can no
/// longer pay it, then here (docs/operations.md#abandoned-orders). If WeChat refuses — the
/// order was paid meanwhile — it stays pending for the next round to credit.
async fn abandon(db: &Db, wechat: &crate::wechatpay::WechatPay, no: &str) -> ServiceResult<()> {
    match wechat.close(no).await {
        Ok(()) => close(db, no, "abandoned").await,
        Err(crate::wechatpay::PayError::Rejected { code, .. }) if code == "ORDER_NOT_EXIST" => {
            close(db, no, "unknown_to_wechat").await
        }
        Err(e) => {
            tracing::warn!(error = %e, out_trade_no = %no, "closing an abandoned order failed");
            Ok(())
        }
    }
}

/// Rejected notifications logged in the last minute.
pub async fn recent_rejections(db: &Db) -> ServiceResult<i64> {
    let since = crate::clock::now_rfc3339_minus_secs(60);
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM dues_callbacks WHERE outcome = 'rejected' AND received_at > $1",
        )
        .bind(since)
        .fetch_one(pool)
        .await
        ?
    }))
}

/// Every notification received, accepted or not, for the record.
pub async fn log_callback(
    db: &Db,
    out_trade_no: Option<&str>,
    outcome: &str,
    detail: &str,
) -> ServiceResult<()> {
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO dues_callbacks (received_at, out_trade_no, outcome, detail) VALUES ($1, $2, $3, $4)",
        )
        .bind(crate::clock::now_rfc3339())
        .bind(out_trade_no)
        .bind(outcome)
        .bind(detail)
        .execute(pool)
        .await
        ?;
    });
    Ok(())
}
