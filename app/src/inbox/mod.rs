//! The in-app inbox (`/inbox`) and the unread badge.

mod api;
mod facade;
mod page;

pub use api::{load_inbox, unread_count, LoadInbox, UnreadCount};
#[cfg(feature = "ssr")]
pub use facade::InboxApi;
pub use page::{InboxBadge, InboxPage};

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: String,
    pub at: String,
    pub unread: bool,
}
