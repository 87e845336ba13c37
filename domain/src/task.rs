//! 党建任务 (docs/rules.md#tasks). The county or a committee dispatches a task to the
//! organizations of its subtree, or to named members; each recipient reports it done; the
//! dispatcher — or, for a task the county sent to a whole subtree, the committee in between —
//! accepts the report or returns it with a reason, and a returned task is reported again.
//! Points are booked once, on acceptance. This module is the single source of what may happen
//! next; the server applies it.

use crate::date::Date;
use crate::error::ErrorCode;
use crate::ids::OrgId;
use crate::org::OrgKind;
use crate::ratio::Permille;

code_enum! {
    /// To whom a task goes.
    pub enum Addressed / BadRequest {
        Subtree = "subtree" / "下级全部党支部",
        Orgs = "orgs" / "指定党组织",
        Members = "members" / "指定党员",
    }
}

code_enum! {
    /// What a report must carry for the task to count as done.
    pub enum Evidence / BadRequest {
        Text = "text" / "文字报告",
        Photos = "photos" / "照片",
        File = "file" / "文件",
        Number = "number" / "数量",
    }
}

code_enum! {
    /// One recipient's task.
    pub enum AssignmentState / BadRequest {
        Open = "open" / "未完成",
        Reported = "reported" / "待验收",
        Returned = "returned" / "已退回",
        Accepted = "accepted" / "已完成",
    }
}

code_enum! {
    pub enum TaskStep / BadRequest {
        Report = "report" / "上报完成",
        Accept = "accept" / "验收通过",
        Return = "return" / "退回",
    }
}

/// The state `step` leads to from `state`; `InvalidTransition` when it cannot be taken there
/// (a second acceptance, a report of a task already accepted).
pub fn next(state: AssignmentState, step: TaskStep) -> Result<AssignmentState, ErrorCode> {
    use AssignmentState as S;
    match (state, step) {
        (S::Open | S::Returned, TaskStep::Report) => Ok(S::Reported),
        (S::Reported, TaskStep::Accept) => Ok(S::Accepted),
        (S::Reported, TaskStep::Return) => Ok(S::Returned),
        _ => Err(ErrorCode::InvalidTransition),
    }
}

/// Points are booked on the step that accepts, and on no other: a task accepted once cannot be
/// accepted again (`next`), so they are booked once.
pub fn books_points(step: TaskStep) -> bool {
    step == TaskStep::Accept
}

code_enum! {
    /// How a recipient's task stands, for a dispatch's progress.
    pub enum Progress / BadRequest {
        NotStarted = "not_started" / "未开始",
        Waiting = "waiting" / "待验收",
        Returned = "returned" / "已退回",
        Overdue = "overdue" / "已逾期",
        Done = "done" / "已完成",
    }
}

/// A report waiting for acceptance is not overdue: the recipient has done its part.
pub fn progress(state: AssignmentState, deadline: Date, today: Date) -> Progress {
    use AssignmentState as S;
    match state {
        S::Accepted => Progress::Done,
        S::Reported => Progress::Waiting,
        S::Open | S::Returned if today > deadline => Progress::Overdue,
        S::Returned => Progress::Returned,
        S::Open => Progress::NotStarted,
    }
}

/// The default of the county's lead time for task reminders (`DeadlineSettings`).
pub const REMIND_DAYS_BEFORE: u32 = 3;

/// Who is told about an unfinished task today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudge {
    /// The recipient, `lead_days` before the deadline.
    Recipient,
    /// The recipient's committee, on the first day past the deadline.
    Committee,
}

/// Each nudge falls on one day, so a daily job that runs once sends each once.
pub fn nudge(state: AssignmentState, deadline: Date, today: Date, lead_days: u32) -> Option<Nudge> {
    if matches!(state, AssignmentState::Reported | AssignmentState::Accepted) {
        return None;
    }
    match today.days_between(deadline) {
        d if d == i64::from(lead_days) => Some(Nudge::Recipient),
        -1 => Some(Nudge::Committee),
        _ => None,
    }
}

/// Done on time: the report that was accepted was made by the deadline (a return and a late
/// second report is late).
pub fn on_time(accepted_report_on: Date, deadline: Date) -> bool {
    accepted_report_on <= deadline
}

/// An organization's task part of its score: the share of its tasks due by now that were done
/// on time. With no task due it loses nothing (full marks): it was not asked for anything.
pub fn completion(on_time: u64, due: u64) -> Permille {
    if due == 0 {
        return Permille::FULL;
    }
    Permille::ratio(on_time.min(due), due).unwrap_or(Permille::FULL)
}

