//! Reshaping the tree: names of organizations and where a subtree may be moved
//! (docs/rules.md#reshaping-the-tree).

use super::{OrgKind, OrgPath};
use crate::error::ErrorCode;
use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

/// The longest organization name accepted (full names of committees run to about 30 characters).
pub const MAX_ORG_NAME_CHARS: usize = 60;

/// An organization's name: trimmed, 1 to [`MAX_ORG_NAME_CHARS`] characters, no control
/// characters. Names are unique in a county, because workbooks name parents by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgName(String);

impl OrgName {
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let name = s.trim();
        if name.is_empty()
            || name.chars().count() > MAX_ORG_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(ErrorCode::InvalidOrgName);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgName {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        Self::parse(&s)
    }
}

impl From<OrgName> for String {
    fn from(n: OrgName) -> String {
        n.0
    }
}

/// Whether the organization at `org` (of `kind`) may be moved under `new_parent`: never the
/// county itself, never under itself or anything below it, and only under a kind that may
/// hold it.
pub fn check_move(
    org: &OrgPath,
    kind: OrgKind,
    new_parent: &OrgPath,
    new_parent_kind: OrgKind,
) -> Result<(), ErrorCode> {
    if org.parent().is_none() {
        return Err(ErrorCode::OrgIsRoot);
    }
    if org.contains(new_parent) {
        return Err(ErrorCode::OrgMoveIntoOwnSubtree);
    }
    new_parent_kind.check_parent(kind)
}

/// Whether the branch of `kind` may be merged (合并) into `into` of `into_kind`: two different
/// branches of the same kind (a flowing branch into a flowing branch), so the members keep the
/// kind of branch their organizational life and dues follow.
pub fn check_merge(
    from: OrgId,
    kind: OrgKind,
    into: OrgId,
    into_kind: OrgKind,
) -> Result<(), ErrorCode> {
    if from == into {
        return Err(ErrorCode::OrgMergeSelf);
    }
    if kind != into_kind || !matches!(kind, OrgKind::Branch | OrgKind::FlowingBranch) {
        return Err(ErrorCode::OrgMergeKinds);
    }
    Ok(())
}

/// The kinds that may be created directly under `parent`, in the order of [`OrgKind::ALL`].
pub fn child_kinds(parent: OrgKind) -> Vec<OrgKind> {
    OrgKind::ALL
        .iter()
        .copied()
        .filter(|k| parent.can_parent(*k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> OrgPath {
        OrgPath::parse(s).unwrap()
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            OrgName::parse("  龙泉镇党委 ").unwrap().as_str(),
            "龙泉镇党委"
        );
        assert_eq!(OrgName::parse("   "), Err(ErrorCode::InvalidOrgName));
        assert_eq!(OrgName::parse("a\tb"), Err(ErrorCode::InvalidOrgName));
        let long = "党".repeat(MAX_ORG_NAME_CHARS + 1);
        assert_eq!(OrgName::parse(&long), Err(ErrorCode::InvalidOrgName));
        assert!(OrgName::parse(&"党".repeat(MAX_ORG_NAME_CHARS)).is_ok());
    }

    #[test]
    fn moves_refused_where_the_tree_would_break() {
        use OrgKind::*;
        // The county has no parent to leave.
        assert_eq!(
            check_move(&p("/1/"), CountyOrgDept, &p("/1/2/"), PartyCommittee),
            Err(ErrorCode::OrgIsRoot)
        );
        // Under itself or its own branch.
        assert_eq!(
            check_move(&p("/1/2/"), GeneralBranch, &p("/1/2/"), GeneralBranch),
            Err(ErrorCode::OrgMoveIntoOwnSubtree)
        );
        assert_eq!(
            check_move(&p("/1/2/"), PartyCommittee, &p("/1/2/3/"), Branch),
            Err(ErrorCode::OrgMoveIntoOwnSubtree)
        );
        // `/1/2/` does not contain `/1/23/`: a prefix of digits is not an ancestor.
        assert_eq!(
            check_move(&p("/1/2/"), GeneralBranch, &p("/1/23/"), PartyCommittee),
            Ok(())
        );
        // A branch under a branch, a branch under a flowing committee.
        assert_eq!(
            check_move(&p("/1/2/3/"), Branch, &p("/1/4/5/"), Branch),
            Err(ErrorCode::InvalidOrgParent)
        );
        assert_eq!(
            check_move(&p("/1/2/3/"), Branch, &p("/1/6/"), FlowingCommittee),
            Err(ErrorCode::InvalidOrgParent)
        );
        assert_eq!(
            check_move(&p("/1/2/3/"), FlowingBranch, &p("/1/6/"), FlowingCommittee),
            Ok(())
        );
    }

    #[test]
    fn only_two_branches_of_a_kind_merge() {
        use OrgKind::*;
        let (a, b) = (OrgId::new(3).unwrap(), OrgId::new(4).unwrap());
        assert_eq!(check_merge(a, Branch, b, Branch), Ok(()));
        assert_eq!(check_merge(a, FlowingBranch, b, FlowingBranch), Ok(()));
        assert_eq!(
            check_merge(a, Branch, a, Branch),
            Err(ErrorCode::OrgMergeSelf)
        );
        assert_eq!(
            check_merge(a, Branch, b, FlowingBranch),
            Err(ErrorCode::OrgMergeKinds)
        );
        assert_eq!(
            check_merge(a, GeneralBranch, b, GeneralBranch),
            Err(ErrorCode::OrgMergeKinds)
        );
    }

    #[test]
    fn child_kinds_follow_the_placement_rules() {
        use OrgKind::*;
        assert_eq!(
            child_kinds(CountyOrgDept),
            vec![PartyCommittee, WorkCommittee, FlowingCommittee]
        );
        assert_eq!(child_kinds(FlowingCommittee), vec![FlowingBranch]);
        assert_eq!(child_kinds(PartyGroup), Vec::<OrgKind>::new());
    }
}
