//! Layered configuration: built-in defaults, then an optional TOML file, then `DANGJIAN_*`
//! environment variables. Secrets (the database password) never reach `Debug` or the log.

use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use secrecy::SecretString;
use serde::Deserialize;

#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    /// Where the build step put the site (`pkg/` with the WASM, JS and CSS, plus `public/` files).
    pub site_root: PathBuf,
    /// Demo mode allows the well-known demo passwords; a production start refuses them.
    pub demo: bool,
    /// A demo (well-known passwords, the payment simulator) listens on loopback only unless
    /// this is set: shown to a room over the network on purpose (`DANGJIAN_DEMO_PUBLIC=1`).
    pub demo_public: bool,
    /// Served over HTTPS (directly or behind a TLS proxy): session cookies become
    /// `__Host-…; Secure`.
    pub secure_cookies: bool,
    /// The address users type, e.g. `https://dj.example.gov.cn`, when a proxy in front
    /// rewrites `Host`: state-changing requests must then carry exactly this `Origin`.
    pub public_origin: Option<String>,
    /// The reverse proxies in front of the server, whose `X-Forwarded-For` names the client
    /// (docs/security.md#client-addresses). Empty: the connection's peer is the client.
    pub trusted_proxies: crate::net::TrustedProxies,
    /// Requests one API token may make per minute before it is answered 429.
    pub api_token_rate: u32,
    /// The sites grid-centre streams may play from (docs/rules.md#grid-centre-video): the
    /// security policy names exactly these. Empty: no stream can be registered.
    pub stream_sites: Vec<domain::video::StreamSite>,
    /// Where photos and attachments go: a local directory, or `s3://bucket` (S3-compatible
    /// object storage; endpoint, region and keys from `DANGJIAN_S3_*`).
    pub file_store: String,
    pub s3: S3Settings,
    pub payment: PaymentSettings,
}

/// Which service takes dues paid online.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PaymentProvider {
    /// Cash only, recorded by the branch.
    #[default]
    Off,
    /// WeChat Pay API v3, keys from files named by `DANGJIAN_WECHAT_*`.
    Wechat,
    /// The local simulator speaking WeChat Pay's protocol: demo mode and tests only, and only
    /// in a binary built with the `simulator` feature.
    Simulator,
}

impl PaymentProvider {
    fn parse(name: &'static str, v: &str) -> Result<Self, ConfigError> {
        match v.trim() {
            "off" => Ok(Self::Off),
            "wechat" => Ok(Self::Wechat),
            "simulator" => Ok(Self::Simulator),
            other => Err(ConfigError::Value {
                key: name,
                message: format!(
                    "unknown payment provider '{other}': use wechat, simulator or off"
                ),
            }),
        }
    }

    /// The provider in force: the one asked for, else the simulator for a demo when this
    /// binary carries it, else none.
    pub fn resolve(asked: Option<Self>, demo: bool, simulator_built: bool) -> Self {
        match asked {
            Some(p) => p,
            None if demo && simulator_built => Self::Simulator,
            None => Self::Off,
        }
    }
}

/// Whether this binary carries the payment simulator (cargo feature `simulator`).
pub const SIMULATOR_BUILT: bool = cfg!(feature = "simulator");

/// Online payment of dues; `provider` is resolved by [`PaymentProvider::resolve`].
#[derive(Clone, Default)]
pub struct PaymentSettings {
    pub provider: PaymentProvider,
    pub wechat_base_url: Option<String>,
    pub wechat_mchid: Option<String>,
    pub wechat_appid: Option<String>,
    pub wechat_serial: Option<String>,
    pub wechat_key_file: Option<String>,
    pub wechat_platform_key_id: Option<String>,
    pub wechat_platform_key_file: Option<String>,
    pub wechat_api_v3_key: Option<SecretString>,
    /// The official account's secret: lets a payer inside WeChat pay with JSAPI.
    pub wechat_app_secret: Option<SecretString>,
}

