//! Who is asking, and may they: every API read and write starts by extracting the [`Actor`]
//! and asking [`Actor::require`] with the target's place in the organization tree. The rule
//! table itself is `domain::access::permits`.

use crate::error::ServiceResult;

use domain::{
    access::{permits, Action, Reach},
    AccountId, ErrorCode, MemberId, OrgId, OrgPath, Role,
};

use crate::{storage::Db, with_pool};

#[derive(Clone, Debug)]
pub struct Actor {
    pub account_id: AccountId,
    pub role: Role,
    pub scope_org_id: OrgId,
    /// Where the scope root sits in the tree, e.g. `/1/4/`.
    pub scope_path: OrgPath,
    pub member_id: Option<MemberId>,
    pub must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    id: AccountId,
    role: Role,
    scope_org_id: OrgId,
    path: OrgPath,
    member_id: Option<MemberId>,
    must_change_password: i64,
}

const ACTOR_SELECT: &str = "SELECT a.id, a.role, a.scope_org_id, o.path, a.member_id, \
    a.must_change_password FROM accounts a JOIN organizations o ON o.id = a.scope_org_id";

fn actor(row: ActorRow) -> ServiceResult<Actor> {
    Ok(Actor {
        account_id: row.id,
        role: row.role,
        scope_org_id: row.scope_org_id,
        scope_path: row.path,
        member_id: row.member_id,
        must_change_password: row.must_change_password != 0,
    })
}

impl Actor {
    /// The account behind a live session token, in the role the session acts in.
    pub async fn from_session(db: &Db, token: &str) -> ServiceResult<Option<Actor>> {
        Ok(crate::auth::session_caller(db, token)
            .await?
            .map(|caller| Actor {
                account_id: caller.account_id,
                role: caller.role,
                scope_org_id: caller.scope_org_id,
                scope_path: caller.scope_path.clone(),
                member_id: caller.member_id,
                must_change_password: caller.must_change_password,
            }))
    }

    /// The account behind a signed-in app session (server functions know the account id);
    /// refused while its one-time password is unchanged.
    pub async fn from_account(db: &Db, account_id: AccountId) -> ServiceResult<Actor> {
        let row: Option<ActorRow> = with_pool!(db, pool => {
            sqlx::query_as(&format!("{ACTOR_SELECT} WHERE a.id = $1"))
                .bind(account_id)
                .fetch_optional(pool)
                .await
                ?
        });
        let actor = actor(row.ok_or(ErrorCode::Unauthorized)?)?;
        if actor.must_change_password {
            return Err(ErrorCode::PasswordChangeRequired.into());
        }
        Ok(actor)
    }

    /// The caller the session resolved (no query); refused while its one-time password is
    /// unchanged.
    pub fn of(caller: &app::backend::Caller) -> Result<Actor, ErrorCode> {
        if caller.must_change_password {
            return Err(ErrorCode::PasswordChangeRequired);
        }
        Ok(Actor {
            account_id: caller.account_id,
            role: caller.role,
            scope_org_id: caller.scope_org_id,
            scope_path: caller.scope_path.clone(),
            member_id: caller.member_id,
            must_change_password: false,
        })
    }

    /// The refusal for an id that names nothing: "not found" to those who see the whole county,
    /// else the same "forbidden" as an id outside their reach, so nobody learns which ids exist
    /// elsewhere (docs/security.md#requests).
    pub fn missing(&self) -> ErrorCode {
        if self.scope_path.depth() == 0 {
            ErrorCode::NotFound
        } else {
            ErrorCode::Forbidden
        }
    }

    /// Where an organization lies from here.
    pub fn reach_org(&self, org_path: &OrgPath) -> Reach {
        if *org_path == self.scope_path {
            Reach::ScopeRoot
        } else if self.scope_path.contains(org_path) {
            Reach::Below
        } else {
            Reach::Outside
        }
    }

    /// Where a member's record lies from here: one's own file, or by its organization.
    pub fn reach_member(&self, member_id: MemberId, org_path: &OrgPath) -> Reach {
        if self.member_id == Some(member_id) {
            Reach::Own
        } else {
            self.reach_org(org_path)
        }
    }

    pub fn may(&self, action: Action, reach: Reach) -> bool {
        permits(self.role, action, reach)
    }

    /// Any of `actions` at `reach`: for readers who may come to a record by several roles (its
    /// officers, its reviewers, auditors).
    pub fn may_any(&self, actions: &[Action], reach: Reach) -> bool {
        actions.iter().any(|a| self.may(*a, reach))
    }

    /// `Forbidden` unless the rules allow it; denials are logged without personal data.
    pub fn require(&self, action: Action, reach: Reach) -> Result<(), ErrorCode> {
        if self.may(action, reach) {
            Ok(())
        } else {
            tracing::info!(
                account_id = self.account_id.get(),
                role = self.role.code(),
                ?action,
                ?reach,
                "access denied"
            );
            Err(ErrorCode::Forbidden)
        }
    }
}
