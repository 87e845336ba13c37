use leptos::prelude::*;

use super::OrgView;
use crate::error::AppError;

/// An organization (the reader's own scope when `id` is absent) with its children and a page
/// of its roster; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "load_org")]
pub async fn load_org(id: Option<i64>, page: Option<i64>) -> Result<Option<OrgView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .org_view(&user, id, page)
        .await
        .map(Some)
        .map_err(fail)
}

/// 新建下级组织: opens the new organization's page.
#[server(prefix = "/api", endpoint = "create_org")]
pub async fn create_org(
    parent_id: i64,
    org_name: String,
    org_kind: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let id = backend
        .create_org(&user, parent_id, org_name, org_kind)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=created"));
    Ok(())
}

/// 更名.
#[server(prefix = "/api", endpoint = "rename_org")]
pub async fn rename_org(id: i64, org_name: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .rename_org(&user, id, org_name)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=renamed"));
    Ok(())
}

/// 调整隶属关系.
#[server(prefix = "/api", endpoint = "move_org")]
pub async fn move_org(id: i64, new_parent: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .move_org(&user, id, new_parent)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=moved"));
    Ok(())
}

/// 换届: the election date and the term's length in years.
#[server(prefix = "/api", endpoint = "set_org_term")]
pub async fn set_org_term(id: i64, term_start: String, term_years: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    use domain::ErrorCode;

    let user = crate::auth::api::ssr::require_user().await?;
    let years = match term_years.trim() {
        "" => None,
        y => Some(y.parse::<u8>().map_err(|_| {
            fail_with(AppError::Field {
                label: "任期（年）".to_string(),
                code: ErrorCode::InvalidPeriod,
            })
        })?),
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .set_org_term(&user, id, term_start, years)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=term"));
    Ok(())
}

/// 撤销.
#[server(prefix = "/api", endpoint = "dissolve_org")]
pub async fn dissolve_org(id: i64) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.dissolve_org(&user, id).await.map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=dissolved"));
    Ok(())
}

/// 合并: the branch's members into `into`, the branch dissolved; the page goes on to the branch
/// that remains.
#[server(prefix = "/api", endpoint = "merge_org")]
pub async fn merge_org(id: i64, into: i64, confirmed: Option<String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    // The box is required in the form; a post without it (a script's) is refused the same way.
    if confirmed.is_none() {
        return Err(fail_with(AppError::Field {
            label: "确认合并".into(),
            code: domain::ErrorCode::InvalidForm,
        }));
    }
    let backend = crate::backend::backend().map_err(fail)?;
    let moved = backend
        .merge_org(&user, id, into)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={into}&saved=merged&moved={moved}"));
    Ok(())
}

/// 任职. A checkbox posts `on` when ticked and nothing otherwise.
#[server(prefix = "/api", endpoint = "appoint_leader")]
pub async fn appoint_leader(
    id: i64,
    leader: i64,
    position: String,
    since: String,
    #[server(default)] grant_role: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .appoint_leader(&user, id, leader, position, since, grant_role.is_some())
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=appointed"));
    Ok(())
}

/// 免职.
#[server(prefix = "/api", endpoint = "remove_leader")]
pub async fn remove_leader(
    id: i64,
    leader: i64,
    position: String,
    #[server(default)] revoke_role: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .remove_leader(&user, id, leader, position, revoke_role.is_some())
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/org?id={id}&saved=removed"));
    Ok(())
}
