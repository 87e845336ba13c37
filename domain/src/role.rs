//! Who is acting. Shared by workflow rules (transfers) and access control.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

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
    fn auditor_is_read_only() {
        assert!(!Role::Auditor.can_write());
        assert!(Role::Member.can_write());
        assert!(!Role::Member.is_admin());
        assert!(Role::CountyAdmin.is_admin());
    }
}
