//! The administrators' search box (docs/operations.md#search): members by name, pinyin or the
//! tail of a mobile or ID number, organizations by name or initials, within the reader's scope.

mod api;
mod facade;
mod page;
mod types;

pub use api::{search_people, SearchPeople};
#[cfg(feature = "ssr")]
pub use facade::SearchApi;
pub use page::SearchBox;
pub use types::*;
