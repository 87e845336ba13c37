//! Query strings by hand: the few places that read or write one share these, on the server and
//! in the browser alike.

/// Percent-encoded for a query string value: everything but the unreserved characters.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&here) = bytes.get(i) {
        let decoded = match (here, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (decoded, here) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where to go after signing in, when `next` is a path on this site (`/org-life/sign-in?code=…`).
/// Anything else — another site (`//evil.example`, `https://…`), a backslash some browsers read
/// as a slash, control characters — is ignored, so a link cannot send a member off-site.
pub fn return_path(next: &str) -> Option<&str> {
    let on_site = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    on_site.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, percent_encode, return_path};

    #[test]
    fn decodes_query_values() {
        assert_eq!(percent_decode("%2Fapi%2Flogin"), "/api/login");
        assert_eq!(percent_decode("eyJDb2RlIjoi%3D%3D"), "eyJDb2RlIjoi==");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        // Raw UTF-8 after a '%' must not split a character (a crafted URL once panicked here).
        assert_eq!(percent_decode("%中"), "%中");
        assert_eq!(percent_decode("a%E4%B8%AD"), "a中");
    }

    #[test]
    fn encodes_what_decodes_back() {
        let value = "/org-life/sign-in?code=012345&x=走访 记录";
        assert_eq!(percent_encode("a b&c/中"), "a%20b%26c%2F%E4%B8%AD");
        assert_eq!(percent_decode(&percent_encode(value)), value);
    }

    #[test]
    fn only_paths_on_this_site_are_returned_to() {
        assert_eq!(
            return_path("/org-life/sign-in?code=012345"),
            Some("/org-life/sign-in?code=012345")
        );
        for bad in [
            "",
            "org-life",
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "/a\nb",
        ] {
            assert_eq!(return_path(bad), None, "{bad:?}");
        }
    }
}
