use domain::{MemberId, OrgId};
use serde::{Deserialize, Serialize};

/// A bill as its member sees it. Amounts are yuan strings made by `domain::Fen`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillView {
    pub id: i64,
    pub month: String,
    /// 月度党费 / 自愿多交 / 大额党费.
    pub kind_label: String,
    pub amount: String,
    pub paid_at: Option<String>,
}

/// One payment received: online or cash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub id: i64,
    pub out_trade_no: String,
    pub channel_label: String,
    pub amount: String,
    pub paid_at: String,
    /// "2026-09 至 2026-11", or the voluntary payment's label.
    pub covers: String,
    pub transaction_id: Option<String>,
}

/// A base submitted by the member (or set at the start of the year), with its decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaseView {
    pub id: i64,
    pub member_name: String,
    pub year: i64,
    pub category_label: String,
    pub base: String,
    pub monthly: String,
    /// 待支部确认 / 已确认 / 已更正 / 已撤回.
    pub status_label: String,
    pub submitted_at: String,
    pub note: Option<String>,
}

/// `/dues`: my dues.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDuesView {
    pub member_name: String,
    pub branch_name: String,
    pub category_code: String,
    pub category_label: String,
    pub base: String,
    pub monthly: String,
    /// 减交 / 免交, when relief is approved.
    pub relief: Option<String>,
    pub bases: Vec<BaseView>,
    pub open: Vec<BillView>,
    pub open_total: String,
    /// The newest month paid for, if any.
    pub paid_through: Option<String>,
    pub arrears_months: u32,
    /// `none` / `warning` / `leaving_risk`, and its Chinese label.
    pub arrears_level: domain::dues::ArrearsLevel,
    pub arrears_label: String,
    pub receipts: Vec<ReceiptView>,
    /// Months after the billing month this quarter, when the branch allows quarterly payment.
    pub quarter_ahead: Vec<String>,
    /// Online payment is configured.
    pub online: bool,
    /// A payment just returned from the payment page: its state (`None` inside when the order
    /// is not the reader's or unknown).
    pub returned: Option<Option<domain::dues::PaymentStatus>>,
    /// The county's dues rules: the base form's amount is computed in the browser by them.
    pub rules: domain::dues::DuesRules,
}

/// A member's arrears as the branch, committee and county see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArrearsRow {
    pub member_id: MemberId,
    pub name: String,
    pub org_name: String,
    pub months: u32,
    pub since: String,
    pub level: domain::dues::ArrearsLevel,
    pub level_label: String,
    /// A good reason noted by the branch.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HardshipView {
    pub id: i64,
    pub member_name: String,
    pub org_name: String,
    /// 减交 / 免交.
    pub kind_label: String,
    pub monthly: String,
    pub reason: String,
    pub status_label: String,
    pub proposed_at: String,
    pub decision_note: Option<String>,
}

/// `/admin/dues`: the branch's treasurer work and the committee's approvals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminDuesView {
    pub scope_name: String,
    pub may_manage: bool,
    pub may_approve: bool,
    pub pending_bases: Vec<BaseView>,
    pub hardship_to_decide: Vec<HardshipView>,
    pub hardship: Vec<HardshipView>,
    /// (member id, name) of the members the account manages, for the forms.
    pub members: Vec<(i64, String)>,
    pub arrears: Vec<ArrearsRow>,
    /// The billing month: cash may be recorded up to it.
    pub billing_month: Option<String>,
    /// Whether my branch lets members pay a quarter at once (branch admins).
    pub quarterly: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerMonth {
    pub month: String,
    pub expected: String,
    pub collected: String,
    /// "93.5%".
    pub rate: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerChild {
    pub org_id: OrgId,
    pub name: String,
    pub expected: String,
    pub collected: String,
    pub rate: String,
    pub in_arrears: i64,
}

/// `/dues/ledger`: expected vs collected per month for an organization subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerView {
    pub org_id: OrgId,
    pub org_name: String,
    pub parent_id: Option<OrgId>,
    pub year: i32,
    pub months: Vec<LedgerMonth>,
    pub children: Vec<LedgerChild>,
    pub arrears: Vec<ArrearsRow>,
}

/// What the branch, committee or county does on `/admin/dues`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DuesCommand {
    ConfirmBase {
        id: i64,
    },
    CorrectBase {
        id: i64,
        category: String,
        base: String,
        reason: String,
    },
    RecordCash {
        member_id: i64,
        through: String,
    },
    ProposeHardship {
        member_id: i64,
        kind: String,
        monthly: String,
        reason: String,
    },
    DecideHardship {
        id: i64,
        approve: bool,
        note: String,
    },
    NoteArrears {
        member_id: i64,
        reason: String,
    },
    SetQuarterly {
        allowed: bool,
    },
}
