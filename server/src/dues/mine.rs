//! `/dues` for a member: the base and its history, open bills, receipts, arrears.

use crate::error::ServiceResult;
use app::dues::{BillView, MyDuesView, ReceiptView};
use domain::{
    dues::{arrears_level, BillKind, Hardship, HardshipKind, PaymentChannel, PaymentStatus},
    Date, YearMonth,
};

use super::{at, bases, bills, category_label, gateway::Payments, yuan};
use crate::{access::Actor, storage::Db, with_pool};

fn kind_label(kind: BillKind, large: i64) -> &'static str {
    match (kind, large) {
        (BillKind::Monthly, _) => "月度党费",
        (BillKind::Voluntary, 1) => "大额党费",
        (BillKind::Voluntary, _) => "自愿多交",
    }
}

#[derive(sqlx::FromRow)]
struct OpenRow {
    id: i64,
    month: YearMonth,
    kind: BillKind,
    amount_fen: i64,
    large: i64,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    id: i64,
    out_trade_no: String,
    channel: PaymentChannel,
    amount_fen: i64,
    paid_at: String,
    transaction_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CoveredMonth {
    month: YearMonth,
    kind: BillKind,
    large: i64,
}

pub async fn view(
    db: &Db,
    payments: &Payments,
    actor: &Actor,
    returned: Option<&str>,
    today: Date,
) -> ServiceResult<MyDuesView> {
    let me = super::own_member(db, actor).await?;
    let member_id = me.member.id;
    // Back from the payment page before the notification: ask the provider now.
    if let Some(out_trade_no) = returned {
        let which = super::payments::Pending::Returned {
            member: member_id,
            out_trade_no,
        };
        super::payments::reconcile(db, payments, which, today).await?;
    }
    let relief = bills_relief(db, member_id).await?;
    let monthly = bills::amount_for(
        &me.member.dues_category,
        me.member.dues_base_fen,
        &relief,
        &super::rules(db).await?,
    )?;
    let open_rows: Vec<OpenRow> = with_pool!(db, pool => {
        sqlx::query_as(
            // Monthly bills only: an unpaid voluntary bill is an order the member left.
            "SELECT id, month, kind, amount_fen, large FROM dues_bills \
             WHERE member_id = $1 AND kind = 'monthly' AND paid_at IS NULL ORDER BY month, id",
        )
        .bind(member_id)
        .fetch_all(pool)
        .await
        ?
    });
    let open_total: i64 = open_rows.iter().map(|r| r.amount_fen).sum();
    let open = open_rows
        .into_iter()
        .map(|r| BillView {
            id: r.id,
            month: r.month.to_string(),
            kind_label: kind_label(r.kind, r.large).into(),
            amount: yuan(r.amount_fen),
            paid_at: None,
        })
        .collect();
    let paid_through = super::paid_through(db, member_id).await?;
    let arrears = bills::arrears_in(db, &me.org_path, Some(member_id))
        .await?
        .first()
        .map_or(0, |r| u32::try_from(r.months).unwrap_or(u32::MAX));
    let level = arrears_level(arrears, &super::rules(db).await?);
    let billing = bills::billing_month(db).await?;
    let quarter_ahead = match billing {
        Some(b) if super::payments::quarterly_allowed(db, me.member.org_id).await? => {
            domain::dues::rest_of_quarter(b)
                .into_iter()
                .skip(1)
                .map(|m| m.to_string())
                .collect()
        }
        _ => Vec::new(),
    };
    let returned = match returned {
        Some(no) => Some(payment_state(db, member_id, no).await?),
        None => None,
    };
    Ok(MyDuesView {
        member_name: me.member.name.clone(),
        branch_name: me.org_name.clone(),
        category_code: me.member.dues_category.clone(),
        category_label: category_label(&me.member.dues_category),
        base: yuan(me.member.dues_base_fen),
        monthly: yuan(monthly.as_i64()),
        relief: (relief != Hardship::None).then(|| relief.label_zh().to_string()),
        bases: bases::history(db, member_id).await?,
        open,
        open_total: yuan(open_total),
        paid_through,
        arrears_months: arrears,
        arrears_level: level,
        arrears_label: level.label_zh().into(),
        receipts: receipts(db, member_id).await?,
        quarter_ahead,
        online: payments.wechat.is_some(),
        returned,
        rules: super::rules(db).await?,
    })
}

async fn bills_relief(db: &Db, member_id: domain::MemberId) -> ServiceResult<Hardship> {
    let row: Option<(HardshipKind, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT kind, monthly_fen FROM dues_hardship WHERE member_id = $1 \
             AND status = 'approved' ORDER BY decided_at DESC, id DESC LIMIT 1",
        )
        .bind(member_id)
        .fetch_optional(pool)
        .await
        ?
    });
    row.map_or(Ok(Hardship::None), |(k, f)| bills::hardship_of(k, f))
}

