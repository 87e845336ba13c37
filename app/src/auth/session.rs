use domain::{AccountId, MemberId, OrgId, Role};
use serde::{Deserialize, Serialize};

/// Who is signed in, as the UI needs it. Never holds ID or phone numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub account_id: AccountId,
    pub name: String,
    pub role: Role,
    pub scope_org_id: OrgId,
    pub scope_org_name: String,
    /// The member's own file, when the account belongs to a member.
    pub member_id: Option<MemberId>,
    pub must_change_password: bool,
}
