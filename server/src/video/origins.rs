//! The sites streams play from, for the security policy's `media-src` and `connect-src`
//! (docs/security.md#headers): every response names them, so they are read from the database
//! at most every [`MAX_AGE`] per process, and at once after a registration here. Another
//! replica learns of a new site within that time.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use crate::{storage::Db, with_pool};

pub const MAX_AGE: Duration = Duration::from_secs(30);

pub struct StreamOrigins {
    db: Db,
    /// The sources joined by spaces (with a leading space when any), and when they were read.
    cached: RwLock<Option<(Instant, Arc<str>)>>,
}

impl StreamOrigins {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            cached: RwLock::new(None),
        }
    }

    /// ` https://a.example.cn http://127.0.0.1:9000`, or empty.
    pub async fn sources(&self) -> Arc<str> {
        let fresh = self
            .cached
            .read()
            .ok()
            .and_then(|c| c.clone())
            .filter(|(at, _)| at.elapsed() < MAX_AGE);
        if let Some((_, sources)) = fresh {
            return sources;
        }
        let read: Result<Vec<String>, sqlx::Error> = with_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT DISTINCT origin FROM grid_streams ORDER BY origin")
                .fetch_all(pool)
                .await
        });
        match read {
            Ok(origins) => {
                // Stored origins passed `StreamAddress::parse`: no spaces, quotes or semicolons.
                let sources: Arc<str> = origins
                    .iter()
                    .map(|o| format!(" {o}"))
                    .collect::<String>()
                    .into();
                if let Ok(mut c) = self.cached.write() {
                    *c = Some((Instant::now(), sources.clone()));
                }
                sources
            }
            Err(e) => {
                // The page is still served: streams just do not play until the next read.
                tracing::warn!(error = %e, "cannot read the stream sites for the security policy");
                Arc::from("")
            }
        }
    }

    /// After a registration changes: the next response reads them again.
    pub fn forget(&self) {
        if let Ok(mut c) = self.cached.write() {
            *c = None;
        }
    }
}
