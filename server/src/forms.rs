//! Checks shared by the services that take free text from forms.

use app::error::AppError;
use domain::ErrorCode;

/// Trimmed text of `min..=max` characters without control characters (line breaks allowed);
/// otherwise an error naming the field by its form label.
pub fn text(label: &str, v: &str, min: usize, max: usize) -> Result<String, AppError> {
    let v = v.trim();
    let n = v.chars().count();
    let bad_char = v.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    if n < min || n > max || bad_char {
        return Err(AppError::Field {
            label: label.to_string(),
            code: ErrorCode::InvalidText,
        });
    }
    Ok(v.to_string())
}
