use domain::{OrgId, Role};
use serde::{Deserialize, Serialize};

/// A role at an organization: one the account holds, or one an administrator may grant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleAt {
    pub role: Role,
    pub scope_org_id: OrgId,
    pub scope_name: String,
    /// For held roles: the one this session acts in.
    pub active: bool,
}

/// A member's account as the administrators who look after it see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountState {
    pub disabled: bool,
    pub must_change_password: bool,
    pub roles: Vec<RoleAt>,
}

/// What `/members/{id}` offers an administrator for the member's account: its state (none
/// yet: it may be created) and the roles the administrator may grant there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountAdmin {
    pub account: Option<AccountState>,
    pub grantable: Vec<RoleAt>,
}

/// A password to hand over once: shown on the page that asked for it, never again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub mobile: String,
    pub one_time_password: String,
}
