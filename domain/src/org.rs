//! The organization tree (组织体系) and member status.

use crate::date::Date;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

pub mod leadership;
mod path;
pub mod reshape;
pub use path::OrgPath;
pub use reshape::OrgName;

code_enum! {
    pub enum OrgKind / InvalidOrgKind {
        CountyOrgDept = "county_org_dept" / "县委组织部",
        PartyCommittee = "party_committee" / "党委",
        WorkCommittee = "work_committee" / "党工委",
        FlowingCommittee = "flowing_committee" / "流动党委",
        GeneralBranch = "general_branch" / "党总支",
        Branch = "branch" / "党支部",
        FlowingBranch = "flowing_branch" / "流动党支部",
        PartyGroup = "party_group" / "党小组",
    }
}

impl OrgKind {
    /// Depth in the tree: 0 county, 1 committees, 2 general branches,
    /// 3 branches, 4 party groups. General branches are optional, so a
    /// branch may sit directly under a committee (a level is skipped).
    pub fn level(self) -> u8 {
        match self {
            OrgKind::CountyOrgDept => 0,
            OrgKind::PartyCommittee | OrgKind::WorkCommittee | OrgKind::FlowingCommittee => 1,
            OrgKind::GeneralBranch => 2,
            OrgKind::Branch | OrgKind::FlowingBranch => 3,
            OrgKind::PartyGroup => 4,
        }
    }

    pub fn is_committee(self) -> bool {
        self.level() == 1
    }

    /// Branches are where members are registered, meet and pay dues.
    pub fn is_branch(self) -> bool {
        matches!(self, OrgKind::Branch | OrgKind::FlowingBranch)
    }

    /// Branches and general branches (党总支): where the branch's own work is done
    /// (meetings held, never a village team stationed from).
    pub fn is_branch_level(self) -> bool {
        matches!(
            self,
            OrgKind::GeneralBranch | OrgKind::Branch | OrgKind::FlowingBranch
        )
    }

    pub fn is_flowing(self) -> bool {
        matches!(self, OrgKind::FlowingCommittee | OrgKind::FlowingBranch)
    }

    /// Whether `child` may be placed directly under `self`.
    ///
    /// A flowing committee only manages flowing branches: its members keep
    /// their home branch and only take part in activities where they work.
    pub fn can_parent(self, child: OrgKind) -> bool {
        use OrgKind::*;
        match self {
            CountyOrgDept => matches!(child, PartyCommittee | WorkCommittee | FlowingCommittee),
            PartyCommittee | WorkCommittee => {
                matches!(child, GeneralBranch | Branch | FlowingBranch)
            }
            FlowingCommittee => child == FlowingBranch,
            GeneralBranch => matches!(child, Branch | FlowingBranch),
            Branch | FlowingBranch => child == PartyGroup,
            PartyGroup => false,
        }
    }

    pub fn check_parent(self, child: OrgKind) -> Result<(), ErrorCode> {
        if self.can_parent(child) {
            Ok(())
        } else {
            Err(ErrorCode::InvalidOrgParent)
        }
    }

    /// Term of office in years; `None` for bodies that are not elected
    /// (the organization department, party groups).
    /// Village and community organizations serve 5 years whatever their kind.
    pub fn term_years(self, is_village_or_community: bool) -> Option<u8> {
        match self {
            OrgKind::CountyOrgDept | OrgKind::PartyGroup => None,
            _ if is_village_or_community => Some(5),
            OrgKind::PartyCommittee | OrgKind::WorkCommittee | OrgKind::FlowingCommittee => Some(5),
            OrgKind::GeneralBranch | OrgKind::Branch | OrgKind::FlowingBranch => Some(3),
        }
    }

    /// When the term that started with the election on `elected_on` ends.
    pub fn term_end(
        self,
        is_village_or_community: bool,
        elected_on: Date,
    ) -> Option<Result<Date, ErrorCode>> {
        self.term_years(is_village_or_community)
            .map(|y| elected_on.add_years(i32::from(y)))
    }
}

/// What a unit of a given size should set up (docs/rules.md#setting-up-by-size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendedSetup {
    /// Fewer than 3 full members: join a joint branch (联合支部) with neighbours.
    JoinJointBranch,
    /// 3–6 full members: a branch with a secretary only.
    BranchWithSecretary,
    /// 7–50: a branch with a branch committee (支委会) of 3–5.
    BranchWithCommittee,
    /// 51–100: a general branch.
    GeneralBranch,
    /// Over 100: a primary-level committee, subject to approval.
    PrimaryCommittee,
}

