//! Accounts and roles: the facade the app's server functions call, over the services.

use app::{
    accounts::{AccountAdmin, AccountChange, AccountState, AccountsApi, Handover, RoleAt},
    backend::Caller,
};
use domain::{access::Action, AccountId, ErrorCode, MemberId, OrgId, Role};
use secrecy::ExposeSecret as _;

use super::DbBackend;
use crate::{
    access::Actor,
    accounts,
    error::ServiceResult,
    roles::{self, HeldRole},
    storage::Db,
};

fn role_at(r: HeldRole, active: bool) -> RoleAt {
    RoleAt {
        role: r.role,
        scope_org_id: r.scope_org_id,
        scope_name: r.scope_name,
        active,
    }
}

/// The account of the member's file, which must exist for every step but creating it.
async fn account_of(db: &Db, member: MemberId) -> ServiceResult<AccountId> {
    Ok(accounts::of_member(db, member)
        .await?
        .ok_or(ErrorCode::MemberWithoutAccount)?
        .id)
}

#[async_trait::async_trait]
impl AccountsApi for DbBackend {
    async fn my_roles(&self, caller: &Caller) -> Result<Vec<RoleAt>, ErrorCode> {
        Ok(roles::held(&self.db, caller.account_id)
            .await?
            .into_iter()
            .map(|r| {
                let active = r.role == caller.role && r.scope_org_id == caller.scope_org_id;
                role_at(r, active)
            })
            .collect())
    }

    async fn switch_role(
        &self,
        caller: &Caller,
        token: &str,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode> {
        Ok(roles::switch(&self.db, token, caller.account_id, role, scope).await?)
    }

    async fn account_admin(
        &self,
        caller: &Caller,
        member: MemberId,
    ) -> Result<Option<AccountAdmin>, ErrorCode> {
        let actor = Actor::of(caller)?;
        let found = crate::members::find(&self.db, member)
            .await?
            .ok_or(ErrorCode::NotFound)?;
        let reach = actor.reach_org(&found.org_path);
        if actor.member_id == Some(member) || !actor.may(Action::ManageAccounts, reach) {
            return Ok(None);
        }
        let Some(account) = accounts::of_member(&self.db, member).await? else {
            return Ok(Some(AccountAdmin {
                account: None,
                grantable: Vec::new(),
            }));
        };
        if accounts::manage::require_manage(&self.db, &actor, &account)
            .await
            .is_err()
        {
            return Ok(None);
        }
        let held = roles::held(&self.db, account.id).await?;
        let grantable = roles::grantable(&self.db, &actor, &found.org_path, &held).await?;
        Ok(Some(AccountAdmin {
            account: Some(AccountState {
                disabled: account.disabled != 0,
                must_change_password: account.must_change_password != 0,
                roles: held.into_iter().map(|r| role_at(r, false)).collect(),
            }),
            grantable: grantable.into_iter().map(|r| role_at(r, false)).collect(),
        }))
    }

    async fn account_step(
        &self,
        caller: &Caller,
        member: MemberId,
        step: AccountChange,
    ) -> Result<Option<Handover>, ErrorCode> {
        let actor = Actor::of(caller)?;
        let handover = |i: accounts::Issued| Handover {
            mobile: i.account.mobile.clone(),
            one_time_password: i.one_time_password.expose_secret().to_owned(),
        };
        let db = &self.db;
        Ok(match step {
            AccountChange::Create => Some(handover(
                accounts::create_for_member(db, &actor, member).await?,
            )),
            AccountChange::Reset => {
                let id = account_of(db, member).await?;
                Some(handover(accounts::reset(db, &actor, id).await?))
            }
            AccountChange::Disable | AccountChange::Enable => {
                let id = account_of(db, member).await?;
                accounts::set_disabled(db, &actor, id, step == AccountChange::Disable).await?;
                None
            }
            AccountChange::SignOut => {
                let id = account_of(db, member).await?;
                accounts::sign_out_everywhere(db, &actor, id).await?;
                None
            }
        })
    }

    async fn grant_role(
        &self,
        caller: &Caller,
        member: MemberId,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::of(caller)?;
        let id = account_of(&self.db, member).await?;
        roles::grant(&self.db, &actor, id, role, scope).await?;
        Ok(())
    }

    async fn revoke_role(
        &self,
        caller: &Caller,
        member: MemberId,
        role: Role,
        scope: OrgId,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::of(caller)?;
        let id = account_of(&self.db, member).await?;
        Ok(roles::revoke(&self.db, &actor, id, role, scope).await?)
    }
}
