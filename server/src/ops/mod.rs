//! Operations commands beside `serve`: backups and the record-trail check.

mod backup;
pub mod bench;

pub use backup::{backup, BackupError};
