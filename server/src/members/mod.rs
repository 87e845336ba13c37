//! Members' files (一人一表): read with masking by role, edit with the record trail, history.

mod create;
pub mod export;
pub(crate) mod history;
pub mod mask;
pub mod probation;
mod repo;
pub mod service;
pub mod standing;
mod update;
mod view;
mod year;

pub use create::{create, NewMember};
pub use history::history;
pub use repo::{find, positions, roster, Located};
pub use update::{update, FieldError};
