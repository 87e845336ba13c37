use leptos::prelude::*;

use super::return_field::ReturnField;
use crate::session::UserContext;

/// Changing the password. Works as a plain form; once hydrated, the same `domain` policy the
/// server applies is checked as the member types.
#[component]
pub fn ChangePasswordForm() -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    let action = ctx.change_password;
    let (current, new, confirm) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let live_check = move || {
        let (n, c) = (new.get(), confirm.get());
        if n.is_empty() || c.is_empty() {
            return None;
        }
        domain::password::check_new_password(&current.get(), &n, &c)
            .err()
            .map(|e| e.message_zh())
    };
    let server_error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        <ActionForm action=action>
            <ReturnField />
            <label for="pw-current">"当前密码"</label>
            <input id="pw-current" name="current" type="password" autocomplete="current-password" required
                on:input=move |ev| current.set(event_target_value(&ev)) />
            <label for="pw-new">"新密码"</label>
            <input id="pw-new" name="new_password" type="password" autocomplete="new-password" required
                on:input=move |ev| new.set(event_target_value(&ev)) />
            <label for="pw-confirm">"确认新密码"</label>
            <input id="pw-confirm" name="confirm" type="password" autocomplete="new-password" required
                on:input=move |ev| confirm.set(event_target_value(&ev)) />
            <p class="muted">"至少 8 位，同时包含字母和数字。"</p>
            {move || live_check().map(|m| view! { <p class="field-error" id="pw-live">{m}</p> })}
            {move || server_error().map(|m| view! { <p class="alert" role="alert" id="pw-error">{m}</p> })}
            <div class="form-actions">
                <button type="submit" disabled=move || action.pending().get()>"修改密码"</button>
            </div>
        </ActionForm>
    }
}
