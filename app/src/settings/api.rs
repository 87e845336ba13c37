//! Server functions for `/admin/settings`: thin — the caller, then the facade, which checks
//! the role on the server.

use std::collections::HashMap;

use leptos::prelude::*;

use super::SettingsView;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "settings")]
pub async fn load_settings() -> Result<SettingsView, AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend.settings(&user).await.map_err(fail_with)
}

/// The rule table form, one field per rule and cap (`super::form`).
#[server(prefix = "/api", endpoint = "save_point_rules")]
pub async fn save_point_rules(table: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_county().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let (table, from) = super::form::rule_table(&table).map_err(fail_with)?;
    backend
        .set_point_rules(&user, table, from)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/settings?saved=rules");
    Ok(())
}

/// The lists form (`super::form`).
#[server(prefix = "/api", endpoint = "save_list_policy")]
pub async fn save_list_policy(lists: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_county().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let policy = super::form::list_policy(&lists).map_err(fail_with)?;
    backend
        .set_list_policy(&user, policy)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/settings?saved=lists");
    Ok(())
}

/// The reminders' lead times (`super::form`).
#[server(prefix = "/api", endpoint = "save_deadlines")]
pub async fn save_deadlines(lead: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_county().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let lead = super::form::deadlines(&lead, Default::default()).map_err(fail_with)?;
    backend
        .set_deadlines(&user, lead)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/settings?saved=deadlines");
    Ok(())
}

/// How percentage dues are rounded.
#[server(prefix = "/api", endpoint = "save_dues_rounding")]
pub async fn save_dues_rounding(rounding: String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_county().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let rounding = domain::dues::Rounding::parse(&rounding).map_err(fail)?;
    backend
        .set_dues_rounding(&user, rounding)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/settings?saved=dues");
    Ok(())
}

/// The composite score's weights (`super::form`).
#[server(prefix = "/api", endpoint = "save_score_weights")]
pub async fn save_score_weights(weights: HashMap<String, String>) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    let user = crate::auth::api::ssr::require_county().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let weights = super::form::score_weights(&weights).map_err(fail_with)?;
    backend
        .set_score_weights(&user, weights)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/admin/settings?saved=weights");
    Ok(())
}
