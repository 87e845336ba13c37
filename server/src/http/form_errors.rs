//! Without JavaScript, a failed form comes back to its page with the error in the address
//! (`__path`, `__err`: Leptos writes them), and the page shows it. Anyone can write such a link,
//! with any text in the error, so the server seals the errors it sends back and a page asked
//! for with an error it did not seal is sent to the same address without it
//! (docs/security.md#form-errors).

use std::sync::Arc;

use axum::{
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::OnceCell;

use crate::{storage::Db, with_pool};

/// The key is kept in the database, so every instance behind a load balancer seals alike.
const KEY_NAME: &str = "form_error_key";

#[derive(Clone)]
pub struct Sealer {
    db: Db,
    key: Arc<OnceCell<Vec<u8>>>,
}

impl Sealer {
    pub fn new(db: Db) -> Sealer {
        Sealer {
            db,
            key: Arc::new(OnceCell::new()),
        }
    }

    async fn key(&self) -> Option<&[u8]> {
        let found = self
            .key
            .get_or_try_init(|| async {
                let fresh: String = {
                    use rand::RngCore;
                    let mut bytes = [0u8; 32];
                    rand::thread_rng().fill_bytes(&mut bytes);
                    bytes.iter().map(|b| format!("{b:02x}")).collect()
                };
                // The first instance to start writes it; the others read that one.
                let stored: String = with_pool!(&self.db, pool => {
                    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
                        .bind(KEY_NAME)
                        .bind(&fresh)
                        .execute(pool)
                        .await?;
                    sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
                        .bind(KEY_NAME)
                        .fetch_one(pool)
                        .await?
                });
                Ok::<_, sqlx::Error>(stored.into_bytes())
            })
            .await;
        match found {
            Ok(k) => Some(k.as_slice()),
            Err(e) => {
                tracing::error!(error = %e, "no form-error key: errors are not shown in addresses");
                None
            }
        }
    }

    fn seal(key: &[u8], path: &str, err: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
            return String::new();
        };
        mac.update(path.as_bytes());
        mac.update(b"\n");
        mac.update(err.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The decoded `__path`, `__err` and `__sig` of a query, and the query without them.
fn split(query: &str) -> (Option<String>, Option<String>, Option<String>, String) {
    let (mut path, mut err, mut sig) = (None, None, None);
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("__path", v)) => path = Some(app::url::percent_decode(v)),
            Some(("__err", v)) => err = Some(app::url::percent_decode(v)),
            Some(("__sig", v)) => sig = Some(app::url::percent_decode(v)),
            _ => rest.push(pair),
        }
    }
    (path, err, sig, rest.join("&"))
}

pub async fn apply(sealer: Sealer, req: Request, next: Next) -> Response {
    // A page asked for with an error in its address shows it only if we sealed it.
    if req.method() == Method::GET || req.method() == Method::HEAD {
        if let Some(query) = req.uri().query().filter(|q| q.contains("__err=")) {
            let (path, err, sig, rest) = split(query);
            let sealed = match (sealer.key().await, path, err, sig) {
                (Some(key), Some(path), Some(err), Some(sig)) => {
                    Sealer::seal(key, &path, &err) == sig
                }
                _ => false,
            };
            if !sealed {
                tracing::info!(
                    path = req.uri().path(),
                    "an unsealed form error was dropped from the address"
                );
                let mut to = req.uri().path().to_string();
                if !rest.is_empty() {
                    to = format!("{to}?{rest}");
                }
                return match HeaderValue::from_str(&to) {
                    Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
                    Err(_) => StatusCode::BAD_REQUEST.into_response(),
                };
            }
        }
    }
    let mut response = next.run(req).await;
    // A form sent back with its error: seal it.
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|l| l.contains("__err="))
        .map(str::to_string);
    if let Some(location) = location {
        let (address, fragment) = match location.split_once('#') {
            Some((a, f)) => (a, format!("#{f}")),
            None => (location.as_str(), String::new()),
        };
        let query = address.split_once('?').map_or("", |(_, q)| q);
        if let (Some(key), (Some(path), Some(err), _, _)) = (sealer.key().await, split(query)) {
            let seal = Sealer::seal(key, &path, &err);
            let sealed = format!("{address}&__sig={seal}{fragment}");
            if let Ok(v) = HeaderValue::from_str(&sealed) {
                response.headers_mut().insert(header::LOCATION, v);
            }
        }
    }
    response
}