impl RecommendedSetup {
    pub fn for_members(full_members: u32, total_members: u32) -> RecommendedSetup {
        if full_members < 3 {
            RecommendedSetup::JoinJointBranch
        } else if total_members > 100 {
            RecommendedSetup::PrimaryCommittee
        } else if total_members > 50 {
            RecommendedSetup::GeneralBranch
        } else if full_members >= 7 {
            RecommendedSetup::BranchWithCommittee
        } else {
            RecommendedSetup::BranchWithSecretary
        }
    }
}

code_enum! {
    pub enum MemberStatus / InvalidMemberStatus {
        /// 正式党员.
        Full = "full" / "正式",
        /// 预备党员: may not vote, elect or be elected.
        Probationary = "probationary" / "预备",
    }
}

impl MemberStatus {
    pub fn can_vote(self) -> bool {
        self == MemberStatus::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels() {
        assert_eq!(OrgKind::parse("flowing_branch"), Ok(OrgKind::FlowingBranch));
        assert_eq!(OrgKind::parse("党总支"), Ok(OrgKind::GeneralBranch));
        assert_eq!(OrgKind::parse("支部"), Err(ErrorCode::InvalidOrgKind));
        assert_eq!(OrgKind::CountyOrgDept.label_zh(), "县委组织部");
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.code()), Ok(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.code()));
        }
    }

    #[test]
    fn terms_of_office() {
        assert_eq!(OrgKind::PartyCommittee.term_years(false), Some(5));
        assert_eq!(OrgKind::WorkCommittee.term_years(false), Some(5));
        assert_eq!(OrgKind::GeneralBranch.term_years(false), Some(3));
        assert_eq!(OrgKind::Branch.term_years(false), Some(3));
        assert_eq!(OrgKind::Branch.term_years(true), Some(5));
        assert_eq!(OrgKind::GeneralBranch.term_years(true), Some(5));
        assert_eq!(OrgKind::PartyGroup.term_years(false), None);
        assert_eq!(OrgKind::CountyOrgDept.term_years(true), None);
        let elected = Date::new(2023, 11, 28).unwrap();
        assert_eq!(
            OrgKind::Branch.term_end(false, elected).unwrap().unwrap(),
            Date::new(2026, 11, 28).unwrap()
        );
    }

    #[test]
    fn tree_rules() {
        use OrgKind::*;
        assert!(CountyOrgDept.can_parent(PartyCommittee));
        assert!(CountyOrgDept.can_parent(FlowingCommittee));
        assert!(!CountyOrgDept.can_parent(Branch));
        assert!(PartyCommittee.can_parent(Branch));
        assert!(PartyCommittee.can_parent(GeneralBranch));
        assert!(GeneralBranch.can_parent(Branch));
        assert!(FlowingCommittee.can_parent(FlowingBranch));
        assert!(!FlowingCommittee.can_parent(Branch));
        assert!(Branch.can_parent(PartyGroup));
        assert!(!PartyGroup.can_parent(PartyGroup));
        assert!(!Branch.can_parent(Branch));
        assert_eq!(
            Branch.check_parent(Branch),
            Err(ErrorCode::InvalidOrgParent)
        );
        // A parent is always at a shallower level than its child.
        for p in OrgKind::ALL {
            for c in OrgKind::ALL {
                if p.can_parent(*c) {
                    assert!(p.level() < c.level(), "{p:?} -> {c:?}");
                }
            }
        }
    }

    #[test]
    fn setup_by_size() {
        use RecommendedSetup::*;
        assert_eq!(RecommendedSetup::for_members(2, 2), JoinJointBranch);
        assert_eq!(RecommendedSetup::for_members(3, 4), BranchWithSecretary);
        assert_eq!(RecommendedSetup::for_members(6, 9), BranchWithSecretary);
        assert_eq!(RecommendedSetup::for_members(7, 7), BranchWithCommittee);
        assert_eq!(RecommendedSetup::for_members(40, 50), BranchWithCommittee);
        assert_eq!(RecommendedSetup::for_members(48, 51), GeneralBranch);
        assert_eq!(RecommendedSetup::for_members(90, 101), PrimaryCommittee);
    }

    #[test]
    fn member_status() {
        assert_eq!(MemberStatus::parse("预备"), Ok(MemberStatus::Probationary));
        assert_eq!(MemberStatus::Full.label_zh(), "正式");
        assert!(!MemberStatus::Probationary.can_vote());
        assert_eq!(
            MemberStatus::parse("x"),
            Err(ErrorCode::InvalidMemberStatus)
        );
    }
}
