//! Members' files (一人一表): `/members/{id}`.

mod api;
mod facade;
mod history;
mod new_member;
mod page;
mod probation;
mod types;

pub use api::{
    change_standing, create_member, decide_conversion, load_member, propose_conversion,
    update_member, ChangeStanding, CreateMember, DecideConversion, LoadMember, ProposeConversion,
    UpdateMember,
};
#[cfg(feature = "ssr")]
pub use facade::MembersApi;
pub use history::ChangeList;
pub use new_member::NewMemberPage;
pub use page::MemberPage;
pub use types::*;
