use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::MeetingCommand;
use super::{ComplianceView, MeetingDetail, OrgLifeView, ReviewQueue};
use crate::error::AppError;

/// `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "org_life")]
pub async fn load_org_life() -> Result<Option<OrgLifeView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.org_life(&user).await.map(Some).map_err(fail)
}

/// A branch plans a meeting (a form: works before the page's script loads).
#[server(prefix = "/api", endpoint = "plan_meeting")]
pub async fn plan_meeting(
    org_id: i64,
    kind: String,
    topic: String,
    starts_at: String,
    ends_at: String,
    place: String,
) -> Result<(), AppError> {
    use super::MeetingDraft;
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let draft = MeetingDraft {
        org_id,
        kind,
        topic,
        starts_at,
        ends_at,
        place,
    };
    backend
        .plan_meeting(&user, draft)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect("/org-life?planned=1");
    Ok(())
}

/// `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "meeting")]
pub async fn load_meeting(id: i64) -> Result<Option<MeetingDetail>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    // HTTP/2 (h2c from a proxy) carries the host in the URI, not a `Host` header.
    let host = leptos::prelude::use_context::<axum::http::request::Parts>().and_then(|p| {
        p.headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| p.uri.authority().map(|a| a.to_string()))
    });
    let site = backend.site_origin(host.as_deref());
    backend
        .meeting(&user, id, &site)
        .await
        .map(Some)
        .map_err(fail)
}

/// Runs a meeting form's command and sends a page without JavaScript to `then`.
#[cfg(feature = "ssr")]
async fn run(command: MeetingCommand, then: impl FnOnce(i64) -> String) -> Result<(), AppError> {
    use crate::error::{fail, fail_with};

    let user = crate::auth::api::ssr::require_user().await?;
    let backend = crate::backend::backend().map_err(fail)?;
    let id = backend
        .meeting_command(&user, command)
        .await
        .map_err(fail_with)?;
    leptos_axum::redirect(&then(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "meeting_sign_in")]
pub async fn sign_in_meeting(code: String) -> Result<(), AppError> {
    run(MeetingCommand::SignIn { code }, |id| {
        format!("/org-life/{id}?signed=1")
    })
    .await
}

#[server(prefix = "/api", endpoint = "meeting_leave")]
pub async fn ask_leave(meeting_id: i64, reason: String) -> Result<(), AppError> {
    let command = MeetingCommand::AskLeave { meeting_id, reason };
    run(command, |id| format!("/org-life/{id}?leave=1")).await
}

#[server(prefix = "/api", endpoint = "meeting_mark")]
pub async fn mark_attendance(
    meeting_id: i64,
    member_id: i64,
    status: String,
    reason: String,
) -> Result<(), AppError> {
    let command = MeetingCommand::Mark {
        meeting_id,
        member_id,
        status,
        reason,
    };
    run(command, |id| format!("/org-life/{id}#attendance")).await
}

#[server(prefix = "/api", endpoint = "meeting_save")]
pub async fn save_minutes(
    meeting_id: i64,
    host: String,
    recorder: String,
    minutes: String,
    decisions: String,
) -> Result<(), AppError> {
    let command = MeetingCommand::Save {
        meeting_id,
        host,
        recorder,
        minutes,
        decisions,
    };
    run(command, |id| format!("/org-life/{id}?saved=1#record")).await
}

#[server(prefix = "/api", endpoint = "meeting_submit")]
pub async fn submit_meeting(meeting_id: i64) -> Result<(), AppError> {
    let command = MeetingCommand::Submit { meeting_id };
    run(command, |id| format!("/org-life/{id}?submitted=1")).await
}

/// `decision`: `approve` or `return`.
#[server(prefix = "/api", endpoint = "meeting_review")]
pub async fn review_meeting(
    meeting_id: i64,
    decision: String,
    comment: String,
) -> Result<(), AppError> {
    // Who asks before what they ask (`run` looks the session up again from the request's memo).
    crate::auth::api::ssr::require_user().await?;
    let approve = match decision.as_str() {
        "approve" => true,
        "return" => false,
        _ => return Err(crate::error::fail(domain::ErrorCode::BadRequest)),
    };
    let command = MeetingCommand::Review {
        meeting_id,
        approve,
        comment,
    };
    run(command, |id| format!("/org-life/{id}?reviewed=1")).await
}

#[server(prefix = "/api", endpoint = "review_queue")]
pub async fn load_review_queue(
    kind: Option<String>,
    branch: Option<i64>,
    days: Option<i64>,
) -> Result<Option<ReviewQueue>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .review_queue(&user, kind, branch, days.unwrap_or(0))
        .await
        .map(Some)
}

#[server(prefix = "/api", endpoint = "compliance")]
pub async fn load_compliance(org: Option<i64>) -> Result<Option<ComplianceView>, AppError> {
    use crate::error::fail;

    let Some(user) = crate::auth::api::ssr::page_user().await? else {
        return Ok(None);
    };
    let backend = crate::backend::backend().map_err(fail)?;
    backend.compliance(&user, org).await.map(Some).map_err(fail)
}

/// The county sets each kind's required frequency (docs/rules.md#changing-the-requirements): one select per kind, posted as a
/// form; a wrong value is named by its kind and nothing is saved.
#[server(prefix = "/api", endpoint = "set_orglife_rules")]
pub async fn set_org_life_rules(
    branch_assembly: String,
    branch_committee: String,
    party_group: String,
    party_lecture: String,
    theme_party_day: String,
    org_life_meeting: String,
    democratic_appraisal: String,
) -> Result<(), AppError> {
    use crate::error::fail;
    use domain::orglife::{MeetingKind as K, OrgLifeRules};

    let user = crate::auth::api::ssr::require_county().await?;
    let rules = OrgLifeRules::from_form([
        (K::BranchAssembly, branch_assembly.as_str()),
        (K::BranchCommittee, &branch_committee),
        (K::PartyGroup, &party_group),
        (K::PartyLecture, &party_lecture),
        (K::ThemePartyDay, &theme_party_day),
        (K::OrgLifeMeeting, &org_life_meeting),
        (K::DemocraticAppraisal, &democratic_appraisal),
    ])
    .map_err(|(kind, code)| {
        crate::error::fail_with(AppError::Field {
            label: kind.label_zh().into(),
            code,
        })
    })?;
    let backend = crate::backend::backend().map_err(fail)?;
    backend
        .set_orglife_rules(&user, rules)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/compliance?rules_saved=1");
    Ok(())
}
