//! The create form's fields: `token[name]`, `token[days]`, and a `token[scope:<code>]`
//! checkbox per scope.

use std::collections::HashMap;

use domain::{api_token::TokenRequest, ErrorCode};

/// The field name of a scope's checkbox.
pub fn scope_field(code: &str) -> String {
    format!("scope:{code}")
}

pub fn token_request(form: &HashMap<String, String>) -> Result<TokenRequest, ErrorCode> {
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let scopes: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("scope:"))
        .map(str::to_string)
        .collect();
    TokenRequest::parse(field("name"), &scopes, field("days"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::api_token::TokenScope;

    #[test]
    fn checked_boxes_become_scopes() {
        let form: HashMap<String, String> = [
            ("name", "数据中心"),
            ("days", "30"),
            ("scope:orgs:read", "on"),
            ("scope:dues:read", "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let r = token_request(&form).unwrap();
        assert_eq!(r.scopes, vec![TokenScope::OrgsRead, TokenScope::DuesRead]);
        let mut none = form.clone();
        none.retain(|k, _| !k.starts_with("scope:"));
        assert_eq!(token_request(&none), Err(ErrorCode::InvalidTokenSettings));
    }
}
