//! Administrators look after the accounts of the organizations they run
//! (docs/operations.md#accounts): give a member an account, reset a forgotten password to a
//! one-time password, disable and re-enable an account, and sign it out everywhere. Each step is
//! a trail event; every step but enabling ends the account's sessions.

pub(crate) mod manage;

pub use manage::{create_for_member, of_member, reset, set_disabled, sign_out_everywhere, Issued};
