//! Who is signed in, for every component: one resource, refreshed after login and logout.

use leptos::prelude::*;

use crate::layout::saves;

use crate::auth::{current_user, ChangePassword, Login, Logout, SessionUser};
use crate::error::AppError;
use crate::url::percent_decode;

#[derive(Clone, Copy)]
pub struct UserContext {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub change_password: ServerAction<ChangePassword>,
    /// Acting in another role changes who the header says is signed in.
    pub switch_role: ServerAction<crate::accounts::SwitchRole>,
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
}

pub fn provide_user_context() -> UserContext {
    provide_action_error();
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let switch_role = ServerAction::<crate::accounts::SwitchRole>::new();
    let (login_saved, logout_saved, password_saved, role_saved) = (
        saves(login),
        saves(logout),
        saves(change_password),
        saves(switch_role),
    );
    let user = Resource::new(
        move || {
            (
                login_saved.get(),
                logout_saved.get(),
                password_saved.get(),
                role_saved.get(),
            )
        },
        |_| current_user(),
    );
    let ctx = UserContext {
        login,
        logout,
        change_password,
        switch_role,
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
