use serde::{Deserialize, Serialize};

/// One token as the settings page lists it; its secret is never read back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    /// The scopes' Chinese labels.
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub uses: i64,
    /// 有效, 已过期 or 已撤销.
    pub state: String,
    pub live: bool,
}

/// One request made with a token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenUseView {
    pub token_name: String,
    pub at: String,
    pub method: String,
    pub path: String,
    pub status: i64,
}

/// The settings section: the tokens, newest first, and the latest requests made with them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensView {
    pub tokens: Vec<ApiTokenView>,
    pub recent: Vec<ApiTokenUseView>,
}
