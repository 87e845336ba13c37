//! Organizational-relationship transfer (组织关系转接), docs/rules.md#transfer-steps:
//! apply → branch approves → dues paid up → committee issues the letter →
//! member reports → receiving committee accepts → receipt returned.

use crate::date::{Date, YearMonth};
use crate::error::ErrorCode;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// The letter is generally valid for at most three months.
pub const MAX_LETTER_VALIDITY_DAYS: u32 = 90;
pub const DEFAULT_LETTER_VALIDITY_DAYS: u32 = 90;

code_enum! {
    pub enum TransferState / BadRequest {
        Applied = "applied" / "已申请",
        BranchApproved = "branch_approved" / "支部已同意",
        DuesCleared = "dues_cleared" / "党费已交清",
        Issued = "issued" / "已开具介绍信",
        Reported = "reported" / "已报到",
        Accepted = "accepted" / "已接收",
        ReceiptReturned = "receipt_returned" / "回执已退回",
        Rejected = "rejected" / "未予办理",
        Withdrawn = "withdrawn" / "已撤回",
        Expired = "expired" / "介绍信已过期",
    }
}

impl TransferState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TransferState::ReceiptReturned
                | TransferState::Rejected
                | TransferState::Withdrawn
                | TransferState::Expired
        )
    }
}

