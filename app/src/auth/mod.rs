pub(crate) mod api;
mod cookie;
mod login;
mod session;

pub use api::{current_user, Login, Logout};
#[cfg(feature = "ssr")]
pub use cookie::{session_cookie_name, session_token};
pub use login::LoginPage;
pub use session::SessionUser;
