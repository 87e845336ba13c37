use domain::{AccountId, OrgId, Role};

use crate::{error::ServiceResult, storage::Db, with_pool};

/// One role an account holds: its own (`grant_id` empty) or a granted one.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HeldRole {
    pub role: Role,
    pub scope_org_id: OrgId,
    pub scope_name: String,
    pub grant_id: Option<i64>,
}

/// Every role of the account, the widest first (the one a new session starts in); among equals
/// the account's own, then the oldest grant.
pub async fn held(db: &Db, account_id: AccountId) -> ServiceResult<Vec<HeldRole>> {
    let mut roles: Vec<HeldRole> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.role, a.scope_org_id, o.name AS scope_name, CAST(NULL AS BIGINT) AS grant_id \
             FROM accounts a, organizations o WHERE a.id = $1 AND o.id = a.scope_org_id \
             UNION ALL \
             SELECT g.role, g.scope_org_id, o.name AS scope_name, g.id AS grant_id \
             FROM role_grants g JOIN organizations o ON o.id = g.scope_org_id WHERE g.account_id = $1",
        )
        .bind(account_id)
        .fetch_all(pool)
        .await?
    });
    roles.sort_by_key(|r| (std::cmp::Reverse(r.role.rank()), r.grant_id));
    Ok(roles)
}

/// The roles of an account the actor manages (docs/operations.md#roles).
pub async fn of_account(
    db: &Db,
    actor: &crate::access::Actor,
    account_id: AccountId,
) -> ServiceResult<Vec<HeldRole>> {
    let target = crate::accounts::manage::account(db, account_id).await?;
    crate::accounts::manage::require_manage(db, actor, &target).await?;
    held(db, account_id).await
}
