//! Reminders for dates the organization must not miss. Pure: callers pass
//! the records and "today"; nothing is stored or sent from here.

use crate::date::Date;
use crate::error::ErrorCode;
use crate::ids::{MemberId, OrgId};
use crate::org::OrgKind;
use crate::transfer::letter_valid_until;
use serde::{Deserialize, Serialize};

mod orglife;
pub use orglife::{
    orglife_reminders, Branch, BranchDue, Meeting, OrgLifeReminders, ReviewerWarning,
};

code_enum! {
    pub enum ReminderKind / BadRequest {
        TermEnding = "term_ending" / "换届提醒",
        ProbationDue = "probation_due" / "预备党员转正提醒",
        OrgLifeBehind = "org_life_behind" / "组织生活未按期开展",
        FlowingReportDue = "flowing_report_due" / "流动党员报告提醒",
        TransferLetterExpiring = "transfer_letter_expiring" / "介绍信到期提醒",
        ApprovalOverdue = "approval_overdue" / "审批超期提醒",
        ReceiptDue = "receipt_due" / "回执退回提醒",
    }
}

impl ReminderKind {
    /// What `Reminder::subject_id` refers to.
    pub fn subject_type(self) -> &'static str {
        match self {
            ReminderKind::TermEnding | ReminderKind::OrgLifeBehind => "org",
            ReminderKind::ProbationDue | ReminderKind::FlowingReportDue => "member",
            ReminderKind::TransferLetterExpiring | ReminderKind::ReceiptDue => "transfer",
            ReminderKind::ApprovalOverdue => "approval",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// Organization, member, transfer or approval id; see [`ReminderKind::subject_type`].
    pub subject_id: i64,
    pub due: Date,
    pub overdue: bool,
    /// Negative once overdue.
    pub days_left: i64,
    pub message_zh: String,
}

/// Lead times are local practice, so all configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadlineSettings {
    /// Reminder lead time before a term ends (docs/rules.md#terms-of-office-and-elections: default 90 days).
    pub term_lead_days: u32,
    pub probation_lead_days: u32,
    pub flowing_report_lead_days: u32,
    pub transfer_letter_lead_days: u32,
    /// Days an approval may wait before it counts as overdue.
    pub approval_allowed_days: u32,
    /// The receiving committee returns the receipt within one month.
    pub receipt_allowed_days: u32,
    /// Days before an org-life period ends that a branch without its meeting is reminded.
    pub orglife_lead_days: u32,
    /// The day of the month from which a village team's leader is asked for the summary.
    pub assistance_remind_from_day: u8,
    /// Days before a task's deadline that its recipient is reminded (docs/rules.md#tasks).
    pub task_lead_days: u32,
    /// Days without any member's study that put a branch on 重点警示 (docs/rules.md#key-warnings).
    pub alert_no_study_days: u32,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings {
            term_lead_days: 90,
            probation_lead_days: 30,
            flowing_report_lead_days: 30,
            transfer_letter_lead_days: 14,
            approval_allowed_days: 15,
            receipt_allowed_days: 30,
            orglife_lead_days: crate::orglife::REMIND_DAYS_BEFORE as u32,
            assistance_remind_from_day: crate::assistance::REMIND_FROM_DAY,
            task_lead_days: crate::task::REMIND_DAYS_BEFORE,
            alert_no_study_days: ALERT_NO_STUDY_DAYS,
        }
    }
}

/// The county's lead times as the settings page names them: (field, label, unit).
pub const LEAD_TIMES: [(&str, &str, &str); 6] = [
    ("term_lead_days", "换届：任期届满前", "天"),
    ("probation_lead_days", "预备党员转正：预备期满前", "天"),
    ("orglife_lead_days", "组织生活：每期结束前", "天"),
    (
        "assistance_remind_from_day",
        "驻村帮扶月度小结：每月自",
        "日起",
    ),
    ("task_lead_days", "党建任务：截止日前", "天"),
    ("alert_no_study_days", "重点警示：支部党员连续未学习", "天"),
];

