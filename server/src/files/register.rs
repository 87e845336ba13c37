//! The `uploads` record of a file stored with its record (a meeting's, a visit's, a task
//! report's), written in that record's transaction. Apart from `uploads.rs`, which reads those
//! records to decide who may see a file.

/// Records a stored file in `uploads` inside the caller's transaction `$tx` (either engine), so
/// the quota and the orphan sweep see it; the same key stored twice is recorded once.
macro_rules! register_upload {
    ($tx:expr, $key:expr, $content_type:expr, $size:expr, $purpose:expr, $by:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO uploads (key, content_type, size, purpose, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        )
        .bind($key)
        .bind($content_type)
        .bind($size)
        .bind($purpose)
        .bind($by)
        .bind($now)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use register_upload;
