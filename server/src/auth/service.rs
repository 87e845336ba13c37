//! Signing in and out, sessions and passwords: the account side of identity.

use app::{auth::LoginOk, auth::SessionUser, backend::Caller};
use domain::{AccountId, ErrorCode, MemberId, Mobile, OrgId, OrgPath, Role};

use super::{
    password,
    session::{new_token, now_epoch, token_hash},
    throttle,
};
use crate::{
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, AccountRecord},
        Change, TrailTx,
    },
    with_pool,
};

const ACCOUNT_RECORD: &str = "SELECT id, member_id, mobile, display_name, password_hash, role, \
    scope_org_id, must_change_password, disabled, created_at FROM accounts WHERE id = $1";

pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;

pub struct Accounts {
    db: Db,
    /// Argon2 takes ~19 MiB and tens of milliseconds per check: bound how many run at once so
    /// a flood of login attempts queues instead of exhausting memory.
    hashing: tokio::sync::Semaphore,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: AccountId,
    display_name: String,
    password_hash: String,
    role: Role,
    scope_org_id: OrgId,
    must_change_password: i64,
    scope_org_name: String,
    scope_path: OrgPath,
    member_id: Option<MemberId>,
    disabled: i64,
}

const ACCOUNT_SELECT: &str = "SELECT a.id, a.display_name, a.password_hash, a.role, \
    a.scope_org_id, a.must_change_password, o.name AS scope_org_name, o.path AS scope_path, \
    a.member_id, a.disabled FROM accounts a JOIN organizations o ON o.id = a.scope_org_id";

/// A session's caller in the role the session acts in: a granted role (`role_grant_id`), or
/// the account's own when none is named or the grant was revoked (docs/operations.md#roles).
const SESSION_SELECT: &str = "SELECT a.id, a.display_name, a.password_hash, \
    COALESCE(g.role, a.role) AS role, o.id AS scope_org_id, a.must_change_password, \
    o.name AS scope_org_name, o.path AS scope_path, a.member_id, a.disabled \
    FROM sessions s JOIN accounts a ON a.id = s.account_id \
    LEFT JOIN role_grants g ON g.id = s.role_grant_id AND g.account_id = a.id \
    JOIN organizations o ON o.id = COALESCE(g.scope_org_id, a.scope_org_id)";

/// The caller behind a live session token, in one query: who, the active role and its scope's
/// place in the tree, and whether the one-time password still waits. Disabled accounts have
/// no caller.
pub async fn session_caller(db: &Db, token: &str) -> ServiceResult<Option<Caller>> {
    let row: Option<AccountRow> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{SESSION_SELECT} WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = 0"
        ))
        .bind(token_hash(token))
        .bind(now_epoch())
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(caller).transpose()?)
}

fn caller(row: AccountRow) -> Result<Caller, ErrorCode> {
    Ok(Caller {
        user: SessionUser {
            account_id: row.id,
            name: row.display_name,
            role: row.role,
            scope_org_id: row.scope_org_id,
            scope_org_name: row.scope_org_name,
            member_id: row.member_id,
            must_change_password: row.must_change_password != 0,
        },
        scope_path: row.scope_path,
    })
}

/// A new session row: token hash, account, created (epoch seconds as text), expiry, and the
/// role grant it acts in. Signing in and a password change both start one.
const INSERT_SESSION: &str = "INSERT INTO sessions (token_hash, account_id, created_at, \
    expires_at, role_grant_id) VALUES ($1, $2, $3, $4, $5)";

impl Accounts {
    pub fn new(db: Db) -> Self {
        let slots = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        Self {
            db,
            hashing: tokio::sync::Semaphore::new(slots),
        }
    }

