//! Study: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{AdminStudyView, StudyDraft, StudyItemView, StudyListView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait StudyApi: Send + Sync {
    /// Study material published to the account's organization, with its progress.
    async fn study_list(&self, caller: &Caller) -> Result<StudyListView, ErrorCode>;

    async fn study_item(&self, caller: &Caller, id: i64) -> Result<StudyItemView, ErrorCode>;

    async fn save_study_progress(
        &self,
        caller: &Caller,
        id: i64,
        position: i64,
        percent: i64,
    ) -> Result<(), ErrorCode>;

    /// Marks an article or video finished and books its points (once per item).
    async fn finish_study(&self, caller: &Caller, id: i64) -> Result<(), AppError>;

    /// Scores a quiz and books its points (once per quiz).
    async fn submit_quiz(
        &self,
        caller: &Caller,
        id: i64,
        answers: Vec<Vec<u8>>,
    ) -> Result<(), AppError>;

    async fn admin_study(&self, caller: &Caller, edit: i64) -> Result<AdminStudyView, ErrorCode>;

    /// Creates or changes an item; returns its id.
    async fn save_study_item(&self, caller: &Caller, draft: StudyDraft) -> Result<i64, AppError>;

    async fn withdraw_study_item(&self, caller: &Caller, id: i64) -> Result<(), AppError>;
}
