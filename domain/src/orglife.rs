//! Organizational life (组织生活): required meetings and how often
//! (《中国共产党支部工作条例（试行）》2018, docs/rules.md#organizational-life).

use crate::date::{Date, YearMonth};
use crate::error::ErrorCode;
use crate::ratio::Permille;
use serde::{Deserialize, Serialize};

mod history;
pub use history::{RulesChange, RulesHistory};

code_enum! {
    pub enum MeetingKind / InvalidMeetingKind {
        BranchAssembly = "branch_assembly" / "支部党员大会",
        BranchCommittee = "branch_committee" / "支委会",
        PartyGroup = "party_group" / "党小组会",
        PartyLecture = "party_lecture" / "党课",
        ThemePartyDay = "theme_party_day" / "主题党日",
        OrgLifeMeeting = "org_life_meeting" / "组织生活会",
        DemocraticAppraisal = "democratic_appraisal" / "民主评议党员",
    }
}

code_enum! {
    /// Where a meeting's record is: planned and being recorded by the branch, waiting for the
    /// committee's first review, waiting for the county's final review, returned to the branch,
    /// or approved and locked.
    pub enum MeetingStatus / BadRequest {
        Planned = "planned" / "待记录",
        Submitted = "submitted" / "待党委审核",
        Reviewed = "reviewed" / "待县委审定",
        Returned = "returned" / "已退回修改",
        Approved = "approved" / "已审定",
    }
}

code_enum! {
    /// Who is reviewing: the committee directly above the branch gives the first review; the
    /// county gives the final one, and also the first where no committee stands between it and
    /// the branch (then its approval is final at once).
    pub enum ReviewLevel / BadRequest {
        Committee = "committee" / "党委初审",
        County = "county" / "县委审定",
    }
}

impl MeetingStatus {
    /// The branch may change the record (attendance, minutes, photos) and submit it.
    pub fn editable(self) -> bool {
        matches!(self, MeetingStatus::Planned | MeetingStatus::Returned)
    }

    /// Whether a record in this status waits for a reviewer at `level`.
    pub fn awaits(self, level: ReviewLevel) -> bool {
        matches!(
            (self, level),
            (MeetingStatus::Submitted, _) | (MeetingStatus::Reviewed, ReviewLevel::County)
        )
    }

    /// The status after a reviewer at `level` approves or returns the record
    /// (docs/rules.md#organizational-life): a return always goes back to the branch; the
    /// committee's approval passes the record to the county; the county's approval is final.
    pub fn review(self, level: ReviewLevel, approve: bool) -> Result<MeetingStatus, ErrorCode> {
        if !self.awaits(level) {
            return Err(ErrorCode::AlreadyDecided);
        }
        Ok(match (approve, level) {
            (false, _) => MeetingStatus::Returned,
            (true, ReviewLevel::Committee) => MeetingStatus::Reviewed,
            (true, ReviewLevel::County) => MeetingStatus::Approved,
        })
    }
}

code_enum! {
    /// A member's attendance at a meeting: signed in, excused (请假, with a reason) or absent
    /// without excuse. Expected attendees not marked when the record is submitted are absent.
    pub enum Attendance / BadRequest {
        Present = "present" / "已签到",
        Leave = "leave" / "请假",
        Absent = "absent" / "缺席",
    }
}

/// Members may sign in from 30 minutes before the start until the end (minutes since any
/// fixed origin, e.g. China-time minutes).
pub const SIGN_IN_EARLY_MINUTES: i64 = 30;

/// A review waiting longer than this is overdue and shown first.
pub const REVIEW_DEADLINE_DAYS: i64 = 7;

/// `2026-12-05T09:00` (China time, as forms and EXIF give it) as minutes since 1970-01-01.
pub fn minute_number(s: &str) -> Option<i64> {
    let day = Date::parse(s.get(..10)?).ok()?;
    if s.len() != 16 || &s[10..11] != "T" || &s[13..14] != ":" {
        return None;
    }
    let (h, m) = (
        s[11..13].parse::<i64>().ok()?,
        s[14..16].parse::<i64>().ok()?,
    );
    (h < 24 && m < 60).then(|| day.to_day_number() * 1440 + h * 60 + m)
}

