//! The session cookie: HttpOnly, SameSite=Lax, and `Secure` with the `__Host-` prefix when the
//! site is served over HTTPS (then no subdomain or plain-HTTP page can set or read it).
#![cfg(feature = "ssr")]

pub const MAX_AGE_SECONDS: i64 = 7 * 24 * 3600;

pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-dj_session"
    } else {
        "dj_session"
    }
}

pub fn set_cookie_header(token: &str, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={MAX_AGE_SECONDS}{secure_attr}"
    )
}

pub fn clear_cookie_header(secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure_attr = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure_attr}")
}

/// The session token from a `Cookie` header, if any.
pub fn session_token(cookie_header: &str, secure: bool) -> Option<String> {
    value_in(cookie_header, session_cookie_name(secure))
}

/// The value of cookie `name` in a request's `Cookie` headers (a client may send several):
/// the one cookie reader of the app and the server.
pub fn read(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| value_in(h, name))
}

fn value_in(cookie_header: &str, name: &str) -> Option<String> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes_follow_the_transport() {
        let plain = set_cookie_header("abc", false);
        assert!(
            plain.starts_with("dj_session=abc;")
                && plain.contains("HttpOnly")
                && plain.contains("SameSite=Lax")
        );
        assert!(!plain.contains("Secure"));
        let tls = set_cookie_header("abc", true);
        assert!(tls.starts_with("__Host-dj_session=abc;") && tls.ends_with("; Secure"));
    }

    #[test]
    fn token_is_found_among_other_cookies() {
        assert_eq!(
            session_token("a=1; dj_session=tok; b=2", false).as_deref(),
            Some("tok")
        );
        assert_eq!(session_token("dj_session=", false), None);
        assert_eq!(session_token("dj_session=tok", true), None);
    }
}