/// Object storage settings; the secret key never reaches `Debug` or the log.
#[derive(Clone, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/dangjian.db".into(),
            site_root: PathBuf::from("target/site"),
            demo: false,
            demo_public: false,
            secure_cookies: false,
            public_origin: None,
            trusted_proxies: crate::net::TrustedProxies::default(),
            api_token_rate: 120,
            stream_sites: Vec::new(),
            file_store: "data/files".into(),
            s3: S3Settings::default(),
            payment: PaymentSettings::default(),
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
    public_origin: Option<String>,
    trusted_proxies: Option<String>,
    api_token_rate: Option<u32>,
    stream_sites: Option<String>,
    file_store: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    payment_provider: Option<String>,
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
    /// A setting with a value it cannot take (from the file or the environment).
    #[error("{key}: {message}")]
    Value { key: &'static str, message: String },
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
        let mut file_provider = None;
        let mut file_secure_cookies = false;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.into(),
                source,
            })?;
            let layer: FileLayer = toml::from_str(&text).map_err(|source| ConfigError::Toml {
                path: path.into(),
                source,
            })?;
            file_provider = layer.payment_provider.clone();
            file_secure_cookies = layer.secure_cookies.is_some();
            if let Some(list) = &layer.trusted_proxies {
                config.trusted_proxies = proxies("trusted_proxies", list)?;
            }
            if let Some(list) = &layer.stream_sites {
                config.stream_sites = stream_sites("stream_sites", list)?;
            }
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
        if let Some(v) = env("DANGJIAN_DEMO_PUBLIC") {
            config.demo_public = parse_bool("DANGJIAN_DEMO_PUBLIC", &v)?;
        }
        if let Some(v) = env("DANGJIAN_SECURE_COOKIES") {
            config.secure_cookies = parse_bool("DANGJIAN_SECURE_COOKIES", &v)?;
        }
        if let Some(v) = env("DANGJIAN_PUBLIC_ORIGIN") {
            config.public_origin = Some(v);
        }
        if let Some(v) = env("DANGJIAN_TRUSTED_PROXIES") {
            config.trusted_proxies = proxies("DANGJIAN_TRUSTED_PROXIES", &v)?;
        }
        if let Some(v) = env("DANGJIAN_API_TOKEN_RATE") {
            config.api_token_rate =
                v.parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConfigError::Env {
                        name: "DANGJIAN_API_TOKEN_RATE",
                        message: format!("'{v}' is not a number of requests per minute above 0"),
                    })?;
        }
        if let Some(v) = env("DANGJIAN_STREAM_SITES") {
            config.stream_sites = stream_sites("DANGJIAN_STREAM_SITES", &v)?;
        }
        if let Some(v) = env("DANGJIAN_FILE_STORE") {
            config.file_store = v;
        }
        for (name, slot) in [
            ("DANGJIAN_S3_ENDPOINT", &mut config.s3.endpoint),
            ("DANGJIAN_S3_REGION", &mut config.s3.region),
            ("DANGJIAN_S3_ACCESS_KEY_ID", &mut config.s3.access_key_id),
            (
                "DANGJIAN_WECHAT_BASE_URL",
                &mut config.payment.wechat_base_url,
            ),
            ("DANGJIAN_WECHAT_MCHID", &mut config.payment.wechat_mchid),
            ("DANGJIAN_WECHAT_APPID", &mut config.payment.wechat_appid),
            ("DANGJIAN_WECHAT_SERIAL", &mut config.payment.wechat_serial),
            (
                "DANGJIAN_WECHAT_KEY_FILE",
                &mut config.payment.wechat_key_file,
            ),
            (
                "DANGJIAN_WECHAT_PLATFORM_KEY_ID",
                &mut config.payment.wechat_platform_key_id,
            ),
            (
                "DANGJIAN_WECHAT_PLATFORM_KEY_FILE",
                &mut config.payment.wechat_platform_key_file,
            ),
        ] {
            if let Some(v) = env(name) {
                *slot = Some(v);
            }
        }
        // Secrets come from the environment only, and stay wrapped until used.
        for (name, slot) in [
            (
                "DANGJIAN_S3_SECRET_ACCESS_KEY",
                &mut config.s3.secret_access_key,
            ),
            (
                "DANGJIAN_WECHAT_API_V3_KEY",
                &mut config.payment.wechat_api_v3_key,
            ),
            (
                "DANGJIAN_WECHAT_APP_SECRET",
                &mut config.payment.wechat_app_secret,
            ),
        ] {
            if let Some(v) = env(name) {
                *slot = Some(SecretString::from(v));
            }
        }
        let mut asked = match &file_provider {
            Some(v) => Some(PaymentProvider::parse("payment_provider", v)?),
            None => None,
        };
        if let Some(v) = env("DANGJIAN_PAYMENT") {
            asked = Some(PaymentProvider::parse("DANGJIAN_PAYMENT", &v)?);
        }
        config.payment.provider = PaymentProvider::resolve(asked, config.demo, SIMULATOR_BUILT);
        if let Some(origin) = &config.public_origin {
            config.public_origin = Some(normalize_origin(origin)?);
        }
        // Served at an https address, cookies are Secure unless a setting says otherwise
        // (docs/security.md#headers).
        let cookies_named = file_secure_cookies || env("DANGJIAN_SECURE_COOKIES").is_some();
        if !cookies_named
            && config
                .public_origin
                .as_deref()
                .is_some_and(|o| o.starts_with("https://"))
        {
            config.secure_cookies = true;
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
        if let Some(v) = layer.public_origin {
            self.public_origin = Some(v);
        }
        if let Some(v) = layer.api_token_rate.filter(|n| *n > 0) {
            self.api_token_rate = v;
        }
        if let Some(v) = layer.file_store {
            self.file_store = v;
        }
        if let Some(v) = layer.s3_endpoint {
            self.s3.endpoint = Some(v);
        }
        if let Some(v) = layer.s3_region {
            self.s3.region = Some(v);
        }
    }
}

