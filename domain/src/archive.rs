//! The archive (一目了然, docs/rules.md#the-archive): the records behind every number, one section
//! per kind the county counts, filtered by organization subtree, kind, dates and state. Here the
//! sections and a filter that cannot hold a kind or state its section does not have.

use serde::{Deserialize, Serialize};

use crate::{
    orglife::{MeetingKind, MeetingStatus},
    points::ActivityKey,
    Date, ErrorCode, OrgId,
};

code_enum! {
    pub enum Section / InvalidForm {
        ThemeDay = "theme_day" / "主题党日",
        ThreeMeetings = "three_meetings" / "三会一课",
        Dues = "dues" / "党费缴纳",
        Points = "points" / "积分管理",
        Assistance = "assistance" / "驻村帮扶",
    }
}

/// Rows per page.
pub const PAGE_SIZE: u32 = 20;

/// The meetings of 三会一课: the branch assembly, the branch committee, the party group and the
/// party lecture.
pub const THREE_MEETINGS: [MeetingKind; 4] = [
    MeetingKind::BranchAssembly,
    MeetingKind::BranchCommittee,
    MeetingKind::PartyGroup,
    MeetingKind::PartyLecture,
];

code_enum! {
    /// A dues bill's state in the archive.
    pub enum BillState / InvalidForm {
        Paid = "paid" / "已交",
        Unpaid = "unpaid" / "未交",
    }
}

/// The kinds (codes and labels) a section can be narrowed to.
pub fn kinds(section: Section) -> Vec<(&'static str, &'static str)> {
    match section {
        Section::ThemeDay | Section::Assistance => Vec::new(),
        Section::ThreeMeetings => THREE_MEETINGS
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        Section::Dues => vec![("monthly", "按月党费"), ("voluntary", "自愿多交")],
        Section::Points => ActivityKey::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
    }
}

/// The states (codes and labels) a section can be narrowed to.
pub fn states(section: Section) -> Vec<(&'static str, &'static str)> {
    match section {
        Section::ThemeDay | Section::ThreeMeetings => MeetingStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        Section::Dues => BillState::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        Section::Points | Section::Assistance => Vec::new(),
    }
}

/// What the reader asked for, checked: a kind and a state of the section, a range that ends
/// no earlier than it starts, a page from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub section: Section,
    /// The subtree's root; `None`: the reader's scope.
    pub org: Option<OrgId>,
    pub kind: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub state: Option<String>,
    pub page: u32,
}

impl Filter {
    /// From the query's text fields (empty means "any").
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        section: &str,
        org: &str,
        kind: &str,
        from: &str,
        to: &str,
        state: &str,
        page: &str,
    ) -> Result<Filter, ErrorCode> {
        let section = Section::parse(section)?;
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let org = some(org)
            .map(|o| {
                o.parse::<i64>()
                    .ok()
                    .and_then(|n| OrgId::new(n).ok())
                    .ok_or(ErrorCode::InvalidForm)
            })
            .transpose()?;
        let kind = some(kind);
        if let Some(k) = &kind {
            if !kinds(section).iter().any(|(c, _)| c == k) {
                return Err(ErrorCode::InvalidForm);
            }
        }
        let state = some(state);
        if let Some(s) = &state {
            if !states(section).iter().any(|(c, _)| c == s) {
                return Err(ErrorCode::InvalidForm);
            }
        }
        let date = |s: &str| some(s).map(|d| Date::parse(&d)).transpose();
        let (from, to) = (date(from)?, date(to)?);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(ErrorCode::InvalidForm);
            }
        }
        let page = match some(page) {
            None => 1,
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or(ErrorCode::InvalidForm)?,
        };
        Ok(Filter {
            section,
            org,
            kind,
            from,
            to,
            state,
            page,
        })
    }

    /// Rows to skip for this page.
    pub fn offset(&self) -> u32 {
        (self.page - 1) * PAGE_SIZE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_holds_only_what_its_section_has() {
        let f = Filter::parse(
            "three_meetings",
            "3",
            "party_lecture",
            "2026-01-01",
            "2026-03-31",
            "approved",
            "2",
        )
        .unwrap();
        assert_eq!(f.section, Section::ThreeMeetings);
        assert_eq!(f.offset(), PAGE_SIZE);
        let any = Filter::parse("主题党日", "", "", "", "", "", "").unwrap();
        assert_eq!(
            (any.section, any.page, any.kind),
            (Section::ThemeDay, 1, None)
        );
        for bad in [
            ("nothing", "", "", "", "", "", ""),
            // 主题党日 is not one of 三会一课; a bill has no meeting status.
            ("three_meetings", "", "theme_party_day", "", "", "", ""),
            ("dues", "", "", "", "", "approved", ""),
            ("points", "x", "", "", "", "", ""),
            ("points", "", "", "2026-02-01", "2026-01-01", "", ""),
            ("points", "", "", "", "", "", "0"),
        ] {
            assert_eq!(
                Filter::parse(bad.0, bad.1, bad.2, bad.3, bad.4, bad.5, bad.6),
                Err(ErrorCode::InvalidForm),
                "{bad:?}"
            );
        }
        assert_eq!(
            Filter::parse("points", "", "", "2026-02-30", "", "", ""),
            Err(ErrorCode::InvalidDate)
        );
    }
}
