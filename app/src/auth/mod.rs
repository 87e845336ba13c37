pub(crate) mod api;
pub mod cookie;
mod facade;
mod login;
mod password_form;
mod return_field;
mod session;

#[cfg(feature = "ssr")]
pub use api::ssr::SessionMemo;
pub use api::{current_user, ChangePassword, Login, Logout};
#[cfg(feature = "ssr")]
pub use cookie::{session_cookie_name, session_token};
#[cfg(feature = "ssr")]
pub use facade::{AuthApi, LoginOk};
pub use login::LoginPage;
pub use password_form::ChangePasswordForm;
pub use session::SessionUser;
