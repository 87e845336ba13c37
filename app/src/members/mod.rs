//! Members' files (一人一表): `/members/{id}`.

mod api;
mod page;
mod types;

pub use api::{load_member, update_member, LoadMember, UpdateMember};
pub use page::MemberPage;
pub use types::*;
