//! Dangjian Cloud's user interface: one Leptos app rendered on the server and hydrated in the
//! browser. Server-only code sits behind the `ssr` feature; the `hydrate` entry stays tiny.
#![recursion_limit = "256"]

pub mod accounts;
pub mod api_tokens;
pub mod app;
pub mod archive;
pub mod assistance;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod command;
pub mod dues;
pub mod error;
pub mod import;
pub mod inbox;
pub mod layout;
pub mod members;
pub mod notices;
pub mod orglife;
pub mod orgs;
pub mod pages;
pub mod points;
pub mod rankings;
pub mod routes;
pub mod search;
pub mod session;
pub mod settings;
pub mod shell;
pub mod study;
pub mod suggestions;
pub mod tasks;
pub mod trail;
#[cfg(feature = "hydrate")]
pub mod upload;
pub mod url;
pub mod video;

pub use app::App;
pub use shell::shell;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (`routes`) hydrate once their chunk has arrived.
    leptos::mount::hydrate_lazy(App);
}
