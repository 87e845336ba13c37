//! Accounts and roles: what this feature's server functions ask of the server. The server
//! implements it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::{ErrorCode, MemberId, OrgId, Role};

use super::{AccountAdmin, Handover, RoleAt};
use crate::backend::Caller;

/// A step on a member's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange {
    Create,
    Reset,
    Disable,
    Enable,
    SignOut,
}

#[async_trait::async_trait]
pub trait AccountsApi: Send + Sync {
    /// The caller's roles, the active one marked.
    async fn my_roles(&self, caller: &Caller) -> Result<Vec<RoleAt>, ErrorCode>;

    /// This session acts in another role the caller holds.
    async fn switch_role(
        &self,
        caller: &Caller,
        token: &str,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode>;

    /// The member's account and the roles the caller may grant there; `None` when the caller
    /// does not look after this member's account.
    async fn account_admin(
        &self,
        caller: &Caller,
        member: MemberId,
    ) -> Result<Option<AccountAdmin>, ErrorCode>;

    /// A step on the member's account; creating and resetting hand over a one-time password.
    async fn account_step(
        &self,
        caller: &Caller,
        member: MemberId,
        step: AccountChange,
    ) -> Result<Option<Handover>, ErrorCode>;

    async fn grant_role(
        &self,
        caller: &Caller,
        member: MemberId,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode>;

    async fn revoke_role(
        &self,
        caller: &Caller,
        member: MemberId,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode>;
}
