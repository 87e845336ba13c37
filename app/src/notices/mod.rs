//! Notices (通知公告): an organization posts to the members of its subtree; members read them on
//! `/notices` and on the home screen, and hear of each in the inbox.

mod api;
mod facade;
mod page;
mod types;

pub use api::{load_notices, load_todo, post_notice, LoadNotices, LoadTodo, PostNotice};
#[cfg(feature = "ssr")]
pub use facade::NoticesApi;
pub use page::{NoticeList, NoticesPage};
pub use types::*;
