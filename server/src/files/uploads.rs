//! Uploaded images: what kind of file the bytes are (never the name or what the browser
//! says), where they are kept (a name made from their hash), the `uploads` record, and who may
//! read each one again — study images anyone signed in, a suggestion's photo its author and
//! those who may handle it, a meeting's photos those who may read its record, a village
//! visit's those who may read its team.

use domain::{
    access::{Action, Reach},
    ErrorCode,
};
use sha2::{Digest, Sha256};

use super::{sniff::sniff_image, FileKey, FileStore};
use crate::{access::Actor, error::ServiceResult, storage::Db, with_pool};

pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// What an image is uploaded for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// An image in a study article (authors).
    Study,
    /// A suggestion's photo (members).
    Suggestion,
}

impl Purpose {
    pub fn parse(v: Option<&str>) -> Result<Self, ErrorCode> {
        match v {
            None | Some("study") => Ok(Purpose::Study),
            Some("suggestion") => Ok(Purpose::Suggestion),
            Some(_) => Err(ErrorCode::BadRequest),
        }
    }

    /// Stored in `uploads.purpose` and as the first part of the file's key.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Study => "study",
            Purpose::Suggestion => "suggestion",
        }
    }

    /// Who may upload for it.
    pub fn allowed(self, actor: &Actor) -> Result<(), ErrorCode> {
        match self {
            Purpose::Study => actor.require(Action::AuthorStudy, Reach::ScopeRoot),
            // Suggestions come from members (their file says where the suggestion goes).
            Purpose::Suggestion => actor.member_id.map(|_| ()).ok_or(ErrorCode::Forbidden),
        }
    }
}

/// Keeps an image and records it; its address (`/files/…`).
pub async fn store_image(
    db: &Db,
    files: &dyn FileStore,
    actor: &Actor,
    purpose: Purpose,
    bytes: Vec<u8>,
) -> ServiceResult<String> {
    purpose.allowed(actor)?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ErrorCode::FileTooLarge.into());
    }
    require_quota(db, actor).await?;
    let (bytes, content_type, ext) = cleaned(bytes).await?;
    // A suggestion's photo is its member's own: the same picture from two members is two files,
    // each attachable only by the one who uploaded it. Study images are shared by content.
    let mut hasher = Sha256::new();
    if purpose == Purpose::Suggestion {
        hasher.update(actor.account_id.get().to_le_bytes());
    }
    hasher.update(&bytes);
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let key = FileKey::parse(&format!("{}/{hex}.{ext}", purpose.code()))?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    files.put(&key, bytes, content_type).await?;
    let now = crate::clock::now_rfc3339();
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO uploads (key, content_type, size, purpose, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key.as_str())
        .bind(content_type)
        .bind(size)
        .bind(purpose.code())
        .bind(actor.account_id)
        .bind(&now)
        .execute(pool)
        .await?;
    });
    tracing::info!(
        account_id = %actor.account_id,
        key = key.as_str(),
        size,
        "image uploaded"
    );
    Ok(format!("/files/{}", key.as_str()))
}

/// How long an uploaded image may wait to be used: an article being written, a suggestion's
/// photo before it is sent (docs/operations.md#stored-files).
pub const ORPHAN_DAYS: u64 = 7;

