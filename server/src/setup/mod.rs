//! A deployment's first day: an empty database becomes the county's (docs/operations.md#first-start).

mod init;
mod state;

pub use init::{init, one_time_password, InitInput, Initialized};
pub use state::{county, County};
