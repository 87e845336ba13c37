//! Village assistance (驻村帮扶): the teams an organization stations in villages, their visit
//! logs with photos and monthly summaries (`/assistance/{id}`), and for the county and the
//! committees which teams report and which don't (`/assistance`).

mod api;
mod edit;
mod facade;
mod page;
mod team;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::AssistanceApi;
pub use page::AssistancePage;
pub use team::TeamPage;
pub use types::*;
