//! Members' files (一人一表): `/members/{id}`.

mod api;
mod facade;
mod page;
mod types;

pub use api::{load_member, update_member, LoadMember, UpdateMember};
#[cfg(feature = "ssr")]
pub use facade::MembersApi;
pub use page::MemberPage;
pub use types::*;
