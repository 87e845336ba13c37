use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use app::backend::SharedBackend;

use crate::{
    config::Config,
    files::{self, SharedFileStore},
    storage::Db,
    ui::DbBackend,
};

/// Everything a request may need. Cheap to clone: pools and `Arc`s inside.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub backend: SharedBackend,
    pub public_origin: Option<std::sync::Arc<str>>,
    /// Whose `X-Forwarded-For` names the client (`super::client`).
    pub trusted_proxies: std::sync::Arc<crate::net::TrustedProxies>,
    pub files: SharedFileStore,
    /// Pages wait for `dangjian init` on a production database without a county.
    pub setup_gate: super::setup_gate::SetupGate,
    pub payments: crate::dues::gateway::Payments,
    /// Imports started from the page, with their progress (docs/operations.md#importing).
    pub imports: crate::import::jobs::Jobs,
    /// Requests one API token may make per minute (docs/security.md#api-tokens).
    pub api_token_rate: i64,
    /// The command platform's figures, shared with the app's server functions.
    pub command: std::sync::Arc<crate::command::CommandCache>,
    /// The configured stream sites as the security policy lists them (`crate::video`).
    pub stream_sources: std::sync::Arc<str>,
}

impl AppState {
    /// Fails on an unusable file-store or payment configuration. `addr` is where the server
    /// listens (the payment simulator and its notifications go there without a public origin).
    pub fn new(config: &Config, db: Db, addr: std::net::SocketAddr) -> anyhow::Result<Self> {
        let payments = crate::dues::gateway::Payments::from_config(config, addr)?;
        // Built from our own configuration rather than LEPTOS_* variables, so one config file
        // (or DANGJIAN_* variables) describes the whole deployment.
        let leptos_options = LeptosOptions::builder()
            .output_name("dangjian")
            .site_root(config.site_root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .site_addr(config.listen)
            .env(leptos::config::Env::PROD)
            .hash_files(hash_file_present())
            .build();
        let imports = crate::import::jobs::Jobs::default();
        let command = std::sync::Arc::new(crate::command::CommandCache::default());
        let backend: SharedBackend = std::sync::Arc::new(DbBackend::new(
            db.clone(),
            config,
            payments.clone(),
            imports.clone(),
            command.clone(),
        ));
        Ok(Self {
            leptos_options,
            db,
            backend,
            public_origin: config.public_origin.as_deref().map(Into::into),
            trusted_proxies: std::sync::Arc::new(config.trusted_proxies.clone()),
            files: files::from_config(config)?,
            setup_gate: super::setup_gate::SetupGate::new(config.demo),
            payments,
            imports,
            api_token_rate: i64::from(config.api_token_rate),
            command,
            stream_sources: crate::video::policy_sources(&config.stream_sites).into(),
        })
    }
}

/// The build step writes `hash.txt` beside the server binary when it names the `/pkg` files by
/// content hash; Leptos reads it from there. Without it (tests, a binary copied alone) the
/// files keep their plain names.
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false)
}