/// Who may accept or return a recipient's report: the dispatching organization, and — for a
/// task sent to a whole subtree — the committee in between, the organization directly below the
/// dispatcher on the recipient's path when it is a committee and not the recipient itself.
/// `path` is the recipient's path from the root to the recipient, with each organization's kind.
pub fn reviewers(
    dispatcher: OrgId,
    addressed: Addressed,
    path: &[(OrgId, OrgKind)],
) -> Result<Vec<OrgId>, ErrorCode> {
    let at = path
        .iter()
        .position(|(id, _)| *id == dispatcher)
        .ok_or(ErrorCode::Forbidden)?;
    let below = path.get(at + 1..).unwrap_or_default();
    // The recipient must lie strictly below the dispatcher.
    let Some((recipient, _)) = below.last() else {
        return Err(ErrorCode::Forbidden);
    };
    let mut who = vec![dispatcher];
    if addressed == Addressed::Subtree {
        if let Some((between, kind)) = below.first() {
            if between != recipient && kind.is_committee() {
                who.insert(0, *between);
            }
        }
    }
    Ok(who)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn id(n: i64) -> OrgId {
        OrgId::new(n).unwrap()
    }

    #[test]
    fn reported_then_accepted_or_returned_and_reported_again() {
        use AssignmentState as S;
        let reported = next(S::Open, TaskStep::Report).unwrap();
        assert_eq!(reported, S::Reported);
        let returned = next(reported, TaskStep::Return).unwrap();
        assert_eq!(returned, S::Returned);
        let again = next(returned, TaskStep::Report).unwrap();
        assert_eq!(next(again, TaskStep::Accept), Ok(S::Accepted));
        // Nothing follows acceptance: no second booking of the points.
        for step in TaskStep::ALL {
            assert_eq!(next(S::Accepted, *step), Err(ErrorCode::InvalidTransition));
        }
        // Nobody accepts or returns what was not reported.
        assert_eq!(
            next(S::Open, TaskStep::Accept),
            Err(ErrorCode::InvalidTransition)
        );
        assert_eq!(
            next(S::Returned, TaskStep::Return),
            Err(ErrorCode::InvalidTransition)
        );
        assert!(books_points(TaskStep::Accept));
        assert!(!books_points(TaskStep::Report) && !books_points(TaskStep::Return));
    }

    #[test]
    fn progress_and_overdue() {
        use AssignmentState as S;
        let deadline = d("2026-12-10");
        assert_eq!(
            progress(S::Open, deadline, d("2026-12-10")),
            Progress::NotStarted
        );
        assert_eq!(
            progress(S::Open, deadline, d("2026-12-11")),
            Progress::Overdue
        );
        assert_eq!(
            progress(S::Returned, deadline, d("2026-12-09")),
            Progress::Returned
        );
        assert_eq!(
            progress(S::Returned, deadline, d("2026-12-11")),
            Progress::Overdue
        );
        assert_eq!(
            progress(S::Reported, deadline, d("2026-12-20")),
            Progress::Waiting
        );
        assert_eq!(
            progress(S::Accepted, deadline, d("2026-12-20")),
            Progress::Done
        );
    }

    #[test]
    fn reminded_before_escalated_after_each_once() {
        use AssignmentState as S;
        let deadline = d("2026-12-10");
        let days: Vec<_> = (0..20)
            .map(|n| d("2026-12-01").add_days(n).unwrap())
            .filter_map(|day| nudge(S::Open, deadline, day, 3).map(|n| (day.to_string(), n)))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-12-07".to_string(), Nudge::Recipient),
                ("2026-12-11".to_string(), Nudge::Committee)
            ]
        );
        assert_eq!(nudge(S::Reported, deadline, d("2026-12-11"), 3), None);
        assert_eq!(
            nudge(S::Returned, deadline, d("2026-12-07"), 3),
            Some(Nudge::Recipient)
        );
    }

    #[test]
    fn on_time_and_completion() {
        assert!(on_time(d("2026-12-10"), d("2026-12-10")));
        assert!(!on_time(d("2026-12-11"), d("2026-12-10")));
        assert_eq!(completion(0, 0), Permille::FULL);
        assert_eq!(completion(2, 3).get(), 667);
        assert_eq!(completion(5, 3), Permille::FULL);
    }

    #[test]
    fn the_dispatcher_reviews_and_the_committee_in_between_for_a_subtree() {
        use OrgKind as K;
        let path = [
            (id(1), K::CountyOrgDept),
            (id(2), K::PartyCommittee),
            (id(12), K::Branch),
        ];
        assert_eq!(
            reviewers(id(1), Addressed::Subtree, &path),
            Ok(vec![id(2), id(1)])
        );
        assert_eq!(reviewers(id(1), Addressed::Orgs, &path), Ok(vec![id(1)]));
        assert_eq!(reviewers(id(2), Addressed::Subtree, &path), Ok(vec![id(2)]));
        // A branch directly under the county has nobody in between.
        let direct = [(id(1), K::CountyOrgDept), (id(30), K::Branch)];
        assert_eq!(
            reviewers(id(1), Addressed::Subtree, &direct),
            Ok(vec![id(1)])
        );
        // A committee that is itself the recipient does not review its own report.
        let committee = [(id(1), K::CountyOrgDept), (id(2), K::PartyCommittee)];
        assert_eq!(
            reviewers(id(1), Addressed::Subtree, &committee),
            Ok(vec![id(1)])
        );
        // Not below the dispatcher, or the dispatcher itself: nobody may review.
        assert_eq!(
            reviewers(id(7), Addressed::Orgs, &path),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            reviewers(id(12), Addressed::Orgs, &path),
            Err(ErrorCode::Forbidden)
        );
    }
}
