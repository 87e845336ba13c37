//! Tasks: what this feature's server functions ask of the server. The server implements it in
//! its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{TaskForm, TaskView, TasksView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait TasksApi: Send + Sync {
    async fn tasks(&self, caller: &Caller) -> Result<TasksView, ErrorCode>;

    async fn task(&self, caller: &Caller, id: i64, progress: &str) -> Result<TaskView, ErrorCode>;

    async fn dispatch_task(&self, caller: &Caller, form: TaskForm) -> Result<i64, AppError>;

    async fn report_task(
        &self,
        caller: &Caller,
        assignment_id: i64,
        text: &str,
        number: &str,
    ) -> Result<i64, AppError>;

    async fn review_task(
        &self,
        caller: &Caller,
        assignment_id: i64,
        decision: &str,
        note: &str,
    ) -> Result<i64, AppError>;
}
