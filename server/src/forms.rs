//! Checks shared by the services that take free text from forms.

use domain::ErrorCode;

use crate::error::{ServiceError, ServiceResult};

/// Trimmed text of `min..=max` characters without control characters (line breaks allowed);
/// otherwise a refusal naming the form field.
pub fn text(field: &'static str, v: &str, min: usize, max: usize) -> ServiceResult<String> {
    let v = v.trim();
    let n = v.chars().count();
    let bad_char = v.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    if n < min || n > max || bad_char {
        return Err(ServiceError::field(field, ErrorCode::InvalidText));
    }
    Ok(v.to_string())
}