/// The default of [`DeadlineSettings::alert_no_study_days`]: a month without study.
pub const ALERT_NO_STUDY_DAYS: u32 = 30;

impl DeadlineSettings {
    /// The value of one of [`LEAD_TIMES`].
    pub fn lead(&self, field: &str) -> Option<u32> {
        Some(match field {
            "term_lead_days" => self.term_lead_days,
            "probation_lead_days" => self.probation_lead_days,
            "orglife_lead_days" => self.orglife_lead_days,
            "assistance_remind_from_day" => u32::from(self.assistance_remind_from_day),
            "task_lead_days" => self.task_lead_days,
            "alert_no_study_days" => self.alert_no_study_days,
            _ => return None,
        })
    }

    /// The lead times the county sets (docs/rules.md#reminder-lead-times): each within reason,
    /// so a slip of the keyboard cannot silence a reminder or send it a year early. Names the
    /// first field out of range.
    pub fn validate(&self) -> Result<(), (&'static str, ErrorCode)> {
        let checks: [(&'static str, bool); 6] = [
            ("term_lead_days", (1..=365).contains(&self.term_lead_days)),
            (
                "probation_lead_days",
                (1..=180).contains(&self.probation_lead_days),
            ),
            (
                "orglife_lead_days",
                (1..=28).contains(&self.orglife_lead_days),
            ),
            (
                "assistance_remind_from_day",
                (1..=28).contains(&self.assistance_remind_from_day),
            ),
            ("task_lead_days", (1..=30).contains(&self.task_lead_days)),
            (
                "alert_no_study_days",
                (1..=365).contains(&self.alert_no_study_days),
            ),
        ];
        match checks.iter().find(|(_, ok)| !ok) {
            Some((field, _)) => Err((field, ErrorCode::InvalidLeadTime)),
            None => Ok(()),
        }
    }
}

fn when(days_left: i64) -> String {
    match days_left {
        0 => "今天".to_string(),
        d if d > 0 => format!("还有 {d} 天"),
        d => format!("已超期 {} 天", -d),
    }
}

/// A reminder if `today` is within `lead_days` of `due` or past it.
fn remind(
    kind: ReminderKind,
    subject_id: i64,
    due: Date,
    today: Date,
    lead_days: u32,
    message: impl FnOnce(bool, &str) -> String,
) -> Option<Reminder> {
    let days_left = today.days_between(due);
    if days_left > i64::from(lead_days) {
        return None;
    }
    let overdue = days_left < 0;
    Some(Reminder {
        kind,
        subject_id,
        due,
        overdue,
        days_left,
        message_zh: message(overdue, &when(days_left)),
    })
}

fn sorted(mut v: Vec<Reminder>) -> Vec<Reminder> {
    v.sort_by(|a, b| a.due.cmp(&b.due).then(a.subject_id.cmp(&b.subject_id)));
    v
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermInput {
    pub org_id: OrgId,
    pub kind: OrgKind,
    pub village_or_community: bool,
    pub elected_on: Date,
    /// Approved postponement of the election (generally at most one year).
    pub postponed_to: Option<Date>,
}

/// The date the next election is due, postponement included.
pub fn election_due(t: &TermInput) -> Result<Option<Date>, ErrorCode> {
    let Some(end) = t.kind.term_end(t.village_or_community, t.elected_on) else {
        return Ok(None);
    };
    let end = end?;
    match t.postponed_to {
        None => Ok(Some(end)),
        Some(p) if p > end && p <= end.add_years(1)? => Ok(Some(p)),
        Some(_) => Err(ErrorCode::InvalidTermPostponement),
    }
}

/// 换届提醒: terms ending within the lead time, or already overdue.
pub fn term_reminders(
    orgs: &[TermInput],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for t in orgs {
        let Some(due) = election_due(t)? else {
            continue;
        };
        let label = t.kind.label_zh();
        out.extend(remind(
            ReminderKind::TermEnding,
            t.org_id.get(),
            due,
            today,
            settings.term_lead_days,
            |overdue, when| {
                if overdue {
                    format!("{label}任期已于 {due} 届满（{when}），请尽快按期换届")
                } else {
                    format!("{label}任期将于 {due} 届满（{when}），请及时做好换届准备")
                }
            },
        ));
    }
    Ok(sorted(out))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbationInput {
    pub member_id: MemberId,
    /// The day the branch assembly voted to admit the member.
    pub admitted_on: Date,
    /// An extension may be granted once, for 6 to 12 months.
    pub extension_months: Option<u8>,
}

/// End of the probation: one year from admission, plus any extension.
pub fn probation_end(admitted_on: Date, extension_months: Option<u8>) -> Result<Date, ErrorCode> {
    let ext = match extension_months {
        None => 0,
        Some(m @ 6..=12) => i32::from(m),
        Some(_) => return Err(ErrorCode::InvalidProbationExtension),
    };
    admitted_on.add_months(12 + ext)
}

/// 预备党员转正提醒.
pub fn probation_reminders(
    members: &[ProbationInput],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for m in members {
        let due = probation_end(m.admitted_on, m.extension_months)?;
        out.extend(remind(
            ReminderKind::ProbationDue,
            m.member_id.get(),
            due,
            today,
            settings.probation_lead_days,
            |overdue, when| {
                if overdue {
                    format!("预备期已于 {due} 届满（{when}），请尽快召开支部党员大会讨论转正")
                } else {
                    format!("预备期将于 {due} 届满（{when}），请及时讨论其转正事宜")
                }
            },
        ));
    }
    Ok(sorted(out))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowingInput {
    pub member_id: MemberId,
    pub left_on: Date,
    pub last_reported_on: Option<Date>,
}

/// Flowing members report to the home organization at least yearly.
pub fn flowing_report_reminders(
    members: &[FlowingInput],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for m in members {
        let due = m.last_reported_on.unwrap_or(m.left_on).add_years(1)?;
        out.extend(remind(
            ReminderKind::FlowingReportDue,
            m.member_id.get(),
            due,
            today,
            settings.flowing_report_lead_days,
            |overdue, when| {
                if overdue {
                    format!("流动党员应于 {due} 前向党组织报告情况，现已逾期（{when}），请及时联系")
                } else {
                    format!("流动党员应于 {due} 前向党组织报告情况（{when}）")
                }
            },
        ));
    }
    Ok(sorted(out))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterInput {
    pub transfer_id: i64,
    pub issued_on: Date,
    pub validity_days: u32,
}

/// Introduction letters about to run out before the member has reported.
pub fn transfer_letter_reminders(
    letters: &[LetterInput],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for l in letters {
        let due = letter_valid_until(l.issued_on, l.validity_days)?;
        out.extend(remind(
            ReminderKind::TransferLetterExpiring,
            l.transfer_id,
            due,
            today,
            settings.transfer_letter_lead_days,
            |overdue, when| {
                if overdue {
                    format!("组织关系介绍信已于 {due} 过期（{when}），党员尚未报到")
                } else {
                    format!("组织关系介绍信将于 {due} 到期（{when}），请提醒党员及时报到")
                }
            },
        ));
    }
    Ok(sorted(out))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingApproval {
    pub approval_id: i64,
    pub submitted_on: Date,
    /// Overrides [`DeadlineSettings::approval_allowed_days`] for this item.
    pub allowed_days: Option<u32>,
}

/// Approvals whose time is up (due today or overdue).
pub fn approval_reminders(
    items: &[PendingApproval],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for a in items {
        let allowed = a.allowed_days.unwrap_or(settings.approval_allowed_days);
        let due = a.submitted_on.add_days(i64::from(allowed))?;
        out.extend(remind(
            ReminderKind::ApprovalOverdue,
            a.approval_id,
            due,
            today,
            0,
            |_, when| format!("审批事项应于 {due} 前办结（{when}），请及时处理"),
        ));
    }
    Ok(sorted(out))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedTransfer {
    pub transfer_id: i64,
    pub accepted_on: Date,
}

/// The receiving committee returns the receipt within a month of accepting.
pub fn receipt_reminders(
    items: &[AcceptedTransfer],
    today: Date,
    settings: &DeadlineSettings,
) -> Result<Vec<Reminder>, ErrorCode> {
    let mut out = Vec::new();
    for t in items {
        let due = t
            .accepted_on
            .add_days(i64::from(settings.receipt_allowed_days))?;
        out.extend(remind(
            ReminderKind::ReceiptDue,
            t.transfer_id,
            due,
            today,
            7,
            |_, when| format!("组织关系转接回执应于 {due} 前退回（{when}）"),
        ));
    }
    Ok(sorted(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn branch(id: i64, elected: &str) -> TermInput {
        TermInput {
            org_id: OrgId::new(id).unwrap(),
            kind: OrgKind::Branch,
            village_or_community: false,
            elected_on: d(elected),
            postponed_to: None,
        }
    }

    #[test]
    fn term_reminder_window() {
        let s = DeadlineSettings::default();
        // Branch elected 2023-11-28: term ends 2026-11-28.
        let orgs = [branch(1, "2023-11-28")];
        assert!(term_reminders(&orgs, d("2026-08-29"), &s)
            .unwrap()
            .is_empty());
        let r = term_reminders(&orgs, d("2026-08-30"), &s).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].due, r[0].days_left, r[0].overdue),
            (d("2026-11-28"), 90, false)
        );
        assert_eq!(
            r[0].message_zh,
            "党支部任期将于 2026-11-28 届满（还有 90 天），请及时做好换届准备"
        );
        let late = term_reminders(&orgs, d("2026-12-01"), &s).unwrap();
        assert!(late[0].overdue);
        assert_eq!(
            late[0].message_zh,
            "党支部任期已于 2026-11-28 届满（已超期 3 天），请尽快按期换届"
        );
    }

    #[test]
    fn committees_and_villages_serve_five_years() {
        let s = DeadlineSettings::default();
        let committee = TermInput {
            kind: OrgKind::PartyCommittee,
            ..branch(2, "2021-11-28")
        };
        let village = TermInput {
            village_or_community: true,
            ..branch(3, "2021-12-01")
        };
        let group = TermInput {
            kind: OrgKind::PartyGroup,
            ..branch(4, "2021-12-01")
        };
        let r = term_reminders(&[village, committee, group], d("2026-11-01"), &s).unwrap();
        let dues: Vec<(i64, Date)> = r.iter().map(|x| (x.subject_id, x.due)).collect();
        assert_eq!(dues, [(2, d("2026-11-28")), (3, d("2026-12-01"))]);
    }

    #[test]
    fn postponement_limited_to_a_year() {
        let ok = TermInput {
            postponed_to: Some(d("2027-06-30")),
            ..branch(1, "2023-11-28")
        };
        assert_eq!(election_due(&ok).unwrap(), Some(d("2027-06-30")));
        let too_long = TermInput {
            postponed_to: Some(d("2027-11-29")),
            ..branch(1, "2023-11-28")
        };
        assert_eq!(
            election_due(&too_long),
            Err(ErrorCode::InvalidTermPostponement)
        );
        let earlier = TermInput {
            postponed_to: Some(d("2026-01-01")),
            ..branch(1, "2023-11-28")
        };
        assert_eq!(
            election_due(&earlier),
            Err(ErrorCode::InvalidTermPostponement)
        );
    }

    #[test]
    fn probation_one_year_with_single_extension() {
        assert_eq!(
            probation_end(d("2025-11-28"), None).unwrap(),
            d("2026-11-28")
        );
        assert_eq!(
            probation_end(d("2025-11-28"), Some(6)).unwrap(),
            d("2027-05-28")
        );
        assert_eq!(
            probation_end(d("2025-11-28"), Some(12)).unwrap(),
            d("2027-11-28")
        );
        assert_eq!(
            probation_end(d("2025-11-28"), Some(3)),
            Err(ErrorCode::InvalidProbationExtension)
        );
        assert_eq!(
            probation_end(d("2025-11-28"), Some(13)),
            Err(ErrorCode::InvalidProbationExtension)
        );
        let m = ProbationInput {
            member_id: MemberId::new(9).unwrap(),
            admitted_on: d("2025-11-28"),
            extension_months: None,
        };
        let s = DeadlineSettings::default();
        assert!(probation_reminders(&[m], d("2026-10-28"), &s)
            .unwrap()
            .is_empty());
        let r = probation_reminders(&[m], d("2026-10-29"), &s).unwrap();
        assert_eq!((r[0].subject_id, r[0].days_left), (9, 30));
        assert!(r[0].message_zh.contains("转正"));
    }

    #[test]
    fn flowing_member_yearly_report() {
        let s = DeadlineSettings::default();
        let m = FlowingInput {
            member_id: MemberId::new(7).unwrap(),
            left_on: d("2025-03-01"),
            last_reported_on: Some(d("2025-12-15")),
        };
        assert!(flowing_report_reminders(&[m], d("2026-11-14"), &s)
            .unwrap()
            .is_empty());
        let r = flowing_report_reminders(&[m], d("2026-11-15"), &s).unwrap();
        assert_eq!(r[0].due, d("2026-12-15"));
        let never = FlowingInput {
            last_reported_on: None,
            ..m
        };
        let r = flowing_report_reminders(&[never], d("2026-11-28"), &s).unwrap();
        assert_eq!((r[0].due, r[0].overdue), (d("2026-03-01"), true));
    }

    #[test]
    fn transfer_letters_and_receipts() {
        let s = DeadlineSettings::default();
        let l = LetterInput {
            transfer_id: 11,
            issued_on: d("2026-09-01"),
            validity_days: 90,
        };
        assert!(transfer_letter_reminders(&[l], d("2026-11-15"), &s)
            .unwrap()
            .is_empty());
        let r = transfer_letter_reminders(&[l], d("2026-11-16"), &s).unwrap();
        assert_eq!((r[0].due, r[0].days_left), (d("2026-11-30"), 14));
        let bad = LetterInput {
            validity_days: 0,
            ..l
        };
        assert_eq!(
            transfer_letter_reminders(&[bad], d("2026-11-16"), &s),
            Err(ErrorCode::InvalidLetterValidity)
        );
        let acc = AcceptedTransfer {
            transfer_id: 11,
            accepted_on: d("2026-11-01"),
        };
        assert!(receipt_reminders(&[acc], d("2026-11-23"), &s)
            .unwrap()
            .is_empty());
        assert_eq!(
            receipt_reminders(&[acc], d("2026-11-24"), &s).unwrap()[0].due,
            d("2026-12-01")
        );
    }

    #[test]
    fn approvals_overdue() {
        let s = DeadlineSettings::default();
        let items = [
            PendingApproval {
                approval_id: 2,
                submitted_on: d("2026-11-01"),
                allowed_days: None,
            },
            PendingApproval {
                approval_id: 1,
                submitted_on: d("2026-11-20"),
                allowed_days: Some(5),
            },
            PendingApproval {
                approval_id: 3,
                submitted_on: d("2026-11-27"),
                allowed_days: None,
            },
        ];
        let r = approval_reminders(&items, d("2026-11-28"), &s).unwrap();
        let got: Vec<(i64, bool, i64)> = r
            .iter()
            .map(|x| (x.subject_id, x.overdue, x.days_left))
            .collect();
        assert_eq!(got, [(2, true, -12), (1, true, -3)]);
        assert_eq!(ReminderKind::ApprovalOverdue.subject_type(), "approval");
    }
}