    pub async fn login(
        &self,
        mobile: &str,
        password_input: &str,
        client: Option<std::net::IpAddr>,
    ) -> ServiceResult<LoginOk> {
        let mobile = Mobile::parse(mobile)?;
        let now = now_epoch();
        // A router served without connection addresses (none in production) counts as one client.
        let address = client.map_or_else(|| "unknown".to_string(), crate::net::throttle_client);
        let pair_key = throttle::pair_key(mobile.as_str(), &address);
        let client_key = throttle::client_key(&address);
        // Slots before any password work: a refused attempt costs no Argon2 time.
        if let Some(until) = throttle::take(&self.db, &pair_key, throttle::PAIR_LIMIT, now).await? {
            return Err(throttled(&mobile, &address, until, now));
        }
        if let Some(until) =
            throttle::take(&self.db, &client_key, throttle::CLIENT_LIMIT, now).await?
        {
            throttle::give_back(&self.db, &pair_key, throttle::PAIR_LIMIT).await?;
            return Err(throttled(&mobile, &address, until, now));
        }
        let row: Option<AccountRow> = with_pool!(&self.db, pool => {
            sqlx::query_as(&format!("{ACCOUNT_SELECT} WHERE a.mobile = $1"))
            .bind(mobile.as_str())
            .fetch_optional(pool)
            .await
            ?
        });
        // Verify against a real hash even for unknown numbers, so timing does not reveal
        // which mobile numbers have accounts.
        let stored = row
            .as_ref()
            .map(|r| r.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let input = password_input.to_string();
        let _slot = self.hashing.acquire().await?;
        let ok = tokio::task::spawn_blocking(move || password::verify(&input, &stored)).await?;
        let known = row.as_ref().map(|r| r.id);
        let Some(row_for_session) = row.filter(|_| ok) else {
            tracing::info!(mobile = %mobile.masked(), client = address, "login failed");
            // The slots taken stay counted. The owner hears of a run of failures from anywhere.
            let alert =
                throttle::count_for_alert(&self.db, &throttle::alert_key(mobile.as_str()), now)
                    .await?;
            if let (Some(run), Some(account_id)) = (alert, known) {
                alert_owner(&self.db, account_id, run, &address).await?;
            }
            return Err(ErrorCode::InvalidCredentials.into());
        };
        throttle::clear(&self.db, &pair_key).await?;
        throttle::give_back(&self.db, &client_key, throttle::CLIENT_LIMIT).await?;
        // The password was right: saying the account is disabled tells its owner nothing new.
        if row_for_session.disabled != 0 {
            tracing::info!(account_id = %row_for_session.id, client = address, "login to a disabled account");
            return Err(ErrorCode::AccountDisabled.into());
        }
        let account_id = row_for_session.id;
        // After sign-in the widest role the account holds is active (docs/operations.md#roles).
        let widest = crate::roles::held(&self.db, account_id)
            .await?
            .into_iter()
            .next()
            .and_then(|r| r.grant_id);
        let token = new_token();
        with_pool!(&self.db, pool => {
            sqlx::query(INSERT_SESSION)
                .bind(token_hash(&token))
                .bind(account_id)
                .bind(now.to_string())
                .bind(now + SESSION_SECONDS)
                .bind(widest)
                .execute(pool)
                .await
                .map(|_| ())
                ?
        });
        tracing::info!(account_id = %account_id, client = address, "login");
        let user = match widest {
            None => caller(row_for_session)?.user,
            Some(_) => {
                session_caller(&self.db, &token)
                    .await?
                    .ok_or(ErrorCode::Unauthorized)?
                    .user
            }
        };
        Ok(LoginOk { token, user })
    }

    /// Ends every session of the account (one a thief may hold too) and returns the new token
    /// the asking session (`token`) goes on under, in the role it acted in.
    pub async fn change_password(
        &self,
        account_id: AccountId,
        token: &str,
        current: &str,
        new: &str,
    ) -> ServiceResult<String> {
        let stored: String = with_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(pool)
                .await
                ?
        });
        let (current, new) = (current.to_string(), new.to_string());
        let _slot = self.hashing.acquire().await?;
        let hash = tokio::task::spawn_blocking(move || {
            password::verify(&current, &stored).then(|| password::hash(&new))
        })
        .await?
        .ok_or(ErrorCode::InvalidCredentials)?;
        let rotated = new_token();
        with_pool!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            tx.lock().await?;
            let before: AccountRecord = sqlx::query_as(ACCOUNT_RECORD)
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await
                ?;
            let after = AccountRecord {
                password_hash: hash,
                must_change_password: 0,
                ..before.clone()
            };
            sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = 0 WHERE id = $2")
                .bind(&after.password_hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await
                ?;
            let grant: Option<Option<i64>> = sqlx::query_scalar(
                "SELECT role_grant_id FROM sessions WHERE token_hash = $1 AND account_id = $2",
            )
            .bind(token_hash(token))
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            let now = now_epoch();
            sqlx::query(INSERT_SESSION)
                .bind(token_hash(&rotated))
                .bind(account_id)
                .bind(now.to_string())
                .bind(now + SESSION_SECONDS)
                .bind(grant.flatten())
                .execute(&mut *tx)
                .await?;
            tx.append(Change {
                actor: Some(account_id),
                action: "account.password",
                entity: "accounts",
                entity_id: Some(account_id.to_string()),
                before: Some(to_json(&before)),
                after: Some(to_json(&after)),
            })
            .await
            ?;
            tx.commit().await?
        });
        tracing::info!(account_id = %account_id, "password changed; the account's sessions ended");
        Ok(rotated)
    }

    /// The caller behind a live session token (see [`session_caller`]).
    pub async fn session_user(&self, token: &str) -> ServiceResult<Option<Caller>> {
        session_caller(&self.db, token).await
    }

    pub async fn logout(&self, token: &str) -> ServiceResult<()> {
        with_pool!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(token))
                .execute(pool)
                .await
                .map(|_| ())
                ?
        });
        Ok(())
    }
}

fn throttled(mobile: &Mobile, address: &str, until: i64, now: i64) -> ServiceError {
    tracing::info!(mobile = %mobile.masked(), client = address, "login throttled");
    ServiceError::Throttled {
        retry_after_minutes: ((until - now) + 59) / 60,
    }
}

/// Tells an account's owner, once per run of failures, that someone is trying their number
/// (docs/security.md#sign-in-throttling).
async fn alert_owner(db: &Db, account_id: AccountId, run: i64, address: &str) -> ServiceResult<()> {
    let body = format!(
        "15 分钟内有人用你的手机号登录，密码连续错误 {} 次，最近一次来自 {address}。\
         来自该地址的尝试已被暂缓，你本人的登录不受影响。如果不是你本人，请留意；\
         如担心密码泄露，请在“我的”页面修改密码。",
        throttle::ALERT_AFTER
    );
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO notifications (account_id, title, body, link, created_at, dedupe_key) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, dedupe_key) DO NOTHING",
        )
        .bind(account_id)
        .bind("账号登录异常提醒")
        .bind(&body)
        .bind("/me")
        .bind(crate::clock::now_rfc3339())
        .bind(format!("login-failures:{run}"))
        .execute(pool)
        .await
        .map(|_| ())?
    });
    tracing::warn!(account_id = %account_id, client = address, "repeated login failures: owner told");
    Ok(())
}

static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password::hash("not a real password"));
