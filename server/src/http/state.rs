use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use app::backend::SharedBackend;

use crate::{auth::DbBackend, config::Config, storage::Db};

/// Everything a request may need. Cheap to clone: pools and `Arc`s inside.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub backend: SharedBackend,
}

impl AppState {
    pub fn new(config: &Config, db: Db) -> Self {
        // Built from our own configuration rather than LEPTOS_* variables, so one config file
        // (or DANGJIAN_* variables) describes the whole deployment.
        let leptos_options = LeptosOptions::builder()
            .output_name("dangjian")
            .site_root(config.site_root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .site_addr(config.listen)
            .env(leptos::config::Env::PROD)
            .hash_files(hash_file_present())
            .build();
        let backend: SharedBackend =
            std::sync::Arc::new(DbBackend::new(db.clone(), config.secure_cookies));
        Self {
            leptos_options,
            db,
            backend,
        }
    }
}

/// cargo-leptos writes `hash.txt` beside the server binary when it names the `/pkg` files by
/// content hash; Leptos reads it from there. Without it (tests, a binary copied alone) the
/// files keep their plain names.
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false)
}
