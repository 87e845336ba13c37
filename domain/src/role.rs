//! Who is acting. Shared by workflow rules (transfers) and access control.

use crate::{access::Reach, error::ErrorCode, OrgKind};

code_enum! {
    pub enum Role / InvalidRole {
        Member = "member" / "党员",
        BranchAdmin = "branch_admin" / "支部管理员",
        CommitteeAdmin = "committee_admin" / "党委管理员",
        CountyAdmin = "county_admin" / "县委组织部管理员",
        /// Inspectors read everything and change nothing.
        Auditor = "auditor" / "审计员",
    }
}

impl Role {
    /// Which role is active after sign-in when an account holds several: the widest
    /// administration first, the auditor's read-only view after every administrator role.
    pub fn rank(self) -> u8 {
        match self {
            Role::CountyAdmin => 4,
            Role::CommitteeAdmin => 3,
            Role::BranchAdmin => 2,
            Role::Auditor => 1,
            Role::Member => 0,
        }
    }

    /// The kind of organization a granted role is scoped to: a branch role at a branch or
    /// general branch, a committee role at a committee, county roles at the county.
    pub fn fits_scope(self, kind: OrgKind) -> bool {
        match self {
            Role::BranchAdmin => kind.is_branch_level(),
            Role::CommitteeAdmin => kind.is_committee(),
            Role::CountyAdmin | Role::Auditor => kind == OrgKind::CountyOrgDept,
            Role::Member => false,
        }
    }

    pub fn can_write(self) -> bool {
        !matches!(self, Role::Auditor)
    }

    /// Whether the role manages organizations (as opposed to acting for oneself).
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Role::BranchAdmin | Role::CommitteeAdmin | Role::CountyAdmin
        )
    }
}

/// May an administrator acting as `granter` grant or revoke `role` at an organization of `kind`
/// that lies at `reach` from the granter's scope (docs/operations.md#roles)? Roles come from
/// above: a branch's admin from its committee or the county, a committee's admin and the county
/// roles from the county. Members are not granted: every member is one by their file.
pub fn may_grant(granter: Role, role: Role, kind: OrgKind, reach: Reach) -> Result<(), ErrorCode> {
    let from_above = match role {
        Role::BranchAdmin => {
            granter == Role::CountyAdmin
                || (granter == Role::CommitteeAdmin && reach == Reach::Below)
        }
        Role::CommitteeAdmin | Role::CountyAdmin | Role::Auditor => granter == Role::CountyAdmin,
        Role::Member => matches!(granter, Role::CountyAdmin | Role::CommitteeAdmin),
    };
    if !from_above || matches!(reach, Reach::Outside | Reach::Own) {
        return Err(ErrorCode::Forbidden);
    }
    if role == Role::Member {
        return Err(ErrorCode::InvalidRole);
    }
    if !role.fits_scope(kind) {
        return Err(ErrorCode::RoleScopeMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(*r));
            assert_eq!(Role::parse(r.label_zh()), Ok(*r));
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), *r);
        }
        assert_eq!(Role::parse("root"), Err(ErrorCode::InvalidRole));
        assert!(serde_json::from_str::<Role>("\"root\"").is_err());
    }

    #[test]
    fn roles_come_from_above() {
        use OrgKind::*;
        use Reach::*;
        let ok = |g, r, k, at| may_grant(g, r, k, at) == Ok(());
        // A branch's admin: from its committee (strictly below it) or the county.
        assert!(ok(Role::CommitteeAdmin, Role::BranchAdmin, Branch, Below));
        assert!(ok(
            Role::CountyAdmin,
            Role::BranchAdmin,
            FlowingBranch,
            Below
        ));
        assert!(!ok(
            Role::CommitteeAdmin,
            Role::BranchAdmin,
            Branch,
            Outside
        ));
        // A branch admin grants nothing, not even in its own branch.
        for r in Role::ALL {
            assert_eq!(
                may_grant(Role::BranchAdmin, *r, Branch, ScopeRoot),
                Err(ErrorCode::Forbidden)
            );
            assert_eq!(
                may_grant(Role::Auditor, *r, CountyOrgDept, ScopeRoot),
                Err(ErrorCode::Forbidden)
            );
        }
        // A committee admin grants no committee or county role.
        for r in [Role::CommitteeAdmin, Role::CountyAdmin, Role::Auditor] {
            assert_eq!(
                may_grant(Role::CommitteeAdmin, r, PartyCommittee, Below),
                Err(ErrorCode::Forbidden)
            );
        }
        assert!(ok(
            Role::CountyAdmin,
            Role::CommitteeAdmin,
            FlowingCommittee,
            Below
        ));
        assert!(ok(
            Role::CountyAdmin,
            Role::Auditor,
            CountyOrgDept,
            ScopeRoot
        ));
        // The role must fit the organization.
        assert_eq!(
            may_grant(Role::CountyAdmin, Role::BranchAdmin, PartyCommittee, Below),
            Err(ErrorCode::RoleScopeMismatch)
        );
        assert_eq!(
            may_grant(Role::CountyAdmin, Role::CountyAdmin, Branch, Below),
            Err(ErrorCode::RoleScopeMismatch)
        );
        assert_eq!(
            may_grant(Role::CountyAdmin, Role::Member, Branch, Below),
            Err(ErrorCode::InvalidRole)
        );
    }

    #[test]
    fn the_widest_role_ranks_first() {
        let mut roles = Role::ALL.to_vec();
        roles.sort_by_key(|r| std::cmp::Reverse(r.rank()));
        assert_eq!(roles.first(), Some(&Role::CountyAdmin));
        assert_eq!(roles.last(), Some(&Role::Member));
    }

    #[test]
    fn auditor_is_read_only() {
        assert!(!Role::Auditor.can_write());
        assert!(Role::Member.can_write());
        assert!(!Role::Member.is_admin());
        assert!(Role::CountyAdmin.is_admin());
    }
}
