//! Server functions for roles and accounts: thin — the caller, then the backend, which checks
//! permission on the server.

use leptos::prelude::*;

use super::{AccountAdmin, Handover, RoleAt};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn role_at(role: &str, scope_org_id: i64) -> Result<(domain::Role, domain::OrgId), AppError> {
    use crate::error::fail;
    Ok((
        domain::Role::parse(role).map_err(fail)?,
        domain::OrgId::new(scope_org_id).map_err(fail)?,
    ))
}

/// The signed-in account's roles; empty when nobody is signed in.
#[server(prefix = "/api", endpoint = "my_roles")]
pub async fn my_roles() -> Result<Vec<RoleAt>, AppError> {
    use crate::error::fail;
    let Some(user) = crate::auth::api::ssr::session_user().await.map_err(fail)? else {
        return Ok(Vec::new());
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.my_roles(&user).await.map_err(fail)
}

/// Acts in another role from the next request on, then goes home, where that role's work is.
#[server(prefix = "/api", endpoint = "switch_role")]
pub async fn switch_role(role: String, scope_org_id: i64) -> Result<(), AppError> {
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    let (role, scope) = role_at(&role, scope_org_id)?;
    let backend = crate::backend::backend().map_err(fail)?;
    let token = crate::auth::api::ssr::token(backend.secure_cookies())
        .await
        .ok_or_else(|| fail(domain::ErrorCode::Unauthorized))?;
    backend
        .switch_role(&user, &token, role, scope)
        .await
        .map_err(fail)?;
    crate::auth::api::ssr::SessionMemo::forget();
    leptos_axum::redirect("/?role_switched=1");
    Ok(())
}

/// The member's account and grantable roles, when the reader looks after them.
#[server(prefix = "/api", endpoint = "load_account_admin")]
pub async fn load_account_admin(member_id: i64) -> Result<Option<AccountAdmin>, AppError> {
    use crate::error::fail;
    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let member = domain::MemberId::new(member_id).map_err(fail)?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.account_admin(&user, member).await.map_err(fail)
}

/// `step`: create, reset, disable, enable or sign_out.
#[server(prefix = "/api", endpoint = "account_step")]
pub async fn account_step(member_id: i64, step: String) -> Result<Option<Handover>, AppError> {
    use super::facade::AccountChange;
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    let member = domain::MemberId::new(member_id).map_err(fail)?;
    let step = match step.as_str() {
        "create" => AccountChange::Create,
        "reset" => AccountChange::Reset,
        "disable" => AccountChange::Disable,
        "enable" => AccountChange::Enable,
        "sign_out" => AccountChange::SignOut,
        _ => return Err(fail(domain::ErrorCode::BadRequest)),
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .account_step(&user, member, step)
        .await
        .map_err(fail)
}

#[server(prefix = "/api", endpoint = "grant_role")]
pub async fn grant_role(member_id: i64, role_at_org: String) -> Result<(), AppError> {
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    let member = domain::MemberId::new(member_id).map_err(fail)?;
    // The form's one select carries both halves: "branch_admin@42".
    let (role, org) = role_at_org
        .split_once('@')
        .ok_or_else(|| fail(domain::ErrorCode::BadRequest))?;
    let org = org
        .parse::<i64>()
        .map_err(|_| fail(domain::ErrorCode::BadRequest))?;
    let (role, scope) = role_at(role, org)?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .grant_role(&user, member, role, scope)
        .await
        .map_err(fail)
}

#[server(prefix = "/api", endpoint = "revoke_role")]
pub async fn revoke_role(member_id: i64, role: String, scope_org_id: i64) -> Result<(), AppError> {
    use crate::error::fail;
    let user = crate::auth::api::ssr::require_user().await?;
    let member = domain::MemberId::new(member_id).map_err(fail)?;
    let (role, scope) = role_at(&role, scope_org_id)?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .revoke_role(&user, member, role, scope)
        .await
        .map_err(fail)
}
