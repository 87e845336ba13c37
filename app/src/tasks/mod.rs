//! Party-building tasks (党建任务, docs/rules.md#tasks): `/tasks` lists what I have to do, what
//! waits for my acceptance and what I sent (with the form to send a task down the tree);
//! `/tasks/{id}` is one task: its instructions, my report, and — for whoever sent it or reviews
//! it — every recipient's progress and report, to accept or return.

mod api;
mod detail;
mod facade;
mod page;
mod types;

pub use api::*;
pub use detail::TaskPage;
#[cfg(feature = "ssr")]
pub use facade::TasksApi;
pub use page::TasksPage;
pub use types::*;
