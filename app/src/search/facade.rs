//! The search box: what its server function asks of the server. The server implements it in
//! its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use super::SearchHit;
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait SearchApi: Send + Sync {
    /// Members and organizations matching `q` in the caller's scope; refused to members.
    async fn search(&self, caller: &Caller, q: &str) -> Result<Vec<SearchHit>, AppError>;
}
