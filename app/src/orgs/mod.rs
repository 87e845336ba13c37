//! The organization tree: `/org`.

mod api;
mod page;
mod types;

pub use api::{load_org, LoadOrg};
pub use page::OrgPage;
pub use types::*;
