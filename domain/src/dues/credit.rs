//! Crediting a dues payment (docs/rules.md#dues): the one place bills become paid.
//!
//! The server reads the payment and the bills it was made for, asks [`credit_plan`] what to do,
//! and applies exactly that in one transaction. Keeping the decision here means the rules —
//! cash refused for months someone else settled, an online payment's overlap kept as a
//! voluntary payment, the on-time point — are tested without a database.

use crate::date::{Date, YearMonth};
use crate::error::ErrorCode;
use crate::money::Fen;

code_enum! {
    /// What a bill is for: one month's dues, or money given beyond them.
    pub enum BillKind / BadRequest {
        Monthly = "monthly" / "月度党费",
        Voluntary = "voluntary" / "自愿多交",
    }
}

code_enum! {
    /// How the money came: online through the payment provider, or cash counted by the branch.
    pub enum PaymentChannel / BadRequest {
        Wechat = "wechat" / "微信支付",
        Cash = "cash" / "现金",
    }
}

code_enum! {
    pub enum PaymentStatus / BadRequest {
        Pending = "pending" / "待支付",
        Paid = "paid" / "已到账",
        Closed = "closed" / "已关闭",
    }
}

/// A bill the payment was made for, as it stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoveredBill {
    pub id: i64,
    pub month: YearMonth,
    pub kind: BillKind,
    pub amount: Fen,
    /// Settled already, by this or another payment.
    pub paid: bool,
}

/// The payment as ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderedPayment {
    pub amount: Fen,
    pub status: PaymentStatus,
    pub channel: PaymentChannel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditDecision {
    /// Paid before (a repeated notification, a double click): nothing changes.
    AlreadyPaid,
    /// The amount reported is not the order's: nothing is credited.
    AmountMismatch,
    Credit(CreditPlan),
}

/// What crediting books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditPlan {
    /// Open bills this payment settles.
    pub settle: Vec<i64>,
    /// This payment's share of bills another payment settled meanwhile: kept as a voluntary
    /// payment for `today`'s month rather than lost.
    pub surplus: Fen,
    /// The months of monthly dues the payment was made for (for the record trail).
    pub months: Vec<YearMonth>,
    /// This month's bill paid within its month: the points rules' on-time point.
    pub on_time: bool,
}

