use domain::{AccountId, ErrorCode, OrgId, Role};

use super::held;
use crate::{auth::token_hash, error::ServiceResult, storage::Db, with_pool};

/// Acts in another role the account holds, for this session only; a role the account does
/// not hold (or no longer holds) is refused.
pub async fn switch(
    db: &Db,
    token: &str,
    account_id: AccountId,
    role: Role,
    scope_org_id: OrgId,
) -> ServiceResult<()> {
    let chosen = held(db, account_id)
        .await?
        .into_iter()
        .find(|r| r.role == role && r.scope_org_id == scope_org_id)
        .ok_or(ErrorCode::Forbidden)?;
    let changed = with_pool!(db, pool => {
        sqlx::query("UPDATE sessions SET role_grant_id = $1 WHERE token_hash = $2 AND account_id = $3")
            .bind(chosen.grant_id)
            .bind(token_hash(token))
            .bind(account_id)
            .execute(pool)
            .await?
            .rows_affected()
    });
    if changed == 0 {
        return Err(ErrorCode::Unauthorized.into());
    }
    tracing::info!(account_id = %account_id, role = role.code(), "role switched");
    Ok(())
}
