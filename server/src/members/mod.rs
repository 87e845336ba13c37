//! Members' files (一人一表): read with masking by role, edit with the record trail, history.

mod history;
pub mod mask;
mod repo;
mod update;
mod view;

pub use history::{history, HistoryEntry};
pub use repo::{find, positions, roster, Located};
pub use update::{update, MemberPatch};
pub use view::{kind_label, MemberFile, Roster, RosterEntry};
