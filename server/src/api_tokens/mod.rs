//! API tokens for integrations (docs/security.md#api-tokens): a county administrator creates
//! one with scopes and an expiry; the secret is shown once and stored only as its hash; a
//! token can be revoked; every request made with one is logged and counted against its rate.

pub mod gate;

use domain::{
    api_token::{format_token, scopes_from_text, scopes_text, TokenRequest, TokenScope},
    AccountId, ErrorCode, OrgId, Role,
};
use secrecy::SecretString;
use serde_json::json;

use crate::{
    access::Actor,
    auth::{new_token, token_hash},
    error::ServiceResult,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

/// A token as the settings page lists it (never its secret).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    scopes: String,
    pub role: Role,
    pub scope_org_id: OrgId,
    pub created_by: AccountId,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub uses: i64,
}

impl TokenRow {
    pub fn scopes(&self) -> Vec<TokenScope> {
        scopes_from_text(&self.scopes)
    }

    /// Usable at `now`: neither revoked nor expired.
    pub fn live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

const TOKEN_COLUMNS: &str = "id, name, scopes, role, scope_org_id, created_by, created_at, \
    expires_at, revoked_at, last_used_at, uses";

/// One logged request.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct UseRow {
    pub token_id: i64,
    pub used_at: i64,
    pub method: String,
    pub path: String,
    pub status: i64,
}

/// A new token and the only copy of its secret.
pub struct Created {
    pub row: TokenRow,
    pub token: SecretString,
}

/// Tokens read the county's data without a person behind each request: only a county
/// administrator creates, lists or revokes them.
fn require_manager(actor: &Actor) -> ServiceResult<()> {
    if actor.role != Role::CountyAdmin {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    request: &TokenRequest,
    now: i64,
) -> ServiceResult<Created> {
    require_manager(actor)?;
    let secret = new_token();
    let expires_at = now + i64::from(request.days) * 86_400;
    let scopes = scopes_text(&request.scopes);
    let row: TokenRow = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let row: TokenRow = sqlx::query_as(&format!(
            "INSERT INTO api_tokens (name, scopes, secret_hash, role, scope_org_id, created_by, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(&request.name)
        .bind(&scopes)
        .bind(token_hash(&secret))
        .bind(actor.role)
        .bind(actor.scope_org_id)
        .bind(actor.account_id)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        tx.append(Change::by(
            actor.account_id,
            "api_token.create",
            "api_token",
            row.id,
            None,
            json!({ "name": row.name, "scopes": scopes, "expires_at": expires_at }),
        ))
        .await?;
        tx.commit().await?;
        row
    });
    let token = SecretString::from(format_token(row.id, &secret));
    Ok(Created { row, token })
}

/// Every token, newest first (revoked and expired ones stay listed with their uses).
pub async fn list(db: &Db, actor: &Actor) -> ServiceResult<Vec<TokenRow>> {
    require_manager(actor)?;
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY id DESC"))
            .fetch_all(pool)
            .await?
    }))
}

/// The latest requests made with any token, newest first.
pub async fn recent_uses(db: &Db, actor: &Actor, limit: i64) -> ServiceResult<Vec<UseRow>> {
    require_manager(actor)?;
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT token_id, used_at, method, path, status FROM api_token_uses \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}

/// Ends a token for good; revoking one already revoked changes nothing.
pub async fn revoke(db: &Db, actor: &Actor, id: i64, now: i64) -> ServiceResult<()> {
    require_manager(actor)?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let name: Option<String> = sqlx::query_scalar(
            "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL \
             RETURNING name",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = name else {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            return match exists {
                Some(_) => Ok(()),
                None => Err(ErrorCode::NotFound.into()),
            };
        };
        tx.append(Change::by(
            actor.account_id,
            "api_token.revoke",
            "api_token",
            id,
            None,
            json!({ "name": name, "revoked_at": now }),
        ))
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// How long the log of token requests is kept: long enough to answer for a year's integration.
pub const USES_KEPT_DAYS: i64 = 400;

/// Daily housekeeping: token requests older than [`USES_KEPT_DAYS`] leave the log (a busy
/// integration would otherwise grow it for years). The rows deleted.
pub async fn purge_old_uses(db: &Db, now: i64) -> ServiceResult<u64> {
    Ok(with_pool!(db, pool => {
        sqlx::query("DELETE FROM api_token_uses WHERE used_at < $1")
            .bind(now - USES_KEPT_DAYS * 86_400)
            .execute(pool)
            .await?
            .rows_affected()
    }))
}
