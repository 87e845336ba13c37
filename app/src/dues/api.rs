use leptos::prelude::*;

use super::{AdminDuesView, LedgerView, MyDuesView};
use crate::error::AppError;

/// `None` when nobody is signed in. `paid` is the order a payer comes back from.
#[server(prefix = "/api", endpoint = "my_dues")]
pub async fn load_my_dues(paid: Option<String>) -> Result<Option<MyDuesView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.my_dues(&user, paid).await.map(Some).map_err(fail)
}

/// The county's dues rules, public like the calculator that computes by them.
#[server(prefix = "/api", endpoint = "dues_rules")]
pub async fn county_dues_rules() -> Result<domain::dues::DuesRules, AppError> {
    use crate::error::fail;

    let backend = crate::backend::backend().map_err(fail)?;
    backend.dues_rules().await.map_err(fail)
}

/// The member submits this year's base (a form: works before the page's script loads).
#[server(prefix = "/api", endpoint = "submit_dues_base")]
pub async fn submit_dues_base(
    category: String,
    #[server(default)] base: String,
) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .submit_dues_base(&user, &category, &base)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/dues?submitted=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin_dues")]
pub async fn load_admin_dues() -> Result<Option<AdminDuesView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.admin_dues(&user).await.map(Some).map_err(fail)
}

/// Every form of `/admin/dues` posts here with its `verb`; fields a verb does not use are empty.
/// `amount` is the corrected base, the cash "through" month or the reduced monthly amount.
#[server(prefix = "/api", endpoint = "dues_admin")]
pub async fn dues_admin(
    verb: String,
    #[server(default)] id: i64,
    #[server(default)] member_id: i64,
    #[server(default)] category: String,
    #[server(default)] kind: String,
    #[server(default)] amount: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    use super::DuesCommand;
    use crate::error::{fail, fail_with};
    use domain::ErrorCode;

    let user = crate::auth::api::ssr::require_user().await?;
    let command = match verb.as_str() {
        "confirm" => DuesCommand::ConfirmBase { id },
        "correct" => DuesCommand::CorrectBase {
            id,
            category,
            base: amount,
            reason: text,
        },
        "cash" => DuesCommand::RecordCash {
            member_id,
            through: amount,
        },
        "propose" => DuesCommand::ProposeHardship {
            member_id,
            kind,
            monthly: amount,
            reason: text,
        },
        "approve" | "reject" => DuesCommand::DecideHardship {
            id,
            approve: verb == "approve",
            note: text,
        },
        "note" => DuesCommand::NoteArrears {
            member_id,
            reason: text,
        },
        "quarterly" => DuesCommand::SetQuarterly {
            allowed: kind == "on",
        },
        _ => return Err(ErrorCode::BadRequest.into()),
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .dues_admin(&user, command)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&format!("/admin/dues?done={verb}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "dues_ledger")]
pub async fn load_dues_ledger(
    org: Option<i64>,
    year: Option<i32>,
) -> Result<Option<LedgerView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .dues_ledger(&user, org, year)
        .await
        .map(Some)
        .map_err(fail)
}
