//! Members' files (一人一表): `/members/{id}`.

mod api;
mod facade;
mod history;
mod new_member;
mod page;
mod types;

pub use api::{create_member, load_member, update_member, CreateMember, LoadMember, UpdateMember};
#[cfg(feature = "ssr")]
pub use facade::MembersApi;
pub use history::ChangeList;
pub use new_member::NewMemberPage;
pub use page::MemberPage;
pub use types::*;
