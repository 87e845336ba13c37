//! Server functions for `/members/{id}`: thin — session, then the backend, which checks
//! permission on the member's place in the organization tree.
// A plain HTML form posts one argument per field; the generated client function mirrors them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::MemberView;
use crate::error::AppError;

/// The file, its history and whether the reader may edit it; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "load_member")]
pub async fn load_member(id: i64) -> Result<Option<MemberView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.member_view(&user, id).await.map(Some).map_err(fail)
}

/// Saves the edit form. Every field arrives (a plain form posts them all); optional text left
/// empty clears the field.
#[server(prefix = "/api", endpoint = "update_member")]
pub async fn update_member(
    id: i64,
    name: String,
    id_number: String,
    sex: String,
    ethnicity: String,
    joined_on: String,
    mobile: String,
    education: String,
    job: String,
    employer: String,
    status: String,
    full_on: String,
    flowing_destination: String,
    rewards_penalties: String,
    training_hours: String,
    #[server(default)] remarks: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};
    use domain::ErrorCode;

    let user = crate::auth::api::ssr::require_user().await?;
    let training_hours = training_hours.trim().parse::<i64>().map_err(|_| {
        fail_with(AppError::Field {
            label: super::field_label("training_hours").to_string(),
            code: ErrorCode::BadRequest,
        })
    })?;
    let patch = super::MemberPatch {
        name: Some(name),
        id_number: Some(id_number),
        sex: Some(sex),
        ethnicity: Some(ethnicity),
        joined_on: Some(joined_on),
        mobile: Some(mobile),
        education: Some(education),
        job: Some(job),
        employer: Some(employer),
        status: Some(status),
        full_on: Some(full_on),
        flowing_destination: Some(flowing_destination),
        rewards_penalties: Some(rewards_penalties),
        training_hours: Some(training_hours),
        remarks: Some(remarks),
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .update_member(&user, id, patch)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/members/{id}?saved=1"));
    Ok(())
}

/// 新增党员: adds the member and opens their new file; every problem of the form otherwise.
#[server(prefix = "/api", endpoint = "create_member")]
pub async fn create_member(
    org_id: i64,
    name: String,
    sex: String,
    ethnicity: String,
    id_number: String,
    mobile: String,
    education: String,
    joined_on: String,
    full_on: String,
    dues_category: String,
    flowing_destination: String,
    #[server(default)] remarks: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let form = super::NewMemberForm {
        org_id,
        name,
        sex,
        ethnicity,
        id_number,
        mobile,
        education,
        joined_on,
        full_on,
        dues_category,
        flowing_destination,
        remarks,
    };
    let backend = crate::backend::backend().map_err(fail)?;
    let id = backend
        .create_member(&user, form)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/members/{id}?created=1"));
    Ok(())
}

/// The branch assembly's proposal to make a probationary member full (转正).
#[server(prefix = "/api", endpoint = "propose_conversion")]
pub async fn propose_conversion(
    id: i64,
    meeting_on: String,
    entitled: String,
    in_favour: String,
    against: String,
    abstaining: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let form = super::ConversionForm {
        meeting_on,
        entitled,
        in_favour,
        against,
        abstaining,
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .propose_conversion(&user, id, form)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/members/{id}?proposed=1#probation"));
    Ok(())
}

/// The committee's decision on the open proposal: approve, extend (months) or revoke.
#[server(prefix = "/api", endpoint = "decide_conversion")]
pub async fn decide_conversion(
    id: i64,
    conversion_id: i64,
    decision: String,
    #[server(default)] months: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let form = super::ConversionDecisionForm {
        conversion_id,
        decision,
        months,
        note,
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .decide_conversion(&user, id, form)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/members/{id}?decided=1#probation"));
    Ok(())
}

/// A change of the member's standing (党籍状态) with its date and reason.
#[server(prefix = "/api", endpoint = "change_standing")]
pub async fn change_standing(
    id: i64,
    change: String,
    on: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let form = super::StandingForm { change, on, reason };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .change_standing(&user, id, form)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/members/{id}?standing=1#standing"));
    Ok(())
}
