//! Rankings, movement notices, the four lists and who may see them.
//!
//! Central rules (docs/rules.md#visibility) forbid ranking people by check-ins, points
//! or online time as a matter of course, so every board is behind a
//! per-deployment [`VisibilityPolicy`] whose defaults are conservative.

mod lists;
mod movement;
mod rank;
mod visibility;

pub use lists::{
    assign_lists, list_by_mode, BlackTriggers, ListKind, ListMode, ListPolicy, MemberFlags,
};
pub use movement::{movement, Movement};
pub use rank::{rank, Ranked};
pub use visibility::{Board, Relation, Visibility, VisibilityPolicy};
