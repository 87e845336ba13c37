use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

/// Argon2id with the crate's default (OWASP-recommended) parameters, PHC string format.
#[allow(clippy::expect_used)] // constant, valid parameters: hashing cannot fail
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

/// Constant-time verification; a malformed stored hash verifies nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_salted_and_verify() {
        let (a, b) = (super::hash("demo1234"), super::hash("demo1234"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(super::verify("demo1234", &a));
        assert!(!super::verify("demo12345", &a));
        assert!(!super::verify("demo1234", "not a hash"));
    }
}
