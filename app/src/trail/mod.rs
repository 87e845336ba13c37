//! `/trail`: the record trail (全程记实) for the county's administrators and auditors —
//! every step, filtered by organization, member, kind of step and days, each with its fields
//! before and after, and the chain checked on demand (docs/operations.md#the-record-trail).

mod api;
mod facade;
mod page;
mod types;

pub use api::{check_trail, load_trail, CheckTrail, LoadTrail};
#[cfg(feature = "ssr")]
pub use facade::TrailApi;
pub use page::TrailPage;
pub use types::*;
