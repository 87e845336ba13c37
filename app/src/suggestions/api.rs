use leptos::prelude::*;

use super::SuggestionsView;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "suggestions")]
pub async fn load_suggestions() -> Result<Option<SuggestionsView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.suggestions(&user).await.map(Some).map_err(fail)
}

/// A member sends a suggestion to their branch (`to = "branch"`) or committee.
#[server(prefix = "/api", endpoint = "submit_suggestion")]
/// `photo` is the address the photo upload returned, or empty.
pub async fn submit_suggestion(
    to: String,
    title: String,
    body: String,
    #[server(default)] photo: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .submit_suggestion(&user, &to, &title, &body, &photo)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/suggestions?sent=1");
    Ok(())
}

/// A handler replies (`verb = "reply"`), forwards upward (`"forward"`) or adopts (`"adopt"`).
#[server(prefix = "/api", endpoint = "handle_suggestion")]
pub async fn handle_suggestion(id: i64, verb: String, reply: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .handle_suggestion(&user, id, &verb, &reply)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/suggestions?handled=1");
    Ok(())
}