/// `https://Example.gov.cn/` → `https://example.gov.cn`: scheme and host (and port) only,
/// as browsers send it in `Origin`.
fn normalize_origin(raw: &str) -> Result<String, ConfigError> {
    let bad = || ConfigError::Env {
        name: "DANGJIAN_PUBLIC_ORIGIN",
        message: format!("'{raw}' is not an origin like https://dj.example.gov.cn"),
    };
    let trimmed = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, host) = trimmed.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https") || host.is_empty() || host.contains(['/', '?', '#', '@'])
    {
        return Err(bad());
    }
    Ok(trimmed)
}

fn proxies(key: &'static str, list: &str) -> Result<crate::net::TrustedProxies, ConfigError> {
    crate::net::TrustedProxies::parse(list).map_err(|message| ConfigError::Value { key, message })
}

/// Sites separated by spaces or commas: `https://live.example.cn http://127.0.0.1:*`.
fn stream_sites(
    key: &'static str,
    list: &str,
) -> Result<Vec<domain::video::StreamSite>, ConfigError> {
    list.split([' ', ','])
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            domain::video::StreamSite::parse(s).map_err(|_| ConfigError::Value {
                key,
                message: format!(
                    "'{s}' is not a stream site: https://host[:port], or http:// to 127.0.0.1, \
                     localhost or [::1]; the port may be *"
                ),
            })
        })
        .collect()
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
            .field("demo_public", &self.demo_public)
            .field("secure_cookies", &self.secure_cookies)
            .field("public_origin", &self.public_origin)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("api_token_rate", &self.api_token_rate)
            .field("file_store", &self.file_store)
            .field("s3_endpoint", &self.s3.endpoint)
            .field("s3_access_key_id", &self.s3.access_key_id)
            .field(
                "s3_secret_access_key",
                &self.s3.secret_access_key.as_ref().map(|_| "***"),
            )
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
    fn stream_sites_are_listed_and_checked() {
        let load = |v: &'static str| {
            Config::load_from(None, move |n| {
                (n == "DANGJIAN_STREAM_SITES").then(|| v.into())
            })
        };
        let sites = load("https://live.example.cn, http://127.0.0.1:*")
            .unwrap()
            .stream_sites;
        let shown: Vec<String> = sites.iter().map(|s| s.policy_source()).collect();
        assert_eq!(shown, ["https://live.example.cn", "http://127.0.0.1:*"]);
        assert!(Config::load_from(None, |_| None)
            .unwrap()
            .stream_sites
            .is_empty());
        let err = load("https://live.example.cn http://live.example.cn").unwrap_err();
        assert!(err.to_string().contains("http://live.example.cn"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sites.toml");
        std::fs::write(&path, "stream_sites = \"https://cdn.example.cn:8443\"\n").unwrap();
        let from_file = Config::load_from(Some(&path), |_| None).unwrap();
        assert_eq!(from_file.stream_sites.len(), 1);
    }

    #[test]
    fn public_origin_is_normalized_and_checked() {
        let load = |v: &str| {
            let v = v.to_string();
            Config::load_from(None, move |n| {
                (n == "DANGJIAN_PUBLIC_ORIGIN").then(|| v.clone())
            })
        };
        assert_eq!(
            load("https://DJ.example.gov.cn/")
                .unwrap()
                .public_origin
                .as_deref(),
            Some("https://dj.example.gov.cn")
        );
        assert!(load("dj.example.gov.cn").is_err());
        // An https address makes cookies Secure by default; a setting may still say otherwise.
        assert!(load("https://dj.example.gov.cn").unwrap().secure_cookies);
        assert!(!load("http://192.168.1.10:3000").unwrap().secure_cookies);
        let plain = Config::load_from(None, |n| match n {
            "DANGJIAN_PUBLIC_ORIGIN" => Some("https://dj.example.gov.cn".into()),
            "DANGJIAN_SECURE_COOKIES" => Some("0".into()),
            _ => None,
        });
        assert!(!plain.unwrap().secure_cookies);
        assert!(load("https://dj.example.gov.cn/app").is_err());
    }

    #[test]
    fn the_simulator_is_the_demo_default_only_where_it_is_built() {
        use PaymentProvider::*;
        // A demo with the simulator built in pays through it; without it, payments are off.
        assert_eq!(PaymentProvider::resolve(None, true, true), Simulator);
        assert_eq!(PaymentProvider::resolve(None, true, false), Off);
        assert_eq!(PaymentProvider::resolve(None, false, true), Off);
        // Asked for explicitly, the provider stays (a build without the simulator then refuses
        // to start: `dues::gateway::Payments::from_config`).
        assert_eq!(
            PaymentProvider::resolve(Some(Simulator), true, false),
            Simulator
        );
        assert_eq!(PaymentProvider::resolve(Some(Off), true, true), Off);
        let demo = |v: &'static str| {
            Config::load_from(None, move |n| match n {
                "DANGJIAN_DEMO" => Some("1".into()),
                "DANGJIAN_PAYMENT" => Some(v.into()),
                _ => None,
            })
        };
        assert_eq!(demo("wechat").unwrap().payment.provider, Wechat);
        let err = demo("alipay").err().unwrap().to_string();
        assert!(
            err.contains("DANGJIAN_PAYMENT") && err.contains("alipay"),
            "{err}"
        );
    }

    #[test]
    fn passwords_never_print() {
        let config = Config {
            database_url: "postgres://dj:s3cret@db.local/dj".into(),
            ..Config::default()
        };
        let config = Config {
            s3: S3Settings {
                secret_access_key: Some("s3cret".into()),
                ..S3Settings::default()
            },
            ..config
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("postgres://dj:***@db.local/dj"));
    }
}
