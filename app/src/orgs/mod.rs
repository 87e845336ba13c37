//! The organization tree: `/org`.

mod api;
mod export;
mod facade;
mod page;
mod types;

pub use api::{load_org, LoadOrg};
#[cfg(feature = "ssr")]
pub use facade::OrgsApi;
pub use page::OrgPage;
pub use types::*;
