//! Suggestions (意见建议): `/suggestions`.

mod api;
mod page;
mod types;

pub use api::{
    handle_suggestion, load_suggestions, submit_suggestion, HandleSuggestion, LoadSuggestions,
    SubmitSuggestion,
};
pub use page::SuggestionsPage;
pub use types::*;
