//! The UI's facade: `app::backend::Backend`, which the server functions call, implemented
//! over the services. Each method resolves who is asking, calls one service and turns its
//! [`ServiceError`](crate::error::ServiceError) into what the page shows (`error`).

mod accounts;
mod api_tokens;
mod archive;
mod assistance;
mod auth;
mod backend;
mod command;
mod dues;
mod error;
mod import;
mod inbox;
mod members;
mod notices;
mod orglife;
mod orgs;
mod points;
mod rankings;
mod search;
mod settings;
mod study;
mod suggestions;
mod tasks;
mod trail;
mod video;

use crate::{
    auth::Accounts, config::Config, dues::gateway::Payments, rankings::BoardCache, storage::Db,
};

pub use error::{field_label, shown};
pub use import::job_view;

pub struct DbBackend {
    db: Db,
    secure_cookies: bool,
    public_origin: Option<String>,
    accounts: Accounts,
    boards: BoardCache,
    command: std::sync::Arc<crate::command::CommandCache>,
    /// The sites streams may play from (the configuration's `stream_sites`).
    stream_sites: Vec<domain::video::StreamSite>,
    payments: Payments,
    imports: crate::import::jobs::Jobs,
}

impl DbBackend {
    pub fn new(
        db: Db,
        config: &Config,
        payments: Payments,
        imports: crate::import::jobs::Jobs,
        command: std::sync::Arc<crate::command::CommandCache>,
    ) -> Self {
        Self {
            accounts: Accounts::new(db.clone()),
            db,
            secure_cookies: config.secure_cookies,
            public_origin: config.public_origin.clone(),
            boards: BoardCache::default(),
            command,
            stream_sites: config.stream_sites.clone(),
            payments,
            imports,
        }
    }
}
