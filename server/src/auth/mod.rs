//! Identity: password hashing, sessions and the account service behind signing in.

pub mod password;
mod purge;
mod service;
mod session;
mod throttle;

pub use purge::purge_expired;
pub use service::{session_caller, Accounts, SESSION_SECONDS};
pub use session::{new_token, now_epoch, token_hash};
