//! Village assistance: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{AssistanceView, TeamDetail, TeamDraft, TeamEdit};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait AssistanceApi: Send + Sync {
    /// Village-assistance teams this account is on or oversees, with `month`'s reports.
    async fn assistance(
        &self,
        caller: &Caller,
        month: Option<String>,
    ) -> Result<AssistanceView, AppError>;

    /// Stations a team; its id.
    async fn station_team(&self, caller: &Caller, draft: TeamDraft) -> Result<i64, AppError>;

    async fn assistance_team(&self, caller: &Caller, id: i64) -> Result<TeamDetail, ErrorCode>;

    /// Changes a team's name, village, people or withdrawal day; whether anything changed.
    async fn update_team(&self, caller: &Caller, id: i64, edit: TeamEdit)
        -> Result<bool, AppError>;

    async fn write_summary(
        &self,
        caller: &Caller,
        team_id: i64,
        month: String,
        content: String,
    ) -> Result<(), AppError>;
}