code_enum! {
    /// Action names without their data, for buttons and audit logs.
    pub enum TransferActionKind / BadRequest {
        BranchApprove = "branch_approve" / "支部审核同意",
        ConfirmDuesCleared = "confirm_dues_cleared" / "确认党费已交清",
        Issue = "issue" / "开具介绍信",
        Report = "report" / "登记报到",
        Accept = "accept" / "接收",
        ReturnReceipt = "return_receipt" / "退回回执",
        Reject = "reject" / "不予办理",
        Withdraw = "withdraw" / "撤回申请",
        Expire = "expire" / "标记过期",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TransferAction {
    BranchApprove,
    /// Dues must be paid up to the month of transfer.
    ConfirmDuesCleared {
        paid_through: YearMonth,
        transfer_month: YearMonth,
    },
    Issue {
        validity_days: u32,
    },
    Report,
    Accept,
    ReturnReceipt,
    Reject,
    Withdraw,
    Expire,
}

impl TransferAction {
    pub fn kind(&self) -> TransferActionKind {
        match self {
            TransferAction::BranchApprove => TransferActionKind::BranchApprove,
            TransferAction::ConfirmDuesCleared { .. } => TransferActionKind::ConfirmDuesCleared,
            TransferAction::Issue { .. } => TransferActionKind::Issue,
            TransferAction::Report => TransferActionKind::Report,
            TransferAction::Accept => TransferActionKind::Accept,
            TransferAction::ReturnReceipt => TransferActionKind::ReturnReceipt,
            TransferAction::Reject => TransferActionKind::Reject,
            TransferAction::Withdraw => TransferActionKind::Withdraw,
            TransferAction::Expire => TransferActionKind::Expire,
        }
    }
}

/// The state an action leads to from `state`, ignoring role and data.
fn target(state: TransferState, kind: TransferActionKind) -> Option<TransferState> {
    use TransferActionKind as A;
    use TransferState as S;
    match (state, kind) {
        (S::Applied, A::BranchApprove) => Some(S::BranchApproved),
        (S::BranchApproved, A::ConfirmDuesCleared) => Some(S::DuesCleared),
        (S::DuesCleared, A::Issue) => Some(S::Issued),
        (S::Issued, A::Report) => Some(S::Reported),
        (S::Issued, A::Expire) => Some(S::Expired),
        (S::Reported, A::Accept) => Some(S::Accepted),
        (S::Accepted, A::ReturnReceipt) => Some(S::ReceiptReturned),
        (S::Applied | S::BranchApproved | S::DuesCleared | S::Reported, A::Reject) => {
            Some(S::Rejected)
        }
        (S::Applied | S::BranchApproved | S::DuesCleared, A::Withdraw) => Some(S::Withdrawn),
        _ => None,
    }
}

fn permitted(state: TransferState, kind: TransferActionKind, role: Role) -> bool {
    use TransferActionKind as A;
    let committee = matches!(role, Role::CommitteeAdmin | Role::CountyAdmin);
    match kind {
        A::BranchApprove => role == Role::BranchAdmin,
        A::ConfirmDuesCleared => role == Role::BranchAdmin || committee,
        // Issuing, accepting and receipts are committee business; receipts
        // pass only between the two committees.
        A::Issue | A::Accept | A::ReturnReceipt | A::Expire => committee,
        // The receiving branch may record the report for the member.
        A::Report => matches!(role, Role::Member | Role::BranchAdmin),
        // Only the committees may refuse once the letter is out.
        A::Reject => committee || (role == Role::BranchAdmin && state != TransferState::Reported),
        A::Withdraw => role == Role::Member,
    }
}

/// Apply `action` by someone acting as `actor`.
///
/// Checks in order: is the step possible from this state
/// (`InvalidTransition`), may this role take it (`NotPermittedForRole`),
/// then the step's own data (`DuesNotCleared`, `InvalidLetterValidity`).
pub fn transition(
    state: TransferState,
    action: &TransferAction,
    actor: Role,
) -> Result<TransferState, ErrorCode> {
    let kind = action.kind();
    let next = target(state, kind).ok_or(ErrorCode::InvalidTransition)?;
    if !permitted(state, kind, actor) {
        return Err(ErrorCode::NotPermittedForRole);
    }
    match *action {
        TransferAction::ConfirmDuesCleared {
            paid_through,
            transfer_month,
        } if paid_through < transfer_month => Err(ErrorCode::DuesNotCleared),
        TransferAction::Issue { validity_days }
            if !(1..=MAX_LETTER_VALIDITY_DAYS).contains(&validity_days) =>
        {
            Err(ErrorCode::InvalidLetterValidity)
        }
        _ => Ok(next),
    }
}

/// Actions `role` could take from `state`, for showing buttons.
pub fn available_actions(state: TransferState, role: Role) -> Vec<TransferActionKind> {
    TransferActionKind::ALL
        .iter()
        .copied()
        .filter(|k| target(state, *k).is_some() && permitted(state, *k, role))
        .collect()
}

/// Last day the member may report: the issue date plus the validity.
pub fn letter_valid_until(issued_on: Date, validity_days: u32) -> Result<Date, ErrorCode> {
    if !(1..=MAX_LETTER_VALIDITY_DAYS).contains(&validity_days) {
        return Err(ErrorCode::InvalidLetterValidity);
    }
    issued_on.add_days(i64::from(validity_days))
}

/// `Expired` if the letter ran out unreported, else `state` unchanged;
/// for the nightly job that otherwise would need an admin to click.
pub fn expire_if_due(
    state: TransferState,
    issued_on: Date,
    validity_days: u32,
    today: Date,
) -> Result<TransferState, ErrorCode> {
    if state == TransferState::Issued && today > letter_valid_until(issued_on, validity_days)? {
        Ok(TransferState::Expired)
    } else {
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TransferState as S;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn cleared() -> TransferAction {
        TransferAction::ConfirmDuesCleared {
            paid_through: ym("2026-11"),
            transfer_month: ym("2026-11"),
        }
    }

    #[test]
    fn happy_path() {
        let steps = [
            (
                TransferAction::BranchApprove,
                Role::BranchAdmin,
                S::BranchApproved,
            ),
            (cleared(), Role::BranchAdmin, S::DuesCleared),
            (
                TransferAction::Issue { validity_days: 90 },
                Role::CommitteeAdmin,
                S::Issued,
            ),
            (TransferAction::Report, Role::Member, S::Reported),
            (TransferAction::Accept, Role::CommitteeAdmin, S::Accepted),
            (
                TransferAction::ReturnReceipt,
                Role::CommitteeAdmin,
                S::ReceiptReturned,
            ),
        ];
        let mut state = S::Applied;
        for (action, role, expected) in steps {
            state = transition(state, &action, role).unwrap();
            assert_eq!(state, expected);
        }
        assert!(state.is_terminal());
    }

    #[test]
    fn wrong_role_is_typed() {
        assert_eq!(
            transition(S::Applied, &TransferAction::BranchApprove, Role::Member),
            Err(ErrorCode::NotPermittedForRole)
        );
        assert_eq!(
            transition(
                S::DuesCleared,
                &TransferAction::Issue { validity_days: 30 },
                Role::BranchAdmin
            ),
            Err(ErrorCode::NotPermittedForRole)
        );
        assert_eq!(
            transition(S::Reported, &TransferAction::Accept, Role::Auditor),
            Err(ErrorCode::NotPermittedForRole)
        );
        assert_eq!(
            transition(S::Reported, &TransferAction::Reject, Role::BranchAdmin),
            Err(ErrorCode::NotPermittedForRole)
        );
        assert_eq!(
            transition(S::Applied, &TransferAction::Withdraw, Role::BranchAdmin),
            Err(ErrorCode::NotPermittedForRole)
        );
    }

    #[test]
    fn invalid_transitions_are_typed() {
        // Skipping the dues check.
        assert_eq!(
            transition(
                S::BranchApproved,
                &TransferAction::Issue { validity_days: 90 },
                Role::CommitteeAdmin
            ),
            Err(ErrorCode::InvalidTransition)
        );
        // Withdrawing after the letter is out.
        assert_eq!(
            transition(S::Issued, &TransferAction::Withdraw, Role::Member),
            Err(ErrorCode::InvalidTransition)
        );
        // Terminal states accept nothing.
        for terminal in [S::ReceiptReturned, S::Rejected, S::Withdrawn, S::Expired] {
            for role in Role::ALL {
                assert!(available_actions(terminal, *role).is_empty());
            }
            assert_eq!(
                transition(terminal, &TransferAction::Accept, Role::CountyAdmin),
                Err(ErrorCode::InvalidTransition)
            );
        }
    }

    #[test]
    fn dues_must_be_paid_through_transfer_month() {
        let behind = TransferAction::ConfirmDuesCleared {
            paid_through: ym("2026-09"),
            transfer_month: ym("2026-11"),
        };
        assert_eq!(
            transition(S::BranchApproved, &behind, Role::BranchAdmin),
            Err(ErrorCode::DuesNotCleared)
        );
    }

    #[test]
    fn letter_validity() {
        for days in [0, 91] {
            assert_eq!(
                transition(
                    S::DuesCleared,
                    &TransferAction::Issue {
                        validity_days: days
                    },
                    Role::CommitteeAdmin
                ),
                Err(ErrorCode::InvalidLetterValidity)
            );
        }
        let issued = Date::parse("2026-09-01").unwrap();
        assert_eq!(
            letter_valid_until(issued, 90).unwrap(),
            Date::parse("2026-11-30").unwrap()
        );
        let on_last_day = Date::parse("2026-11-30").unwrap();
        assert_eq!(
            expire_if_due(S::Issued, issued, 90, on_last_day).unwrap(),
            S::Issued
        );
        let after = Date::parse("2026-12-01").unwrap();
        assert_eq!(
            expire_if_due(S::Issued, issued, 90, after).unwrap(),
            S::Expired
        );
        assert_eq!(
            expire_if_due(S::Reported, issued, 90, after).unwrap(),
            S::Reported
        );
    }

    #[test]
    fn buttons_per_role() {
        assert_eq!(
            available_actions(S::Applied, Role::Member),
            [TransferActionKind::Withdraw]
        );
        assert_eq!(
            available_actions(S::Applied, Role::BranchAdmin),
            [
                TransferActionKind::BranchApprove,
                TransferActionKind::Reject
            ]
        );
        assert_eq!(
            available_actions(S::Issued, Role::CommitteeAdmin),
            [TransferActionKind::Expire]
        );
        assert!(available_actions(S::Issued, Role::Auditor).is_empty());
    }

    #[test]
    fn serde_shapes() {
        let a: TransferAction =
            serde_json::from_str(r#"{"action":"issue","validity_days":60}"#).unwrap();
        assert_eq!(a, TransferAction::Issue { validity_days: 60 });
        assert_eq!(serde_json::to_string(&S::Issued).unwrap(), "\"issued\"");
        assert!(serde_json::from_str::<TransferState>("\"teleported\"").is_err());
    }
}
