//! Who is signed in, for every component: one resource, refreshed after login and logout.

use leptos::prelude::*;

use crate::layout::saves;

use crate::auth::{current_user, ChangePassword, Login, Logout, SessionUser};
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct UserContext {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub change_password: ServerAction<ChangePassword>,
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
}

pub fn provide_user_context() -> UserContext {
    provide_action_error();
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let (login_saved, logout_saved, password_saved) =
        (saves(login), saves(logout), saves(change_password));
    let user = Resource::new(
        move || (login_saved.get(), logout_saved.get(), password_saved.get()),
        |_| current_user(),
    );
    let ctx = UserContext {
        login,
        logout,
        change_password,
        user,
    };
    provide_context(ctx);
    ctx
}

/// Without JavaScript a failed form post comes back as a redirect whose query names the server
/// function (`__path`) and carries its error (`__err`). Handing that to the actions lets the
/// page show the message exactly as it would after a script call.
fn provide_action_error() {
    #[cfg(feature = "ssr")]
    let query = use_context::<axum::http::request::Parts>()
        .and_then(|p| p.uri.query().map(str::to_string))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let query = window().location().search().unwrap_or_default();

    let (mut path, mut err) = (None, None);
    for pair in query.trim_start_matches('?').split('&') {
        match pair.split_once('=') {
            Some(("__path", v)) => path = Some(percent_decode(v)),
            Some(("__err", v)) => err = Some(percent_decode(v)),
            _ => {}
        }
    }
    if let (Some(path), Some(err)) = (path, err) {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'%' if i + 2 < bytes.len() => hex(bytes[i + 1])
                .zip(hex(bytes[i + 2]))
                .map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (decoded, bytes[i]) {
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

#[cfg(test)]
mod tests {
    use super::percent_decode;

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
}
