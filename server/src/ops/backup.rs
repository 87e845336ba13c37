use std::path::Path;

use crate::storage::Db;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("备份文件已存在，不会覆盖: {0}")]
    Exists(String),
    #[error(
        "PostgreSQL 请用 pg_dump 备份（在线、一致）：\n  pg_dump --format=custom --file=dangjian.dump \"$DANGJIAN_DATABASE_URL\"\n\
         恢复到一个新的空数据库：\n  pg_restore --no-owner --dbname=\"$NEW_DATABASE_URL\" dangjian.dump"
    )]
    UsePgDump,
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

/// A consistent copy of a live SQLite database: `VACUUM INTO` reads one snapshot (WAL keeps
/// writers going meanwhile) and writes a compact, self-contained file that opens as is.
pub async fn backup(db: &Db, to: &Path) -> Result<u64, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("VACUUM INTO $1")
                .bind(to.display().to_string())
                .execute(pool)
                .await?;
            Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or(0))
        }
        Db::Postgres(_) => Err(BackupError::UsePgDump),
    }
}
