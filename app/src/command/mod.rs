//! The command platform (指挥中心, docs/rules.md#the-command-platform): `/command` shows the
//! reader's subtree on one page — tiles and server-drawn charts of members, organizations,
//! organizational life, dues, study, tasks and village assistance — refreshed every few
//! seconds; each bar opens the archive or board it summarises. The county map
//! (`/command/map`) is a server page of its own (see `docs/rules.md#the-county-map`).

mod api;
mod facade;
mod page;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::CommandApi;
pub use page::CommandPage;
pub use types::*;
