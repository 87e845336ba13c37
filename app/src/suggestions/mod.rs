//! Suggestions (意见建议): `/suggestions`.

mod api;
mod facade;
mod page;
mod types;

pub use api::{
    handle_suggestion, load_suggestions, submit_suggestion, HandleSuggestion, LoadSuggestions,
    SubmitSuggestion,
};
#[cfg(feature = "ssr")]
pub use facade::SuggestionsApi;
pub use page::SuggestionsPage;
pub use types::*;
