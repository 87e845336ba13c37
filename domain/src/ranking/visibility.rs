//! Who may see which board. Each deployment switches boards (public / own organization /
//! self only / off; docs/rules.md#visibility).

use serde::{Deserialize, Serialize};

code_enum! {
    pub enum Visibility / InvalidVisibility {
        Public = "public" / "公开",
        OwnOrganization = "own_organization" / "本组织内可见",
        SelfOnly = "self_only" / "仅本人可见",
        Off = "off" / "关闭",
    }
}

code_enum! {
    pub enum Board / BadRequest {
        MemberRanking = "member_ranking" / "党员积分排名",
        BranchRanking = "branch_ranking" / "支部排名",
        CommitteeRanking = "committee_ranking" / "党委排名",
        Lists = "lists" / "红黑榜",
        /// "Your rank dropped by 1" style notices.
        RankingNudges = "ranking_nudges" / "排名变动提醒",
    }
}

/// How the viewer relates to the row being shown: the member themself (or,
/// for organization boards, the viewer's own organization), someone in the
/// same organization, or anyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    IsSelf,
    SameOrg,
    Other,
}

/// Defaults lean conservative because ranking people by points is what the
/// central rules forbid: people see only their own rank and list, no
/// ranking nudges are sent, and organization rankings stay inside the
/// organization. A county widens them deliberately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisibilityPolicy {
    pub member_ranking: Visibility,
    pub branch_ranking: Visibility,
    pub committee_ranking: Visibility,
    pub lists: Visibility,
    pub ranking_nudges: Visibility,
}

impl Default for VisibilityPolicy {
    fn default() -> Self {
        VisibilityPolicy {
            member_ranking: Visibility::SelfOnly,
            branch_ranking: Visibility::OwnOrganization,
            committee_ranking: Visibility::OwnOrganization,
            lists: Visibility::SelfOnly,
            ranking_nudges: Visibility::Off,
        }
    }
}

impl VisibilityPolicy {
    /// Everything off: for deployments that don't want boards at all.
    pub fn all_off() -> Self {
        VisibilityPolicy {
            member_ranking: Visibility::Off,
            branch_ranking: Visibility::Off,
            committee_ranking: Visibility::Off,
            lists: Visibility::Off,
            ranking_nudges: Visibility::Off,
        }
    }

    pub fn of(&self, board: Board) -> Visibility {
        match board {
            Board::MemberRanking => self.member_ranking,
            Board::BranchRanking => self.branch_ranking,
            Board::CommitteeRanking => self.committee_ranking,
            Board::Lists => self.lists,
            Board::RankingNudges => self.ranking_nudges,
        }
    }

    pub fn can_see(&self, board: Board, viewer_relation: Relation) -> bool {
        match self.of(board) {
            Visibility::Public => true,
            Visibility::OwnOrganization => {
                matches!(viewer_relation, Relation::IsSelf | Relation::SameOrg)
            }
            Visibility::SelfOnly => viewer_relation == Relation::IsSelf,
            Visibility::Off => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conservative_defaults() {
        let p = VisibilityPolicy::default();
        assert!(p.can_see(Board::MemberRanking, Relation::IsSelf));
        assert!(!p.can_see(Board::MemberRanking, Relation::SameOrg));
        assert!(p.can_see(Board::BranchRanking, Relation::SameOrg));
        assert!(!p.can_see(Board::BranchRanking, Relation::Other));
        assert!(!p.can_see(Board::Lists, Relation::SameOrg));
        assert!(!p.can_see(Board::RankingNudges, Relation::IsSelf));
    }

    #[test]
    fn each_visibility_level() {
        for (vis, expected) in [
            (Visibility::Public, [true, true, true]),
            (Visibility::OwnOrganization, [true, true, false]),
            (Visibility::SelfOnly, [true, false, false]),
            (Visibility::Off, [false, false, false]),
        ] {
            let p = VisibilityPolicy {
                lists: vis,
                ..VisibilityPolicy::default()
            };
            let got = [Relation::IsSelf, Relation::SameOrg, Relation::Other]
                .map(|r| p.can_see(Board::Lists, r));
            assert_eq!(got, expected, "{vis:?}");
        }
        let off = VisibilityPolicy::all_off();
        assert!(Board::ALL
            .iter()
            .all(|b| !off.can_see(*b, Relation::IsSelf)));
    }

    #[test]
    fn serde_partial_config() {
        let p: VisibilityPolicy = serde_json::from_str(r#"{"member_ranking":"public"}"#).unwrap();
        assert_eq!(p.member_ranking, Visibility::Public);
        assert_eq!(p.lists, Visibility::SelfOnly);
        assert!(serde_json::from_str::<VisibilityPolicy>(r#"{"lists":"everyone"}"#).is_err());
    }
}
