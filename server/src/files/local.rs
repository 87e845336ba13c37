use std::path::PathBuf;

use super::{FileError, FileKey, FileStore};

pub struct LocalDir {
    root: PathBuf,
}

impl LocalDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

#[async_trait::async_trait]
impl FileStore for LocalDir {
    async fn put(&self, key: &FileKey, bytes: Vec<u8>, _: &str) -> Result<(), FileError> {
        let path = self.root.join(key.as_str());
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Write aside, then rename: a reader never sees half a photo, even after a crash.
        let tmp = path.with_extension(format!("tmp-{}", crate::auth::new_token()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(())
    }

    async fn get(&self, key: &FileKey) -> Result<Option<Vec<u8>>, FileError> {
        match tokio::fs::read(self.root.join(key.as_str())).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, key: &FileKey) -> Result<(), FileError> {
        match tokio::fs::remove_file(self.root.join(key.as_str())).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}
