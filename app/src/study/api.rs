use std::collections::HashMap;

use leptos::prelude::*;

use super::{AdminStudyView, StudyDraft, StudyItemView, StudyListView};
use crate::error::AppError;

/// `/study`; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "study")]
pub async fn load_study() -> Result<Option<StudyListView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.study_list(&user).await.map(Some).map_err(fail)
}

/// `/study/{id}`; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "study_item")]
pub async fn load_study_item(id: i64) -> Result<Option<StudyItemView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.study_item(&user, id).await.map(Some).map_err(fail)
}

/// Where the member is: percent read, or seconds into a video. Sent by the browser as they go.
#[server(prefix = "/api", endpoint = "study_progress")]
pub async fn save_study_progress(id: i64, position: i64, percent: i64) -> Result<(), AppError> {
    use crate::error::fail;

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .save_study_progress(&user, id, position, percent)
        .await
        .map_err(fail)
}

/// The member finished an article or a video: the server books the points by the rules.
#[server(prefix = "/api", endpoint = "finish_study")]
pub async fn finish_study(id: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.finish_study(&user, id).await.map_err(fail_with)?;
    leptos_axum::redirect(&format!("/study/{id}?done=1"));
    Ok(())
}

/// A quiz handed in. `answers` holds `q{i}` → option index for single choice and
/// `q{i}o{j}` → anything for each ticked option of a multiple-choice question (plain form
/// fields, so it works without JavaScript).
#[server(prefix = "/api", endpoint = "submit_quiz")]
pub async fn submit_quiz(id: i64, answers: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .submit_quiz(&user, id, super::answers_from_form(&answers))
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/study/{id}?done=1"));
    Ok(())
}

/// `/admin/study`, with the item `edit` loaded into the form (0: a new one).
#[server(prefix = "/api", endpoint = "admin_study")]
pub async fn load_admin_study(edit: i64) -> Result<Option<AdminStudyView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .admin_study(&user, edit)
        .await
        .map(Some)
        .map_err(fail)
}

/// Creates (id 0) or changes a study item; errors name the field.
#[server(prefix = "/api", endpoint = "save_study_item")]
pub async fn save_study_item(draft: StudyDraft) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let id = backend
        .save_study_item(&user, draft)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/admin/study?saved={id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "withdraw_study_item")]
pub async fn withdraw_study_item(id: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .withdraw_study_item(&user, id)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/study?withdrawn=1");
    Ok(())
}

/// The author's Markdown as members will see it (rendered by the same code as articles).
#[server(prefix = "/api", endpoint = "preview_markdown")]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    crate::auth::api::ssr::require_user().await?;
    if markdown.len() > super::MAX_BODY_BYTES {
        return Err(AppError::Field {
            label: "正文".into(),
            code: domain::ErrorCode::InvalidText,
        });
    }
    Ok(super::markdown::render(&markdown))
}