pub fn sign_in_open(starts_at: i64, ends_at: i64, now: i64) -> bool {
    now >= starts_at - SIGN_IN_EARLY_MINUTES && now <= ends_at
}

/// A photo whose camera time is more than a day before the meeting began is flagged for the
/// reviewers: it may come from another occasion.
pub fn photo_predates(taken_at_minute: i64, starts_at_minute: i64) -> bool {
    taken_at_minute < starts_at_minute - 24 * 60
}

code_enum! {
    pub enum Frequency / InvalidFrequency {
        Monthly = "monthly" / "每月",
        Quarterly = "quarterly" / "每季度",
        Yearly = "yearly" / "每年",
    }
}

code_enum! {
    /// Result of the democratic appraisal (民主评议党员).
    pub enum AppraisalGrade / BadRequest {
        Excellent = "excellent" / "优秀",
        Qualified = "qualified" / "合格",
        BasicallyQualified = "basically_qualified" / "基本合格",
        Unqualified = "unqualified" / "不合格",
    }
}

/// Reminders start this many days before a period ends; warnings go out for this many days
/// after.
pub const REMIND_DAYS_BEFORE: i64 = 7;

/// The month, quarter or year (per `frequency`) containing `day`: first and last day.
pub fn period_of(frequency: Frequency, day: Date) -> Result<(Date, Date), ErrorCode> {
    let months = match frequency {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 3,
        Frequency::Yearly => 12,
    };
    let ym = YearMonth::of(day);
    let first = ym.add_months(-(i32::from(ym.month() - 1) % months))?;
    Ok((first.first_day(), first.add_months(months - 1)?.last_day()))
}

impl Frequency {
    /// The calendar units of this frequency lying wholly inside `[start, end]`.
    /// A unit only partly inside (the current month, or the month a branch
    /// was founded in) is not yet owed.
    fn complete_units(self, start: Date, end: Date) -> Vec<(Date, Date)> {
        let months = match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Yearly => 12,
        };
        let mut out = Vec::new();
        // Align to the unit containing `start`.
        let first = YearMonth::of(start);
        let offset = i32::from(first.month() - 1) % months;
        let mut unit = first.add_months(-offset).ok();
        while let Some(u) = unit {
            let Ok(last) = u.add_months(months - 1) else {
                break;
            };
            let (from, to) = (u.first_day(), last.last_day());
            if from > end {
                break;
            }
            if from >= start && to <= end {
                out.push((from, to));
            }
            unit = u.add_months(months).ok();
        }
        out
    }
}

/// Required frequency of each meeting kind; `None` means not required
/// (e.g. a branch without party groups, or with a secretary only and no
/// branch committee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgLifeRules {
    pub branch_assembly: Option<Frequency>,
    pub branch_committee: Option<Frequency>,
    pub party_group: Option<Frequency>,
    /// Quarterly is local practice, not a central rule, hence configurable.
    pub party_lecture: Option<Frequency>,
    pub theme_party_day: Option<Frequency>,
    pub org_life_meeting: Option<Frequency>,
    pub democratic_appraisal: Option<Frequency>,
}

impl Default for OrgLifeRules {
    fn default() -> Self {
        OrgLifeRules {
            branch_assembly: Some(Frequency::Quarterly),
            branch_committee: Some(Frequency::Monthly),
            party_group: Some(Frequency::Monthly),
            party_lecture: Some(Frequency::Quarterly),
            theme_party_day: Some(Frequency::Monthly),
            org_life_meeting: Some(Frequency::Yearly),
            democratic_appraisal: Some(Frequency::Yearly),
        }
    }
}

/// The form value of "not required" in the county's settings.
pub const NOT_REQUIRED: &str = "none";

