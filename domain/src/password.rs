//! The password policy, checked the same way in the browser (as the member types) and on the
//! server (authoritatively).

use crate::error::ErrorCode;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

/// A new password must be 8–128 characters with at least one letter and one digit, typed the
/// same twice, and differ from the current one.
pub fn check_new_password(current: &str, new: &str, confirm: &str) -> Result<(), ErrorCode> {
    let len = new.chars().count();
    let has_letter = new.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = new.chars().any(|c| c.is_ascii_digit());
    if !(MIN_LEN..=MAX_LEN).contains(&len) || !has_letter || !has_digit {
        return Err(ErrorCode::WeakPassword);
    }
    if new != confirm {
        return Err(ErrorCode::PasswordMismatch);
    }
    if new == current {
        return Err(ErrorCode::PasswordUnchanged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(
            check_new_password("demo1234", "abc12345", "abc12345"),
            Ok(())
        );
        assert_eq!(
            check_new_password("x", "abc1234", "abc1234"),
            Err(ErrorCode::WeakPassword)
        );
        assert_eq!(
            check_new_password("x", "abcdefgh", "abcdefgh"),
            Err(ErrorCode::WeakPassword)
        );
        assert_eq!(
            check_new_password("x", "12345678", "12345678"),
            Err(ErrorCode::WeakPassword)
        );
        assert_eq!(
            check_new_password("x", "abc12345", "abc12346"),
            Err(ErrorCode::PasswordMismatch)
        );
        assert_eq!(
            check_new_password("demo1234", "demo1234", "demo1234"),
            Err(ErrorCode::PasswordUnchanged)
        );
        // Counted in characters, not bytes.
        assert_eq!(
            check_new_password("x", "党建a1", "党建a1"),
            Err(ErrorCode::WeakPassword)
        );
    }
}
