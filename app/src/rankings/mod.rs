//! Ranking boards (积分排名): `/rankings`, honouring the county's visibility policy.

mod api;
mod page;
mod types;

pub use api::{load_rankings, set_visibility, LoadRankings, SetVisibility};
pub use page::RankingsPage;
pub use types::*;
