use leptos::prelude::*;
use leptos_meta::Title;

use super::return_field::ReturnField;
use crate::session::UserContext;

/// `/login`: a plain form that works before the WASM arrives; after hydration it submits
/// without a page load and shows the error in place.
#[component]
pub fn LoginPage() -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    let login = ctx.login;
    let error = move || {
        login
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        <Title text="登录" />
        <h1>"登录"</h1>
        <div class="card">
            <ActionForm action=login>
                <ReturnField />
                <label for="login-mobile">"手机号"</label>
                <input
                    id="login-mobile"
                    name="mobile"
                    type="tel"
                    inputmode="numeric"
                    autocomplete="username"
                    maxlength="20"
                    required
                />
                <label for="login-password">"密码"</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                {move || error().map(|m| view! { <p class="alert" role="alert" id="login-error">{m}</p> })}
                <div class="form-actions">
                    <button type="submit" disabled=move || login.pending().get()>"登录"</button>
                </div>
            </ActionForm>
        </div>
        <p class="muted">"账号由所在党组织开通。首次登录请使用组织发放的初始密码，登录后需修改密码。"</p>
    }
}
