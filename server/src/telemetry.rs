use tracing_subscriber::{fmt, EnvFilter};

/// Logs go to stderr; `RUST_LOG` (e.g. `info,sqlx=warn`) sets the level.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
