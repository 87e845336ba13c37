//! Documents a task report carries (docs/rules.md#tasks): a PDF, a Word or an Excel file, kept
//! as sent — their type read from the bytes, never from the name — under a name by content.

use domain::ErrorCode;

use crate::{
    error::ServiceResult,
    files::{sniff::sniff_document, FileKey, SharedFileStore},
};

/// A document in the file store, with the name the phone gave it.
pub struct StoredDocument {
    pub key: FileKey,
    pub name: String,
    pub content_type: &'static str,
    pub size: i64,
}

/// Every document's type, or the refusal of them all, before anything is stored.
pub fn check(documents: &[(String, Vec<u8>)]) -> Result<(), ErrorCode> {
    if documents.iter().all(|(_, b)| sniff_document(b).is_some()) {
        Ok(())
    } else {
        Err(ErrorCode::InvalidDocument)
    }
}

/// The name as shown: its last path segment, without control characters, at most 100
/// characters; a name left empty becomes 附件 with the type's extension.
fn clean_name(name: &str, ext: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    let kept = kept.trim();
    if kept.is_empty() {
        format!("附件.{ext}")
    } else {
        kept.to_string()
    }
}

pub async fn store(
    files: &SharedFileStore,
    documents: Vec<(String, Vec<u8>)>,
) -> ServiceResult<Vec<StoredDocument>> {
    use sha2::{Digest, Sha256};
    check(&documents)?;
    let mut out = Vec::with_capacity(documents.len());
    for (name, bytes) in documents {
        let (content_type, ext) = sniff_document(&bytes).ok_or(ErrorCode::InvalidDocument)?;
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        let key = FileKey::parse(&format!("task/{hex}.{ext}"))?;
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        files.put(&key, bytes, content_type).await?;
        out.push(StoredDocument {
            key,
            name: clean_name(&name, ext),
            content_type,
            size,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_their_folders_and_control_characters() {
        assert_eq!(
            clean_name("C:\\Users\\支部\\冬训名单.xlsx", "xlsx"),
            "冬训名单.xlsx"
        );
        assert_eq!(clean_name("../../etc/passwd\u{7}", "pdf"), "passwd");
        assert_eq!(clean_name("  ", "pdf"), "附件.pdf");
    }
}
