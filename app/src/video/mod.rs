//! Grid-centre video (网格化服务中心, docs/rules.md#grid-centre-video): `/video/{org}` plays a
//! village branch's (or the county's) live stream and lets whoever manages it register the
//! address; the same player sits beside a meeting's record and in the review queue.

mod api;
mod facade;
mod form;
mod list;
mod page;
mod player;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::VideoApi;
pub use form::stream_request;
pub use page::VideoPage;
pub use player::{StreamPlayer, PLAYER_SCRIPT};
pub use types::*;
