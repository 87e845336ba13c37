//! Organizations: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::OrgView;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait OrgsApi: Send + Sync {
    /// An organization (default: the account's scope) with its children and a roster page.
    async fn org_view(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode>;

    /// 新建下级组织: the new organization's id, or the field refused.
    async fn create_org(
        &self,
        caller: &Caller,
        parent_id: i64,
        name: String,
        kind: String,
    ) -> Result<i64, AppError>;

    /// 更名, from above.
    async fn rename_org(&self, caller: &Caller, org_id: i64, name: String) -> Result<(), AppError>;

    /// 调整隶属关系: the subtree moved under `parent_id`.
    async fn move_org(&self, caller: &Caller, org_id: i64, parent_id: i64) -> Result<(), AppError>;

    /// 撤销, once empty.
    async fn dissolve_org(&self, caller: &Caller, org_id: i64) -> Result<(), AppError>;

    /// 合并: the branch's members moved into `into` and the branch dissolved; how many moved.
    async fn merge_org(&self, caller: &Caller, org_id: i64, into: i64) -> Result<usize, AppError>;

    /// 任职: a seat on the team filled; with `grant_role`, a secretary also gets the admin role.
    async fn appoint_leader(
        &self,
        caller: &Caller,
        org_id: i64,
        member_id: i64,
        position: String,
        since: String,
        grant_role: bool,
    ) -> Result<(), AppError>;

    /// 免职: a seat vacated; with `revoke_role`, a secretary also loses the admin role.
    async fn remove_leader(
        &self,
        caller: &Caller,
        org_id: i64,
        member_id: i64,
        position: String,
        revoke_role: bool,
    ) -> Result<(), AppError>;

    /// 换届: a new term from its election date, `years` long (the kind's default when absent).
    async fn set_org_term(
        &self,
        caller: &Caller,
        org_id: i64,
        term_start: String,
        years: Option<u8>,
    ) -> Result<(), AppError>;
}
