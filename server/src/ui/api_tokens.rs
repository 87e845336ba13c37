use app::{
    api_tokens::{ApiTokenUseView, ApiTokenView, ApiTokensApi, ApiTokensView},
    backend::Caller,
    error::AppError,
};
use domain::api_token::TokenRequest;
use secrecy::ExposeSecret as _;

use super::DbBackend;
use crate::{
    access::Actor,
    api_tokens::{self, TokenRow},
    auth::now_epoch,
    clock::china_minute_of_epoch,
};

/// Requests shown under the tokens: enough to see what an integration has been doing today.
const RECENT_USES: i64 = 50;

fn view(row: &TokenRow, now: i64) -> ApiTokenView {
    let state = if row.revoked_at.is_some() {
        "已撤销"
    } else if now >= row.expires_at {
        "已过期"
    } else {
        "有效"
    };
    ApiTokenView {
        id: row.id,
        name: row.name.clone(),
        scopes: row
            .scopes()
            .iter()
            .map(|s| s.label_zh().to_string())
            .collect(),
        created_at: china_minute_of_epoch(row.created_at),
        expires_at: china_minute_of_epoch(row.expires_at),
        last_used_at: row.last_used_at.map(china_minute_of_epoch),
        uses: row.uses,
        state: state.to_string(),
        live: row.live(now),
    }
}

#[async_trait::async_trait]
impl ApiTokensApi for DbBackend {
    async fn api_tokens(&self, caller: &Caller) -> Result<ApiTokensView, AppError> {
        let actor = Actor::of(caller)?;
        let now = now_epoch();
        let rows = api_tokens::list(&self.db, &actor).await?;
        let recent = api_tokens::recent_uses(&self.db, &actor, RECENT_USES).await?;
        let name_of = |id: i64| {
            rows.iter()
                .find(|r| r.id == id)
                .map_or_else(String::new, |r| r.name.clone())
        };
        Ok(ApiTokensView {
            recent: recent
                .into_iter()
                .map(|u| ApiTokenUseView {
                    token_name: name_of(u.token_id),
                    at: china_minute_of_epoch(u.used_at),
                    method: u.method,
                    path: u.path,
                    status: u.status,
                })
                .collect(),
            tokens: rows.iter().map(|r| view(r, now)).collect(),
        })
    }

    async fn create_api_token(
        &self,
        caller: &Caller,
        request: TokenRequest,
    ) -> Result<String, AppError> {
        let actor = Actor::of(caller)?;
        let created = api_tokens::create(&self.db, &actor, &request, now_epoch()).await?;
        Ok(created.token.expose_secret().to_string())
    }

    async fn revoke_api_token(&self, caller: &Caller, id: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        Ok(api_tokens::revoke(&self.db, &actor, id, now_epoch()).await?)
    }
}