/// 已到账 / 处理中 / 已关闭 for the member's own payment (not anyone else's).
async fn payment_state(
    db: &Db,
    member_id: domain::MemberId,
    no: &str,
) -> ServiceResult<Option<PaymentStatus>> {
    let status: Option<PaymentStatus> = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT status FROM dues_payments WHERE out_trade_no = $1 AND member_id = $2")
            .bind(no)
            .bind(member_id)
            .fetch_optional(pool)
            .await
            ?
    });
    Ok(status)
}

async fn receipts(db: &Db, member_id: domain::MemberId) -> ServiceResult<Vec<ReceiptView>> {
    let rows: Vec<ReceiptRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, out_trade_no, channel, amount_fen, paid_at, transaction_id FROM dues_payments \
             WHERE member_id = $1 AND status = 'paid' ORDER BY paid_at DESC, id DESC LIMIT 24",
        )
        .bind(member_id)
        .fetch_all(pool)
        .await
        ?
    });
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let months: Vec<CoveredMonth> = with_pool!(db, pool => {
            sqlx::query_as("SELECT month, kind, large FROM dues_bills WHERE payment_id = $1 ORDER BY month")
                .bind(r.id)
                .fetch_all(pool)
                .await
                ?
        });
        let monthly: Vec<YearMonth> = months
            .iter()
            .filter(|m| m.kind == BillKind::Monthly)
            .map(|m| m.month)
            .collect();
        let mut covers = match (monthly.first(), monthly.last()) {
            (Some(a), Some(b)) if a == b => format!("{a} 月度党费"),
            (Some(a), Some(b)) => format!("{a} 至 {b} 月度党费"),
            _ => String::new(),
        };
        for m in months.iter().filter(|m| m.kind != BillKind::Monthly) {
            if !covers.is_empty() {
                covers.push('，');
            }
            covers.push_str(kind_label(m.kind, m.large));
        }
        out.push(ReceiptView {
            id: r.id,
            out_trade_no: r.out_trade_no,
            channel_label: match r.channel {
                PaymentChannel::Cash => "现金（支部代收）",
                PaymentChannel::Wechat => "微信支付",
            }
            .into(),
            amount: yuan(r.amount_fen),
            paid_at: at(&r.paid_at),
            covers,
            transaction_id: r.transaction_id,
        });
    }
    Ok(out)
}

/// The home card's "dues due": the open total up to the billing month, if any.
pub async fn due(db: &Db, actor: &Actor) -> ServiceResult<Option<String>> {
    let Some(member_id) = actor.member_id else {
        return Ok(None);
    };
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok(None);
    };
    let total: Option<i64> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM dues_bills WHERE member_id = $1 \
             AND kind = 'monthly' AND paid_at IS NULL AND month <= $2",
        )
        .bind(member_id)
        .bind(billing.to_string())
        .fetch_one(pool)
        .await
        ?
    });
    Ok(total.filter(|t| *t > 0).map(yuan))
}

/// Unpaid monthly bills before the billing month: the black-list trigger's count.
pub async fn arrears_months(db: &Db, member_id: domain::MemberId) -> ServiceResult<u32> {
    let Some(billing) = bills::billing_month(db).await? else {
        return Ok(0);
    };
    let n: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM dues_bills WHERE member_id = $1 AND kind = 'monthly' \
             AND paid_at IS NULL AND month < $2",
        )
        .bind(member_id)
        .bind(billing.to_string())
        .fetch_one(pool)
        .await
        ?
    });
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn this_month(today: Date) -> YearMonth {
    YearMonth::of(today)
}
