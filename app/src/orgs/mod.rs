//! The organization tree: `/org`.

mod api;
mod export;
mod facade;
mod manage;
mod page;
mod types;

pub use api::{
    appoint_leader, create_org, dissolve_org, load_org, merge_org, move_org, remove_leader,
    rename_org, set_org_term, AppointLeader, CreateOrg, DissolveOrg, LoadOrg, MergeOrg, MoveOrg,
    RemoveLeader, RenameOrg, SetOrgTerm,
};
#[cfg(feature = "ssr")]
pub use facade::OrgsApi;
pub use page::OrgPage;
pub use types::*;
