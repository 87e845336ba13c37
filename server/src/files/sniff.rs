//! What kind of image a file is, read from its first bytes (never its name or what the
//! browser says).

/// The image type the bytes start with, and its file extension.
pub fn sniff_image(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if bytes.get(..4) == Some(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// Bytes of one document a report carries (a scanned PDF, a Word or Excel file).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// A document's type from its bytes: PDF, or a Word or Excel file (a zip package whose parts
/// name it), with the extension it is stored under.
pub fn sniff_document(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        return Some(("application/pdf", "pdf"));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if !has(b"[Content_Types].xml") {
        None
    } else if has(b"word/") {
        Some((
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ))
    } else if has(b"xl/") {
        Some((
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_by_content() {
        assert_eq!(sniff_document(b"%PDF-1.7\n...").map(|s| s.1), Some("pdf"));
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml";
        assert_eq!(sniff_document(docx).map(|s| s.1), Some("docx"));
        let xlsx = b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml";
        assert_eq!(sniff_document(xlsx).map(|s| s.1), Some("xlsx"));
        // A zip that is no Office file, text, an image: refused.
        assert_eq!(sniff_document(b"PK\x03\x04....readme.txt"), None);
        assert_eq!(sniff_document(b"hello"), None);
        assert_eq!(sniff_document(&[0xFF, 0xD8, 0xFF, 0xE0]), None);
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]).map(|s| s.0),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n....").map(|s| s.0),
            Some("image/png")
        );
        assert_eq!(sniff_image(b"GIF89a...").map(|s| s.0), Some("image/gif"));
        assert_eq!(
            sniff_image(b"RIFF\0\0\0\0WEBPVP8 ").map(|s| s.0),
            Some("image/webp")
        );
        assert!(sniff_image(b"RIFF\0\0\0\0WEB").is_none());
        assert!(sniff_image(b"<svg onload=alert(1)>").is_none());
        assert!(sniff_image(b"%PDF-1.7").is_none());
        assert!(sniff_image(b"").is_none());
    }
}
