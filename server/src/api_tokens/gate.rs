//! A request made with a token: who it acts as, whether this minute's rate allows it, and the
//! log line it leaves (docs/security.md#api-tokens).

use domain::{api_token::TokenScope, OrgPath};

use super::TokenRow;
use crate::{access::Actor, auth::token_hash, error::ServiceResult, storage::Db, with_pool};

/// A live token and the actor it stands for: its creator's role and scope root when it was
/// made, never a person's own file.
pub struct Bearer {
    pub token_id: i64,
    pub scopes: Vec<TokenScope>,
    pub actor: Actor,
}

#[derive(sqlx::FromRow)]
struct BearerRow {
    #[sqlx(flatten)]
    token: TokenRow,
    secret_hash: String,
    scope_path: OrgPath,
    creator_disabled: i64,
}

/// The token `id` if `secret` is its own, it is neither revoked nor expired, and its creator's
/// account is still enabled; `Err(Some(id))` for a known token refused (so the refusal is
/// logged against it), `Err(None)` for an unknown one.
pub async fn authenticate(
    db: &Db,
    id: i64,
    secret: &str,
    now: i64,
) -> ServiceResult<Result<Bearer, Option<i64>>> {
    let row: Option<BearerRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT t.id, t.name, t.scopes, t.role, t.scope_org_id, t.created_by, t.created_at, \
             t.expires_at, t.revoked_at, t.last_used_at, t.uses, t.secret_hash, \
             o.path AS scope_path, a.disabled AS creator_disabled \
             FROM api_tokens t JOIN organizations o ON o.id = t.scope_org_id \
             JOIN accounts a ON a.id = t.created_by WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    let Some(row) = row else {
        return Ok(Err(None));
    };
    let matches = same_bytes(token_hash(secret).as_bytes(), row.secret_hash.as_bytes());
    if !matches {
        // A wrong secret for a real id is someone guessing: answered as an unknown token, so
        // the answer does not say which ids exist.
        return Ok(Err(None));
    }
    if !row.token.live(now) || row.creator_disabled != 0 {
        return Ok(Err(Some(id)));
    }
    let token = row.token;
    Ok(Ok(Bearer {
        token_id: token.id,
        scopes: token.scopes(),
        actor: Actor {
            account_id: token.created_by,
            role: token.role,
            scope_org_id: token.scope_org_id,
            scope_path: row.scope_path,
            member_id: None,
            must_change_password: false,
        },
    }))
}

/// Compares two hashes in time that does not depend on where they first differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts a request against the token's minute, in one statement so parallel requests cannot
/// all slip under the limit: `None` when it may go on, else the seconds until the next minute.
pub async fn take_request(
    db: &Db,
    token_id: i64,
    per_minute: i64,
    now: i64,
) -> ServiceResult<Option<i64>> {
    let (count, start): (i64, i64) = with_pool!(db, pool => {
        sqlx::query_as(
            "UPDATE api_tokens SET \
               window_count = CASE WHEN $2 >= window_start + 60 THEN 1 ELSE window_count + 1 END, \
               window_start = CASE WHEN $2 >= window_start + 60 THEN $2 ELSE window_start END, \
               uses = uses + 1, last_used_at = $2 \
             WHERE id = $1 RETURNING window_count, window_start",
        )
        .bind(token_id)
        .bind(now)
        .fetch_one(pool)
        .await?
    });
    Ok((count > per_minute).then(|| (start + 60 - now).max(1)))
}

/// Logs one request made with a token, with the status it was answered.
pub async fn log_use(
    db: &Db,
    token_id: i64,
    now: i64,
    method: &str,
    path: &str,
    status: u16,
) -> ServiceResult<()> {
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO api_token_uses (token_id, used_at, method, path, status) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_id)
        .bind(now)
        .bind(method)
        .bind(path)
        .bind(i64::from(status))
        .execute(pool)
        .await?;
    });
    Ok(())
}
