//! Layered configuration: built-in defaults, then an optional TOML file, then `DANGJIAN_*`
//! environment variables. Secrets (the database password) never reach `Debug` or the log.

use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use serde::Deserialize;

#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    /// Where cargo-leptos put the site (`pkg/` with the WASM, JS and CSS, plus `public/` files).
    pub site_root: PathBuf,
    /// Demo mode allows the well-known demo passwords; a production start refuses them.
    pub demo: bool,
    /// Served over HTTPS (directly or behind a TLS proxy): session cookies become
    /// `__Host-…; Secure`.
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/dangjian.db".into(),
            site_root: PathBuf::from("target/site"),
            demo: false,
            secure_cookies: false,
        }
    }
}

/// The file layer: every key optional, so a file names only what it changes.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    site_root: Option<PathBuf>,
    demo: Option<bool>,
    secure_cookies: Option<bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid TOML in {path}: {source}")]
    Toml {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("environment variable {name}: {message}")]
    Env { name: &'static str, message: String },
}

impl Config {
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_from(file, |name| std::env::var(name).ok())
    }

    /// `env` is a parameter so tests can layer variables without touching the process.
    pub fn load_from(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut config = Config::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.into(),
                source,
            })?;
            let layer: FileLayer = toml::from_str(&text).map_err(|source| ConfigError::Toml {
                path: path.into(),
                source,
            })?;
            config.apply(layer);
        }
        if let Some(v) = env("DANGJIAN_LISTEN") {
            config.listen = v.parse().map_err(|_| ConfigError::Env {
                name: "DANGJIAN_LISTEN",
                message: format!("'{v}' is not an address like 127.0.0.1:3000"),
            })?;
        }
        if let Some(v) = env("DANGJIAN_DATABASE_URL") {
            config.database_url = v;
        }
        if let Some(v) = env("DANGJIAN_SITE_ROOT") {
            config.site_root = v.into();
        }
        if let Some(v) = env("DANGJIAN_DEMO") {
            config.demo = parse_bool("DANGJIAN_DEMO", &v)?;
        }
        if let Some(v) = env("DANGJIAN_SECURE_COOKIES") {
            config.secure_cookies = parse_bool("DANGJIAN_SECURE_COOKIES", &v)?;
        }
        Ok(config)
    }

    fn apply(&mut self, layer: FileLayer) {
        if let Some(v) = layer.listen {
            self.listen = v;
        }
        if let Some(v) = layer.database_url {
            self.database_url = v;
        }
        if let Some(v) = layer.site_root {
            self.site_root = v;
        }
        if let Some(v) = layer.demo {
            self.demo = v;
        }
        if let Some(v) = layer.secure_cookies {
            self.secure_cookies = v;
        }
    }
}

fn parse_bool(name: &'static str, v: &str) -> Result<bool, ConfigError> {
    match v {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" | "" => Ok(false),
        _ => Err(ConfigError::Env {
            name,
            message: format!("'{v}' is not true/false"),
        }),
    }
}

/// `postgres://user:secret@host/db` prints as `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact_url(&self.database_url))
            .field("site_root", &self.site_root)
            .field("demo", &self.demo)
            .field("secure_cookies", &self.secure_cookies)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dangjian.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:4000\"\ndemo = true\n").unwrap();
        let config = Config::load_from(Some(&path), |name| {
            (name == "DANGJIAN_LISTEN").then(|| "127.0.0.1:5000".to_string())
        })
        .unwrap();
        assert_eq!(config.listen.port(), 5000);
        assert!(config.demo);
        assert_eq!(config.database_url, "sqlite://data/dangjian.db");
    }

    #[test]
    fn unknown_file_keys_and_bad_env_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "lissten = \"x\"\n").unwrap();
        assert!(matches!(
            Config::load_from(Some(&path), |_| None),
            Err(ConfigError::Toml { .. })
        ));
        let err = Config::load_from(None, |n| (n == "DANGJIAN_DEMO").then(|| "maybe".into()))
            .unwrap_err();
        assert!(err.to_string().contains("DANGJIAN_DEMO"));
    }

    #[test]
    fn passwords_never_print() {
        let config = Config {
            database_url: "postgres://dj:s3cret@db.local/dj".into(),
            ..Config::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("postgres://dj:***@db.local/dj"));
    }
}
