use leptos::prelude::*;

use super::{TaskForm, TaskView, TasksView};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "tasks")]
pub async fn load_tasks() -> Result<Option<TasksView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.tasks(&user).await.map(Some).map_err(fail)
}

/// One task; `progress` narrows the recipients shown to one progress code (a drill-down).
#[server(prefix = "/api", endpoint = "task")]
pub async fn load_task(
    id: i64,
    #[server(default)] progress: String,
) -> Result<Option<TaskView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .task(&user, id, &progress)
        .await
        .map(Some)
        .map_err(fail)
}

/// Sends a task down the tree: to every branch below (`addressed = "subtree"`), to the
/// organizations ticked (`"orgs"`) or to members by mobile (`"members"`).
#[server(prefix = "/api", endpoint = "dispatch_task")]
pub async fn dispatch_task(task: TaskForm) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let id = backend
        .dispatch_task(&user, task)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/tasks/{id}?sent=1"));
    Ok(())
}

/// A recipient reports its task done: the text, and the number for a task that counts one.
#[server(prefix = "/api", endpoint = "report_task")]
pub async fn report_task(
    assignment_id: i64,
    #[server(default)] text: String,
    #[server(default)] number: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let task = backend
        .report_task(&user, assignment_id, &text, &number)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/tasks/{task}?reported=1"));
    Ok(())
}

/// The dispatcher (or the committee in between) accepts (`decision = "accept"`) or returns
/// (`"return"`, with a reason) a report.
#[server(prefix = "/api", endpoint = "review_task")]
pub async fn review_task(
    assignment_id: i64,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let task = backend
        .review_task(&user, assignment_id, &decision, &note)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/tasks/{task}?reviewed=1"));
    Ok(())
}