/// Deletes the study images and suggestion photos nothing uses, once they are older than
/// [`ORPHAN_DAYS`]: an upload whose article or suggestion was never saved would otherwise stay
/// for ever. Meeting and visit photos are written with their records and are not touched. The
/// row goes first, so a failed file deletion leaves an unreachable file, never a dangling row.
/// How many were deleted.
pub async fn purge_orphans(db: &Db, files: &dyn FileStore) -> ServiceResult<usize> {
    let before = crate::clock::now_rfc3339_minus_secs(ORPHAN_DAYS * 86_400);
    let keys: Vec<String> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT u.key FROM uploads u WHERE u.created_at < $1 AND ( \
               (u.purpose = 'suggestion' AND NOT EXISTS ( \
                  SELECT 1 FROM suggestions s WHERE s.photo_key = u.key)) \
               OR (u.purpose = 'study' AND NOT EXISTS ( \
                  SELECT 1 FROM study_items i WHERE i.body_md LIKE '%' || u.key || '%'))) \
             ORDER BY u.id LIMIT 10000",
        )
        .bind(&before)
        .fetch_all(pool)
        .await?
    });
    let mut deleted = 0;
    for key in keys {
        let Ok(parsed) = FileKey::parse(&key) else {
            continue;
        };
        let gone = with_pool!(db, pool => {
            sqlx::query("DELETE FROM uploads WHERE key = $1 AND created_at < $2")
                .bind(&key)
                .bind(&before)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if gone == 0 {
            continue;
        }
        if let Err(e) = files.delete(&parsed).await {
            tracing::warn!(error = %e, key, "an orphaned upload's file was not deleted");
        }
        deleted += 1;
    }
    if deleted > 0 {
        tracing::info!(deleted, "orphaned uploads deleted");
    }
    Ok(deleted)
}

/// Images one account may upload in a day: an article's illustrations or a suggestion's photos
/// are a few; a script filling the file store is refused (docs/security.md#requests).
pub const DAILY_IMAGES: i64 = 100;

async fn require_quota(db: &Db, actor: &Actor) -> ServiceResult<()> {
    let since = crate::clock::now_rfc3339_minus_secs(86_400);
    let today: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM uploads WHERE uploaded_by = $1 AND created_at >= $2")
            .bind(actor.account_id)
            .bind(&since)
            .fetch_one(pool)
            .await?
    });
    if today >= DAILY_IMAGES {
        return Err(ErrorCode::Throttled.into());
    }
    Ok(())
}

/// The image as it is kept, its type and extension: JPEG and WebP (what cameras write, with
/// their EXIF and GPS position) written again as JPEG like meeting photos; PNG written again as
/// PNG (an `eXIf` chunk can carry a position too); GIF as sent, having no place for either.
async fn cleaned(bytes: Vec<u8>) -> ServiceResult<(Vec<u8>, &'static str, &'static str)> {
    let (content_type, ext) = sniff_image(&bytes).ok_or(ErrorCode::InvalidImage)?;
    if content_type == "image/gif" {
        return Ok((bytes, content_type, ext));
    }
    let png = content_type == "image/png";
    let cleaned = crate::orglife::photo::decoding(move || {
        if png {
            crate::orglife::photo::clean_png(&bytes)
        } else {
            crate::orglife::photo::process(&bytes).map(|p| p.full)
        }
    })
    .await??;
    Ok(if png {
        (cleaned, "image/png", "png")
    } else {
        (cleaned, "image/jpeg", "jpg")
    })
}

/// A stored file as it is served: its bytes and the type sniffed when it was uploaded.
pub struct Download {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    content_type: String,
    purpose: String,
    uploaded_by: domain::AccountId,
}

/// A file for this reader; `NotFound` (never `Forbidden`) when it may not see it, so a name
/// says nothing to others.
pub async fn read(
    db: &Db,
    files: &dyn FileStore,
    actor: &Actor,
    key: &str,
) -> ServiceResult<Download> {
    let key = FileKey::parse(key).map_err(|_| ErrorCode::NotFound)?;
    let row: UploadRow = with_pool!(db, pool => {
        sqlx::query_as("SELECT content_type, purpose, uploaded_by FROM uploads WHERE key = $1")
            .bind(key.as_str())
            .fetch_optional(pool)
            .await?
            .ok_or(ErrorCode::NotFound)?
    });
    let allowed = match row.purpose.as_str() {
        "suggestion" => {
            row.uploaded_by == actor.account_id
                || may_see_suggestion_photo(db, actor, key.as_str()).await?
        }
        "orglife" => crate::orglife::record::may_see_photo(db, actor, key.as_str()).await?,
        "assistance" => crate::assistance::visit::may_see_photo(db, actor, key.as_str()).await?,
        "task" => crate::tasks::review::may_see_attachment(db, actor, key.as_str()).await?,
        _ => true,
    };
    if !allowed {
        return Err(ErrorCode::NotFound.into());
    }
    let bytes = files.get(&key).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Download {
        content_type: row.content_type,
        bytes,
    })
}

/// The author of a suggestion carrying this photo, or whoever may handle one (the addressed
/// organization and those above it).
async fn may_see_suggestion_photo(db: &Db, actor: &Actor, key: &str) -> ServiceResult<bool> {
    let rows: Vec<(domain::AccountId, domain::OrgPath)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT s.author_account_id, o.path FROM suggestions s \
             JOIN organizations o ON o.id = s.org_id WHERE s.photo_key = $1",
        )
        .bind(key)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.iter().any(|(author, path)| {
        *author == actor.account_id || actor.may(Action::HandleSuggestion, actor.reach_org(path))
    }))
}
