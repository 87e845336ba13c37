//! Ranking boards (积分排名): `/rankings`, honouring the county's visibility policy.

mod api;
mod facade;
mod page;
mod types;

pub use api::{
    load_my_standing, load_rankings, set_visibility, LoadMyStanding, LoadRankings, SetVisibility,
};
#[cfg(feature = "ssr")]
pub use facade::RankingsApi;
pub use page::RankingsPage;
pub use types::*;
