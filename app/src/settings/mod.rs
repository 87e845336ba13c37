//! `/admin/settings`: the county's own rules — the points rule table (versions with the day
//! each starts) and how the four lists are drawn — with who changed what and when
//! (docs/operations.md#the-countys-rules).

mod api;
mod facade;
pub mod form;
mod page;
mod types;

pub use api::{
    load_settings, save_deadlines, save_dues_rounding, save_list_policy, save_point_rules,
    save_score_weights, LoadSettings, SaveDeadlines, SaveDuesRounding, SaveListPolicy,
    SavePointRules, SaveScoreWeights,
};
#[cfg(feature = "ssr")]
pub use facade::SettingsApi;
pub use page::SettingsPage;
pub use types::*;
