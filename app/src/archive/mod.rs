//! The archive (一目了然, docs/rules.md#the-archive): `/archive` pages through the records behind
//! every number — 主题党日, 三会一课, 党费缴纳, 积分管理, 驻村帮扶 — of the reader's subtree, by
//! organization, kind, dates and state; boards and tasks drill down to it.

mod api;
mod facade;
mod page;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::ArchiveApi;
pub use page::ArchivePage;
pub use types::*;
