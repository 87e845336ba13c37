//! Files (photos, attachments) behind one interface: a local directory by default, S3-compatible
//! object storage to scale out (every server instance then sees the same files).

mod local;
pub mod register;
mod s3;
pub mod sigv4;
pub mod sniff;
pub mod uploads;

pub use local::LocalDir;
pub use s3::S3Store;

use std::sync::Arc;

use crate::config::Config;

/// A stored file's name: lowercase ASCII segments joined by `/`, so no key can climb out of
/// the store (`..`), hide (`.x`) or need escaping anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileKey(String);

impl FileKey {
    pub fn parse(raw: &str) -> Result<Self, FileError> {
        let ok = !raw.is_empty()
            && raw.len() <= 200
            && raw.split('/').all(|seg| {
                !seg.is_empty()
                    && !seg.starts_with('.')
                    && seg.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)
                    })
            });
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err(FileError::InvalidKey(raw.chars().take(80).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("invalid file key '{0}'")]
    InvalidKey(String),
    #[error("file store configuration: {0}")]
    Config(String),
    #[error("file store I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("object storage request failed: {0}")]
    Http(String),
    #[error("object storage refused the request: HTTP {status}: {body}")]
    Refused { status: u16, body: String },
}

#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    async fn put(&self, key: &FileKey, bytes: Vec<u8>, content_type: &str)
        -> Result<(), FileError>;
    /// `None` when there is no such file.
    async fn get(&self, key: &FileKey) -> Result<Option<Vec<u8>>, FileError>;
    /// Deleting a missing file is not an error.
    async fn delete(&self, key: &FileKey) -> Result<(), FileError>;
}

pub type SharedFileStore = Arc<dyn FileStore>;

/// `s3://bucket` selects object storage (endpoint, region, keys from the S3 settings); anything
/// else is a local directory.
pub fn from_config(config: &Config) -> Result<SharedFileStore, FileError> {
    match config.file_store.strip_prefix("s3://") {
        Some(bucket) => {
            let s3 = &config.s3;
            let need = |v: &Option<String>, name: &str| {
                v.clone()
                    .ok_or_else(|| FileError::Config(format!("{name} is required for s3://")))
            };
            Ok(Arc::new(S3Store::new(
                &need(&s3.endpoint, "DANGJIAN_S3_ENDPOINT")?,
                bucket,
                s3.region.as_deref().unwrap_or("us-east-1"),
                sigv4::Credentials {
                    access_key_id: need(&s3.access_key_id, "DANGJIAN_S3_ACCESS_KEY_ID")?,
                    secret_access_key: s3.secret_access_key.clone().ok_or_else(|| {
                        FileError::Config(
                            "DANGJIAN_S3_SECRET_ACCESS_KEY is required for s3://".into(),
                        )
                    })?,
                },
            )?))
        }
        None => Ok(Arc::new(LocalDir::new(&config.file_store))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_store() {
        assert!(FileKey::parse("orglife/2026/11/3f2a.jpg").is_ok());
        for bad in [
            "",
            "../etc/passwd",
            "a/../b",
            "/abs",
            "a//b",
            ".hidden",
            "A.jpg",
            "照片.jpg",
            "a\\b",
        ] {
            assert!(FileKey::parse(bad).is_err(), "{bad}");
        }
    }
}
