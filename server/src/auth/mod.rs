//! Identity: password hashing, sessions, and the `app::backend::Backend` the UI's server
//! functions call.

mod backend;
pub mod password;
mod session;
mod throttle;

pub use backend::DbBackend;
pub use session::{new_token, now_epoch, token_hash};