/// A kind's requirement as the settings form sends it: a frequency code or [`NOT_REQUIRED`].
pub fn requirement_code(frequency: Option<Frequency>) -> &'static str {
    frequency.map_or(NOT_REQUIRED, |f| f.code())
}

/// A kind's requirement in words: 每月 / 每季度 / 每年 / 不作要求.
pub fn requirement_label(frequency: Option<Frequency>) -> &'static str {
    frequency.map_or("不作要求", |f| f.label_zh())
}

impl OrgLifeRules {
    /// No meeting required (a base to set single kinds on).
    pub fn none() -> Self {
        OrgLifeRules {
            branch_assembly: None,
            branch_committee: None,
            party_group: None,
            party_lecture: None,
            theme_party_day: None,
            org_life_meeting: None,
            democratic_appraisal: None,
        }
    }

    pub fn frequency(&self, kind: MeetingKind) -> Option<Frequency> {
        *self.clone().slot_mut(kind)
    }

    pub fn set(&mut self, kind: MeetingKind, frequency: Option<Frequency>) {
        *self.slot_mut(kind) = frequency;
    }

    fn slot_mut(&mut self, kind: MeetingKind) -> &mut Option<Frequency> {
        match kind {
            MeetingKind::BranchAssembly => &mut self.branch_assembly,
            MeetingKind::BranchCommittee => &mut self.branch_committee,
            MeetingKind::PartyGroup => &mut self.party_group,
            MeetingKind::PartyLecture => &mut self.party_lecture,
            MeetingKind::ThemePartyDay => &mut self.theme_party_day,
            MeetingKind::OrgLifeMeeting => &mut self.org_life_meeting,
            MeetingKind::DemocraticAppraisal => &mut self.democratic_appraisal,
        }
    }

