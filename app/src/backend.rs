//! What server functions need from the server, as a trait: `app` cannot depend on `server`
//! (the server depends on `app`), so the server implements this and provides it as context.
//! Server functions stay thin: read the session, check permission, call this.

use std::sync::Arc;

use domain::{Date, ErrorCode};

use crate::auth::SessionUser;

/// Who is asking, resolved once per request from the session: what the page shows
/// (`SessionUser`, through `Deref`) and what the server decides with — the scope's place in the
/// organization tree. Never sent to the browser.
#[derive(Clone, Debug, PartialEq)]
pub struct Caller {
    pub user: SessionUser,
    /// Materialized path of the scope root, e.g. `/1/4/`.
    pub scope_path: domain::OrgPath,
}

impl std::ops::Deref for Caller {
    type Target = SessionUser;

    fn deref(&self) -> &SessionUser {
        &self.user
    }
}

/// The client a request comes from, resolved by the server once per request behind the
/// deployment's trusted proxies (docs/security.md#client-addresses) and carried as a request
/// extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// Everything the server functions need from the server: one facade per feature (each in
/// its folder, `facade.rs`), and the few facts every feature shares.
pub trait Backend:
    crate::auth::AuthApi
    + crate::accounts::AccountsApi
    + crate::points::PointsApi
    + crate::members::MembersApi
    + crate::orgs::OrgsApi
    + crate::rankings::RankingsApi
    + crate::archive::ArchiveApi
    + crate::command::CommandApi
    + crate::suggestions::SuggestionsApi
    + crate::tasks::TasksApi
    + crate::notices::NoticesApi
    + crate::study::StudyApi
    + crate::inbox::InboxApi
    + crate::dues::DuesApi
    + crate::orglife::OrgLifeApi
    + crate::assistance::AssistanceApi
    + crate::search::SearchApi
    + crate::import::ImportApi
    + crate::settings::SettingsApi
    + crate::trail::TrailApi
    + crate::api_tokens::ApiTokensApi
    + crate::video::VideoApi
    + Send
    + Sync
{
    /// Today where the county is (China Standard Time).
    fn today(&self) -> Date;

    /// Whether cookies must be `Secure` (`__Host-` prefix): the site is served over HTTPS.
    fn secure_cookies(&self) -> bool;

    /// The site's address as members' phones reach it: the configured public origin, else the
    /// scheme this deployment serves and the request's `Host`.
    fn site_origin(&self, host: Option<&str>) -> String;
}

pub type SharedBackend = Arc<dyn Backend>;

pub fn backend() -> Result<SharedBackend, ErrorCode> {
    leptos::prelude::use_context::<SharedBackend>().ok_or(ErrorCode::Internal)
}
