//! API tokens for integrations (docs/security.md#api-tokens): what a token may do, what a
//! county administrator may ask for when creating one, and how a token is written.
//!
//! A token reads `djt_<id>_<secret>`: the id finds its row, the secret (43 URL-safe
//! characters, 256 random bits) is compared by its hash, so the stored row cannot be used.

use crate::ErrorCode;

code_enum! {
    /// What a token may do; every `/api/v1` route a token can reach names the scope it needs.
    pub enum TokenScope / InvalidTokenSettings {
        MembersRead = "members:read" / "读取党员档案和名册",
        OrgsRead = "orgs:read" / "读取组织信息和换届",
        DuesRead = "dues:read" / "读取党费欠缴情况",
        AuditRead = "audit:read" / "读取操作记录",
    }
}

/// The longest a token may live: integrations are renewed at least once a year.
pub const MAX_DAYS: u16 = 365;
/// A name short enough for the settings table, long enough to say which system holds it.
pub const MAX_NAME_CHARS: usize = 40;
/// The prefix that marks a string as one of our tokens (and lets secret scanners find it).
pub const PREFIX: &str = "djt_";
/// Characters in a token's secret part.
pub const SECRET_CHARS: usize = 43;

/// A token as a county administrator asks for it: a name, its scopes, its lifetime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub name: String,
    /// Sorted, without repeats, never empty.
    pub scopes: Vec<TokenScope>,
    pub days: u16,
}

impl TokenRequest {
    /// Refuses an empty or overlong name (or one with control characters), no scope, an
    /// unknown scope, and a lifetime outside 1..=365 days.
    pub fn parse(name: &str, scopes: &[String], days: &str) -> Result<Self, ErrorCode> {
        let name = name.trim();
        let count = name.chars().count();
        if count == 0 || count > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(ErrorCode::InvalidTokenSettings);
        }
        let mut parsed = scopes
            .iter()
            .map(|s| TokenScope::parse(s))
            .collect::<Result<Vec<_>, _>>()?;
        parsed.sort();
        parsed.dedup();
        if parsed.is_empty() {
            return Err(ErrorCode::InvalidTokenSettings);
        }
        let days = days
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d))
            .ok_or(ErrorCode::InvalidTokenSettings)?;
        Ok(Self {
            name: name.to_string(),
            scopes: parsed,
            days,
        })
    }
}

/// The scopes as stored: codes joined by spaces, as OAuth writes them.
pub fn scopes_text(scopes: &[TokenScope]) -> String {
    scopes
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads stored scopes back; an unknown code (from a newer version) is skipped, not granted.
pub fn scopes_from_text(text: &str) -> Vec<TokenScope> {
    text.split_whitespace()
        .filter_map(|s| TokenScope::parse(s).ok())
        .collect()
}

/// Writes a token from its row id and secret.
pub fn format_token(id: i64, secret: &str) -> String {
    format!("{PREFIX}{id}_{secret}")
}

/// Splits a presented token into its row id and secret; `None` for anything else.
pub fn split_token(token: &str) -> Option<(i64, &str)> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
    let well_formed = secret.len() == SECRET_CHARS
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    well_formed.then_some((id, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_request_is_named_scoped_and_bounded() {
        let r = TokenRequest::parse(
            " 组织部数据中心 ",
            &scopes(&["orgs:read", "members:read", "orgs:read"]),
            "90",
        )
        .unwrap();
        assert_eq!(r.name, "组织部数据中心");
        assert_eq!(
            r.scopes,
            vec![TokenScope::MembersRead, TokenScope::OrgsRead]
        );
        assert_eq!(r.days, 90);
        assert_eq!(scopes_from_text(&scopes_text(&r.scopes)), r.scopes);
        for (name, list, days) in [
            ("", vec!["orgs:read"], "30"),
            (&"长".repeat(41), vec!["orgs:read"], "30"),
            ("a\tb", vec!["orgs:read"], "30"),
            ("x", vec![], "30"),
            ("x", vec!["members:write"], "30"),
            ("x", vec!["orgs:read"], "0"),
            ("x", vec!["orgs:read"], "366"),
            ("x", vec!["orgs:read"], "ten"),
        ] {
            assert_eq!(
                TokenRequest::parse(name, &scopes(&list), days),
                Err(ErrorCode::InvalidTokenSettings),
                "{name:?} {list:?} {days}"
            );
        }
    }

    #[test]
    fn a_token_splits_into_id_and_secret_only_when_well_formed() {
        let secret = "a".repeat(SECRET_CHARS);
        let token = format_token(12, &secret);
        assert_eq!(split_token(&token), Some((12, secret.as_str())));
        for bad in [
            "djt_12",
            "djt__aaaa",
            "djt_0_".to_string().as_str(),
            &format!("djt_x_{secret}"),
            &format!("djt_-1_{secret}"),
            &format!("djt_12_{}", "a".repeat(SECRET_CHARS - 1)),
            &format!("djt_12_{}!", "a".repeat(SECRET_CHARS - 1)),
            &format!("xdjt_12_{secret}"),
        ] {
            assert_eq!(split_token(bad), None, "{bad}");
        }
        assert_eq!(
            scopes_from_text("orgs:read future:scope"),
            vec![TokenScope::OrgsRead]
        );
    }
}