    /// The county's settings form: one value per kind, a frequency code or [`NOT_REQUIRED`].
    /// A kind left out keeps the regulation's frequency; a wrong value names its kind.
    pub fn from_form<'a>(
        values: impl IntoIterator<Item = (MeetingKind, &'a str)>,
    ) -> Result<Self, (MeetingKind, ErrorCode)> {
        let mut rules = OrgLifeRules::default();
        for (kind, value) in values {
            let frequency = match value.trim() {
                NOT_REQUIRED => None,
                v => Some(Frequency::parse(v).map_err(|e| (kind, e))?),
            };
            rules.set(kind, frequency);
        }
        Ok(rules)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceRow {
    pub kind: MeetingKind,
    pub frequency: Frequency,
    /// Complete months/quarters/years in the period, each owing one meeting.
    pub required: u32,
    /// Meetings of this kind held in the period (extra ones included).
    pub held: u32,
    /// Complete units with no meeting at all; two meetings in January do
    /// not make up for none in February.
    pub missed_units: u32,
    pub behind: bool,
}

/// Compliance of one organization over `period` (both ends included), one row
/// per required meeting kind in declaration order.
pub fn compliance(
    rules: &OrgLifeRules,
    held: &[(MeetingKind, Date)],
    period: (Date, Date),
) -> Result<Vec<ComplianceRow>, ErrorCode> {
    let (start, end) = period;
    if start > end {
        return Err(ErrorCode::InvalidPeriod);
    }
    let mut rows = Vec::new();
    for &kind in MeetingKind::ALL {
        let Some(frequency) = rules.frequency(kind) else {
            continue;
        };
        let dates: Vec<Date> = held
            .iter()
            .filter(|(k, d)| *k == kind && *d >= start && *d <= end)
            .map(|(_, d)| *d)
            .collect();
        let units = frequency.complete_units(start, end);
        let missed = units
            .iter()
            .filter(|(from, to)| !dates.iter().any(|d| d >= from && d <= to))
            .count() as u32;
        rows.push(ComplianceRow {
            kind,
            frequency,
            required: units.len() as u32,
            held: dates.len() as u32,
            missed_units: missed,
            behind: missed > 0,
        });
    }
    Ok(rows)
}

/// Share of owed units that had their meeting, for branch scores.
pub fn compliance_ratio(rows: &[ComplianceRow]) -> Permille {
    let required: u64 = rows.iter().map(|r| u64::from(r.required)).sum();
    let missed: u64 = rows.iter().map(|r| u64::from(r.missed_units)).sum();
    Permille::ratio(required - missed.min(required), required).unwrap_or(Permille::ZERO)
}

/// A branch assembly needs more than half of the members entitled to vote
/// (probationary members do not count). More present than entitled is a
/// data error and never meets quorum.
pub fn quorum_met(voting_members: u32, present: u32) -> bool {
    present <= voting_members && u64::from(present) * 2 > u64::from(voting_members)
}

pub fn check_attendance(voting_members: u32, present: u32) -> Result<(), ErrorCode> {
    if present > voting_members {
        Err(ErrorCode::InvalidAttendance)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn row(rows: &[ComplianceRow], kind: MeetingKind) -> &ComplianceRow {
        rows.iter().find(|r| r.kind == kind).unwrap()
    }

    #[test]
    fn default_frequencies_follow_the_regulation() {
        let r = OrgLifeRules::default();
        assert_eq!(
            r.frequency(MeetingKind::BranchAssembly),
            Some(Frequency::Quarterly)
        );
        assert_eq!(
            r.frequency(MeetingKind::BranchCommittee),
            Some(Frequency::Monthly)
        );
        assert_eq!(
            r.frequency(MeetingKind::PartyGroup),
            Some(Frequency::Monthly)
        );
        assert_eq!(
            r.frequency(MeetingKind::PartyLecture),
            Some(Frequency::Quarterly)
        );
        assert_eq!(
            r.frequency(MeetingKind::ThemePartyDay),
            Some(Frequency::Monthly)
        );
        assert_eq!(
            r.frequency(MeetingKind::OrgLifeMeeting),
            Some(Frequency::Yearly)
        );
        assert_eq!(
            r.frequency(MeetingKind::DemocraticAppraisal),
            Some(Frequency::Yearly)
        );
        let partial: OrgLifeRules =
            serde_json::from_str(r#"{"party_lecture":"monthly","party_group":null}"#).unwrap();
        assert_eq!(partial.party_lecture, Some(Frequency::Monthly));
        assert_eq!(partial.party_group, None);
        assert_eq!(partial.branch_assembly, Some(Frequency::Quarterly));
    }

    #[test]
    fn the_county_form_sets_each_kind() {
        let rules = OrgLifeRules::from_form([
            (MeetingKind::PartyLecture, "monthly"),
            (MeetingKind::PartyGroup, NOT_REQUIRED),
            (MeetingKind::OrgLifeMeeting, " yearly "),
        ])
        .unwrap();
        assert_eq!(rules.party_lecture, Some(Frequency::Monthly));
        assert_eq!(rules.party_group, None);
        assert_eq!(rules.org_life_meeting, Some(Frequency::Yearly));
        assert_eq!(rules.branch_assembly, Some(Frequency::Quarterly));
        for kind in MeetingKind::ALL {
            let mut r = OrgLifeRules::default();
            r.set(*kind, Some(Frequency::Yearly));
            assert_eq!(r.frequency(*kind), Some(Frequency::Yearly));
        }
        assert_eq!(
            OrgLifeRules::from_form([(MeetingKind::ThemePartyDay, "weekly")]),
            Err((MeetingKind::ThemePartyDay, ErrorCode::InvalidFrequency))
        );
        assert_eq!(
            OrgLifeRules::from_form([(MeetingKind::BranchCommittee, "")]),
            Err((MeetingKind::BranchCommittee, ErrorCode::InvalidFrequency))
        );
    }

    #[test]
    fn counts_complete_units_only() {
        let rules = OrgLifeRules::default();
        // Year to date on 2026-05-15: Jan–Apr complete, Q1 complete, year not.
        let held = [
            (MeetingKind::ThemePartyDay, d("2026-01-08")),
            (MeetingKind::ThemePartyDay, d("2026-01-28")),
            (MeetingKind::ThemePartyDay, d("2026-03-08")),
            (MeetingKind::ThemePartyDay, d("2026-04-08")),
            (MeetingKind::ThemePartyDay, d("2026-05-08")),
            (MeetingKind::BranchAssembly, d("2026-03-30")),
            (MeetingKind::PartyLecture, d("2025-12-30")),
        ];
        let rows = compliance(&rules, &held, (d("2026-01-01"), d("2026-05-15"))).unwrap();
        let theme = row(&rows, MeetingKind::ThemePartyDay);
        assert_eq!((theme.required, theme.held, theme.missed_units), (4, 5, 1));
        assert!(theme.behind, "February had no theme party day");
        let assembly = row(&rows, MeetingKind::BranchAssembly);
        assert_eq!(
            (assembly.required, assembly.held, assembly.behind),
            (1, 1, false)
        );
        let lecture = row(&rows, MeetingKind::PartyLecture);
        assert_eq!(
            (lecture.required, lecture.held, lecture.behind),
            (1, 0, true)
        );
        let yearly = row(&rows, MeetingKind::OrgLifeMeeting);
        assert_eq!((yearly.required, yearly.behind), (0, false));
    }

    #[test]
    fn full_year_and_disabled_kinds() {
        let rules = OrgLifeRules {
            party_group: None,
            ..OrgLifeRules::default()
        };
        let held = [(MeetingKind::OrgLifeMeeting, d("2025-12-20"))];
        let rows = compliance(&rules, &held, (d("2025-01-01"), d("2025-12-31"))).unwrap();
        assert!(rows.iter().all(|r| r.kind != MeetingKind::PartyGroup));
        let y = row(&rows, MeetingKind::OrgLifeMeeting);
        assert_eq!((y.required, y.held, y.behind), (1, 1, false));
        assert_eq!(row(&rows, MeetingKind::BranchCommittee).missed_units, 12);
        assert_eq!(row(&rows, MeetingKind::BranchAssembly).required, 4);
        assert_eq!(
            compliance(&rules, &held, (d("2025-02-01"), d("2025-01-01"))),
            Err(ErrorCode::InvalidPeriod)
        );
    }

    #[test]
    fn mid_month_start_does_not_owe_that_month() {
        let rules = OrgLifeRules::default();
        let rows = compliance(&rules, &[], (d("2026-01-15"), d("2026-02-28"))).unwrap();
        assert_eq!(row(&rows, MeetingKind::ThemePartyDay).required, 1);
    }

    #[test]
    fn ratio_over_rows() {
        let rules = OrgLifeRules::default();
        let held = [(MeetingKind::BranchCommittee, d("2026-01-10"))];
        let rows = compliance(&rules, &held, (d("2026-01-01"), d("2026-01-31"))).unwrap();
        // Owed in January: committee, party group, theme day → 1 of 3.
        assert_eq!(compliance_ratio(&rows).get(), 333);
        assert_eq!(compliance_ratio(&[]), Permille::FULL);
    }

    #[test]
    fn quorum_is_more_than_half() {
        assert!(!quorum_met(10, 5));
        assert!(quorum_met(10, 6));
        assert!(quorum_met(9, 5));
        assert!(!quorum_met(9, 4));
        assert!(!quorum_met(0, 0));
        assert!(!quorum_met(5, 6));
        assert_eq!(check_attendance(5, 6), Err(ErrorCode::InvalidAttendance));
        assert_eq!(check_attendance(5, 5), Ok(()));
    }

    #[test]
    fn labels() {
        assert_eq!(
            MeetingKind::parse("主题党日"),
            Ok(MeetingKind::ThemePartyDay)
        );
        assert_eq!(MeetingKind::OrgLifeMeeting.label_zh(), "组织生活会");
        assert_eq!(
            MeetingKind::parse("login"),
            Err(ErrorCode::InvalidMeetingKind)
        );
        assert_eq!(AppraisalGrade::BasicallyQualified.label_zh(), "基本合格");
    }

    #[test]
    fn periods_contain_the_day() {
        let p = |f, day| period_of(f, d(day)).unwrap();
        assert_eq!(
            p(Frequency::Monthly, "2026-02-14"),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            p(Frequency::Quarterly, "2026-05-31"),
            (d("2026-04-01"), d("2026-06-30"))
        );
        assert_eq!(
            p(Frequency::Quarterly, "2026-12-31"),
            (d("2026-10-01"), d("2026-12-31"))
        );
        assert_eq!(
            p(Frequency::Yearly, "2026-07-01"),
            (d("2026-01-01"), d("2026-12-31"))
        );
    }

    #[test]
    fn minutes_of_local_times() {
        let a = minute_number("2026-12-05T09:00").unwrap();
        assert_eq!(minute_number("2026-12-06T09:30").unwrap() - a, 1440 + 30);
        for bad in [
            "2026-12-05 09:00",
            "2026-12-05T24:00",
            "2026-02-30T09:00",
            "x",
        ] {
            assert_eq!(minute_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn sign_in_window_and_old_photos() {
        let (start, end) = (10_000, 10_120);
        assert!(!sign_in_open(start, end, start - 31));
        assert!(sign_in_open(start, end, start - 30));
        assert!(sign_in_open(start, end, end));
        assert!(!sign_in_open(start, end, end + 1));
        assert!(!photo_predates(start - 24 * 60, start));
        assert!(photo_predates(start - 24 * 60 - 1, start));
        assert!(!photo_predates(end + 5, start));
    }

    #[test]
    fn only_planned_or_returned_records_are_editable() {
        let editable: Vec<_> = MeetingStatus::ALL.iter().filter(|s| s.editable()).collect();
        assert_eq!(
            editable,
            [&MeetingStatus::Planned, &MeetingStatus::Returned]
        );
    }

    /// Walks a record through any sequence of reviews: the county's approval is the only way
    /// to `Approved`, a committee can never finish a record, and nothing moves a record the
    /// branch still holds.
    mod review {
        use super::super::{MeetingStatus, ReviewLevel};
        use proptest::prelude::*;

        fn step() -> impl Strategy<Value = (ReviewLevel, bool)> {
            (
                prop::sample::select(ReviewLevel::ALL.to_vec()),
                prop::bool::ANY,
            )
        }

        proptest! {
            #[test]
            fn reviews_follow_the_two_levels(steps in prop::collection::vec(step(), 0..8)) {
                let mut status = MeetingStatus::Submitted;
                for (level, approve) in steps {
                    let before = status;
                    match before.review(level, approve) {
                        Ok(after) => {
                            prop_assert!(before.awaits(level));
                            prop_assert!(!before.editable());
                            if !approve {
                                prop_assert_eq!(after, MeetingStatus::Returned);
                            } else if level == ReviewLevel::County {
                                prop_assert_eq!(after, MeetingStatus::Approved);
                            } else {
                                prop_assert_eq!(before, MeetingStatus::Submitted);
                                prop_assert_eq!(after, MeetingStatus::Reviewed);
                            }
                            status = after;
                        }
                        Err(_) => prop_assert!(!before.awaits(level)),
                    }
                }
            }

            #[test]
            fn the_branch_holds_what_is_not_submitted(
                status in prop::sample::select(MeetingStatus::ALL.to_vec()),
                (level, approve) in step(),
            ) {
                if matches!(status, MeetingStatus::Planned | MeetingStatus::Returned | MeetingStatus::Approved) {
                    prop_assert!(status.review(level, approve).is_err());
                }
            }
        }

        #[test]
        fn a_committee_cannot_finish_a_record() {
            assert!(MeetingStatus::Reviewed
                .review(ReviewLevel::Committee, true)
                .is_err());
            assert_eq!(
                MeetingStatus::Submitted.review(ReviewLevel::County, true),
                Ok(MeetingStatus::Approved)
            );
        }
    }
}
