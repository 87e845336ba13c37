//! Who is signed in, for every component: one resource, refreshed after login and logout.

use leptos::prelude::*;

use crate::auth::{current_user, Login, Logout, SessionUser};
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct UserContext {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
}

pub fn provide_user_context() -> UserContext {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(
        move || (login.version().get(), logout.version().get()),
        |_| current_user(),
    );
    let ctx = UserContext {
        login,
        logout,
        user,
    };
    provide_context(ctx);
    ctx
}
