use app::{
    auth::SessionUser,
    backend::{Backend, LoginOk},
};
use domain::{
    points::{ActivityKey, LedgerEntry},
    Date, ErrorCode, Mobile, Role,
};

use super::{
    password,
    session::{new_token, now_epoch, token_hash},
};
use crate::{storage::Db, with_pool};

pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;

pub struct DbBackend {
    db: Db,
    secure_cookies: bool,
}

impl DbBackend {
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        Self { db, secure_cookies }
    }
}

fn internal(e: impl std::fmt::Display) -> ErrorCode {
    tracing::error!(error = %e, "storage error");
    ErrorCode::Internal
}

type AccountRow = (i64, String, String, String, i64, i64, String);

#[async_trait::async_trait]
impl Backend for DbBackend {
    async fn login(
        &self,
        mobile: &str,
        password_input: &str,
        client: &str,
    ) -> Result<LoginOk, ErrorCode> {
        let mobile = Mobile::parse(mobile)?;
        let row: Option<AccountRow> = with_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT a.id, a.display_name, a.password_hash, a.role, a.scope_org_id, \
                 a.must_change_password, o.name \
                 FROM accounts a JOIN organizations o ON o.id = a.scope_org_id WHERE a.mobile = $1",
            )
            .bind(mobile.as_str())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
        });
        // Verify against a real hash even for unknown numbers, so timing does not reveal
        // which mobile numbers have accounts.
        let stored = row
            .as_ref()
            .map(|r| r.2.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let input = password_input.to_string();
        let ok = tokio::task::spawn_blocking(move || password::verify(&input, &stored))
            .await
            .map_err(internal)?;
        let Some((account_id, name, _, role, scope_org_id, must_change, scope_org_name)) =
            row.filter(|_| ok)
        else {
            tracing::info!(mobile = %mobile.masked(), client, "login failed");
            return Err(ErrorCode::InvalidCredentials);
        };
        let token = new_token();
        let now = now_epoch();
        with_pool!(&self.db, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash(&token))
                .bind(account_id)
                .bind(now.to_string())
                .bind(now + SESSION_SECONDS)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(internal)?
        });
        tracing::info!(account_id, client, "login");
        Ok(LoginOk {
            token,
            user: SessionUser {
                account_id,
                name,
                role: Role::parse(&role)?,
                scope_org_id,
                scope_org_name,
                must_change_password: must_change != 0,
            },
        })
    }

    async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, ErrorCode> {
        let row: Option<AccountRow> = with_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT a.id, a.display_name, a.password_hash, a.role, a.scope_org_id, \
                 a.must_change_password, o.name \
                 FROM sessions s JOIN accounts a ON a.id = s.account_id \
                 JOIN organizations o ON o.id = a.scope_org_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(token_hash(token))
            .bind(now_epoch())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
        });
        row.map(
            |(account_id, name, _, role, scope_org_id, must_change, scope_org_name)| {
                Ok(SessionUser {
                    account_id,
                    name,
                    role: Role::parse(&role)?,
                    scope_org_id,
                    scope_org_name,
                    must_change_password: must_change != 0,
                })
            },
        )
        .transpose()
    }

    async fn logout(&self, token: &str) -> Result<(), ErrorCode> {
        with_pool!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(token))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(internal)?
        });
        Ok(())
    }

    async fn points_ledger(
        &self,
        account_id: i64,
        from: Date,
    ) -> Result<Vec<LedgerEntry>, ErrorCode> {
        let rows: Vec<(String, String, i64)> = with_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT l.day, l.activity_key, l.points FROM points_ledger l \
                 JOIN accounts a ON a.member_id = l.member_id \
                 WHERE a.id = $1 AND l.day >= $2 ORDER BY l.day, l.id",
            )
            .bind(account_id)
            .bind(from.to_string())
            .fetch_all(pool)
            .await
            .map_err(internal)?
        });
        rows.into_iter()
            .map(|(day, key, points)| {
                Ok(LedgerEntry {
                    date: Date::parse(&day)?,
                    activity_key: ActivityKey::parse(&key)?,
                    points: i32::try_from(points).map_err(|_| ErrorCode::InvalidPoints)?,
                })
            })
            .collect()
    }

    fn today(&self) -> Date {
        crate::clock::today_china()
    }

    fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }
}

static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password::hash("not a real password"));
