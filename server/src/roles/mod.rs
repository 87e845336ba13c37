//! Roles beyond an account's own (docs/operations.md#roles): granted and revoked from above,
//! several per account, one active per session. The rule of who grants what is
//! `domain::role::may_grant`; the session lookup applies the active one
//! (`auth::session_caller`).

mod change;
mod held;
mod options;
mod switch;

pub use change::{grant, revoke};
pub use held::{held, of_account, HeldRole};
pub use options::grantable;
pub use switch::switch;
