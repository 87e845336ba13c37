//! Server functions for signing in and out. Thin: read the request, call the backend.

use leptos::prelude::*;

use super::SessionUser;
use crate::error::AppError;

/// `next`: the page that sent the member to sign in (a scanned sign-in QR code), returned to after.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    mobile: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use super::cookie::set_cookie_header;
    use axum::http::{header::SET_COOKIE, HeaderValue};
    use domain::ErrorCode;

    use crate::error::{fail, fail_with};

    let backend = crate::backend::backend().map_err(fail)?;
    let client = ssr::client_address().await;
    let ok = backend
        .login(&mobile, &password, client)
        .await
        .map_err(fail_with)?;
    let cookie = HeaderValue::from_str(&set_cookie_header(&ok.token, backend.secure_cookies()))
        .map_err(|_| ErrorCode::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(SET_COOKIE, cookie);
    ssr::SessionMemo::forget();
    // A one-time password must be replaced before anything else; where the member was going
    // waits until then.
    let next = next.as_deref().and_then(crate::url::return_path);
    let to = match (ok.user.must_change_password, next) {
        (true, Some(n)) => format!(
            "/me?change_password=1&next={}",
            crate::url::percent_encode(n)
        ),
        (true, None) => "/me?change_password=1".to_string(),
        (false, n) => n.unwrap_or("/").to_string(),
    };
    leptos_axum::redirect(&to);
    Ok(())
}

/// Replaces the member's password; required before anything else after a one-time password.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use crate::error::fail;

    use super::cookie::set_cookie_header;
    use axum::http::{header::SET_COOKIE, HeaderValue};
    use domain::ErrorCode;

    let user = ssr::require_session().await?;
    domain::password::check_new_password(&current, &new_password, &confirm).map_err(fail)?;
    let backend = crate::backend::backend().map_err(fail)?;
    let token = ssr::token(backend.secure_cookies())
        .await
        .ok_or_else(|| fail(ErrorCode::Unauthorized))?;
    let rotated = backend
        .change_password(&user, &token, &current, &new_password)
        .await
        .map_err(fail)?;
    // The old token ended with the other sessions: this browser goes on under a new one.
    let cookie = HeaderValue::from_str(&set_cookie_header(&rotated, backend.secure_cookies()))
        .map_err(|_| fail(ErrorCode::Internal))?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(SET_COOKIE, cookie);
    ssr::SessionMemo::forget();
    leptos_axum::redirect(
        next.as_deref()
            .and_then(crate::url::return_path)
            .unwrap_or("/me?password_changed=1"),
    );
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::cookie::clear_cookie_header;
    use axum::http::{header::SET_COOKIE, HeaderValue};
    use domain::ErrorCode;

    let backend = crate::backend::backend()?;
    if let Some(token) = ssr::token(backend.secure_cookies()).await {
        backend.logout(&token).await?;
    }
    ssr::SessionMemo::forget();
    let cookie = HeaderValue::from_str(&clear_cookie_header(backend.secure_cookies()))
        .map_err(|_| ErrorCode::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(SET_COOKIE, cookie);
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(ssr::session_user().await?.map(|caller| caller.user))
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use axum::http::HeaderMap;
    use domain::ErrorCode;

    use crate::backend::Caller;
    use std::sync::Arc;

    /// The session as first looked up in this request: a page's layout and its data both ask,
    /// often at once, and one lookup serves them all (the others wait for it). The server
    /// provides a fresh one per request.
    #[derive(Clone, Default)]
    pub struct SessionMemo(Arc<tokio::sync::Mutex<Option<Option<Caller>>>>);

    impl SessionMemo {
        /// After signing in or out or changing the password: the next look is fresh.
        pub fn forget() {
            if let Some(memo) = leptos::prelude::use_context::<SessionMemo>() {
                match memo.0.try_lock() {
                    Ok(mut slot) => *slot = None,
                    // Only a lookup of this same request holds it, and none runs after the
                    // change that calls this.
                    Err(_) => leptos::logging::warn!("session memo busy: not cleared"),
                }
            }
        }
    }

    /// The signed-in caller of this request, if any: the first line of every server function
    /// that reads or writes anything personal.
    pub async fn session_user() -> Result<Option<Caller>, ErrorCode> {
        let Some(memo) = leptos::prelude::use_context::<SessionMemo>() else {
            return lookup().await;
        };
        let mut slot = memo.0.lock().await;
        if let Some(found) = slot.as_ref() {
            return Ok(found.clone());
        }
        let found = lookup().await?;
        *slot = Some(found.clone());
        Ok(found)
    }

    async fn lookup() -> Result<Option<Caller>, ErrorCode> {
        let backend = crate::backend::backend()?;
        match token(backend.secure_cookies()).await {
            Some(token) => backend.session_user(&token).await,
            None => Ok(None),
        }
    }

    /// The signed-in user, or the `Unauthorized` error the server function returns. An account
    /// whose one-time password is unchanged is refused here, before anything the request
    /// carries is read (docs/security.md#one-time-passwords).
    pub async fn require_user() -> Result<Caller, crate::error::AppError> {
        let caller = require_session().await?;
        if caller.must_change_password {
            return Err(crate::error::fail(ErrorCode::PasswordChangeRequired));
        }
        Ok(caller)
    }

    /// The county's administrator, acting as such: the county's rules are set by nobody else,
    /// and anyone else is refused before the form is read (docs/security.md#the-access-matrix).
    pub async fn require_county() -> Result<Caller, crate::error::AppError> {
        let caller = require_user().await?;
        if caller.role != domain::Role::CountyAdmin {
            return Err(crate::error::fail(ErrorCode::Forbidden));
        }
        Ok(caller)
    }

    /// Signed in, whatever the password's state: what changing the password needs.
    pub async fn require_session() -> Result<Caller, crate::error::AppError> {
        use crate::error::fail;
        session_user()
            .await
            .map_err(fail)?
            .ok_or_else(|| fail(ErrorCode::Unauthorized))
    }

    /// A page's data: `None` without a session (the page asks to sign in), refused while the
    /// one-time password is unchanged.
    pub async fn page_user() -> Result<Option<Caller>, crate::error::AppError> {
        use crate::error::fail;
        match session_user().await.map_err(fail)? {
            Some(caller) if caller.must_change_password => {
                Err(fail(ErrorCode::PasswordChangeRequired))
            }
            found => Ok(found),
        }
    }

    pub async fn token(secure: bool) -> Option<String> {
        let headers: HeaderMap = leptos_axum::extract().await.ok()?;
        super::super::cookie::read(&headers, super::super::cookie::session_cookie_name(secure))
    }

    /// The client, as the server resolved it behind its trusted proxies; `None` only where no
    /// connection address exists (a router served without one).
    pub async fn client_address() -> Option<std::net::IpAddr> {
        leptos_axum::extract::<axum::Extension<crate::backend::ClientAddress>>()
            .await
            .ok()
            .map(|axum::Extension(c)| c.0)
    }
}
