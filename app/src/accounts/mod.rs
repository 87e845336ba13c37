//! Accounts and roles in the app: one's own roles and the role this session acts in (`/me`),
//! and an administrator's account and role work on a member's file (`/members/{id}`).
//! Rules: docs/operations.md#accounts and #roles.

mod api;
mod facade;
mod member_access;
mod my_roles;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::{AccountChange, AccountsApi};
pub use member_access::MemberAccess;
pub use my_roles::MyRoles;
pub use types::*;