pub fn credit_plan(
    payment: OrderedPayment,
    reported: Fen,
    bills: &[CoveredBill],
    today: Date,
) -> Result<CreditDecision, ErrorCode> {
    // The amount first: a tampered replay of a paid order reads as tampered, not as a
    // harmless duplicate.
    if payment.amount != reported {
        return Ok(CreditDecision::AmountMismatch);
    }
    if payment.status == PaymentStatus::Paid {
        return Ok(CreditDecision::AlreadyPaid);
    }
    let surplus = Fen::sum(bills.iter().filter(|b| b.paid).map(|b| b.amount))?;
    // Cash is counted by the branch: months someone else already settled (two treasurers at
    // once, a double click) are refused, not kept as money that was never handed over.
    if payment.channel == PaymentChannel::Cash && surplus > Fen::ZERO {
        return Ok(CreditDecision::AlreadyPaid);
    }
    let this_month = YearMonth::of(today);
    Ok(CreditDecision::Credit(CreditPlan {
        settle: bills.iter().filter(|b| !b.paid).map(|b| b.id).collect(),
        surplus,
        months: bills
            .iter()
            .filter(|b| b.kind == BillKind::Monthly)
            .map(|b| b.month)
            .collect(),
        on_time: bills
            .iter()
            .any(|b| b.kind == BillKind::Monthly && b.month == this_month && !b.paid),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::parse("2026-05-20").unwrap()
    }

    fn bill(id: i64, month: &str, fen: i64, paid: bool) -> CoveredBill {
        CoveredBill {
            id,
            month: YearMonth::parse(month).unwrap(),
            kind: BillKind::Monthly,
            amount: Fen::new(fen).unwrap(),
            paid,
        }
    }

    fn ordered(fen: i64, channel: PaymentChannel) -> OrderedPayment {
        OrderedPayment {
            amount: Fen::new(fen).unwrap(),
            status: PaymentStatus::Pending,
            channel,
        }
    }

    #[test]
    fn online_overlap_is_kept_as_voluntary() {
        let bills = [
            bill(1, "2026-04", 500, true),
            bill(2, "2026-05", 500, false),
        ];
        let plan = credit_plan(
            ordered(1000, PaymentChannel::Wechat),
            Fen::new(1000).unwrap(),
            &bills,
            today(),
        )
        .unwrap();
        assert_eq!(
            plan,
            CreditDecision::Credit(CreditPlan {
                settle: vec![2],
                surplus: Fen::new(500).unwrap(),
                months: vec![bills[0].month, bills[1].month],
                on_time: true,
            })
        );
    }

    #[test]
    fn cash_for_settled_months_is_refused() {
        let bills = [bill(1, "2026-04", 500, true)];
        assert_eq!(
            credit_plan(
                ordered(500, PaymentChannel::Cash),
                Fen::new(500).unwrap(),
                &bills,
                today()
            ),
            Ok(CreditDecision::AlreadyPaid)
        );
    }

    #[test]
    fn wrong_amount_and_repeat_change_nothing() {
        let bills = [bill(1, "2026-05", 500, false)];
        let pay = ordered(500, PaymentChannel::Wechat);
        assert_eq!(
            credit_plan(pay, Fen::new(499).unwrap(), &bills, today()),
            Ok(CreditDecision::AmountMismatch)
        );
        let paid = OrderedPayment {
            status: PaymentStatus::Paid,
            ..pay
        };
        assert_eq!(
            credit_plan(paid, Fen::new(500).unwrap(), &bills, today()),
            Ok(CreditDecision::AlreadyPaid)
        );
        // A replay of a paid order with another amount is tampered, not a duplicate.
        assert_eq!(
            credit_plan(paid, Fen::new(1).unwrap(), &bills, today()),
            Ok(CreditDecision::AmountMismatch)
        );
    }

    fn bills() -> impl Strategy<Value = Vec<CoveredBill>> {
        prop::collection::vec((1u8..=12, 0i64..20_000, any::<bool>()), 0..8).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (m, fen, paid))| bill(i as i64 + 1, &format!("2026-{m:02}"), fen, paid))
                .collect()
        })
    }

    proptest! {
        /// Every fen of the payment lands somewhere: settled bills plus the surplus equal the
        /// bills' total, and no settled bill is settled twice.
        #[test]
        fn money_is_neither_lost_nor_doubled(bills in bills(), cash in any::<bool>()) {
            let total = Fen::sum(bills.iter().map(|b| b.amount)).unwrap();
            let channel = if cash { PaymentChannel::Cash } else { PaymentChannel::Wechat };
            let decision = credit_plan(ordered(total.as_i64(), channel), total, &bills, today()).unwrap();
            match decision {
                CreditDecision::Credit(plan) => {
                    let settled = Fen::sum(bills.iter().filter(|b| plan.settle.contains(&b.id)).map(|b| b.amount)).unwrap();
                    prop_assert_eq!(settled.checked_add(plan.surplus).unwrap(), total);
                    prop_assert!(plan.settle.iter().all(|id| bills.iter().any(|b| b.id == *id && !b.paid)));
                    prop_assert!(!cash || plan.surplus == Fen::ZERO);
                    prop_assert_eq!(plan.on_time, bills.iter().any(|b| !b.paid && b.month == YearMonth::of(today())));
                }
                CreditDecision::AlreadyPaid => {
                    prop_assert!(cash && bills.iter().any(|b| b.paid && b.amount > Fen::ZERO));
                }
                CreditDecision::AmountMismatch => prop_assert!(false, "amounts were equal"),
            }
        }
    }
}
