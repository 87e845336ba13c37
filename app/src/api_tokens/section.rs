use domain::api_token::{TokenScope, MAX_DAYS, MAX_NAME_CHARS};
use leptos::prelude::*;

use super::{
    form::scope_field, load_api_tokens, ApiTokenView, ApiTokensView, CreateApiToken, RevokeApiToken,
};
use crate::layout::{action_error, saves};

/// The tokens section of `/admin/settings`; the server refuses anyone but a county
/// administrator, and the settings page is theirs alone.
#[component]
pub fn ApiTokensSection() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let (created, revoked) = (saves(create), saves(revoke));
    let data = Resource::new(
        move || (created.get(), revoked.get()),
        |_| load_api_tokens(),
    );
    // The new token's text lives only in this action's value: shown once, gone on reload.
    let new_token = move || {
        create.value().with(|v| {
            v.as_ref().and_then(|r| r.as_ref().ok()).map(|token| {
                view! {
                    <div class="notice" id="api-token-new">
                        <p>"令牌已创建。请现在复制保存，离开本页后不再显示："</p>
                        <p><code id="api-token-text">{token.clone()}</code></p>
                    </div>
                }
            })
        })
    };
    let create_error = action_error(create);
    let revoke_error = action_error(revoke);
    view! {
        <section class="card" id="settings-api-tokens">
            <h2>"API 令牌"</h2>
            <p class="muted">
                "供其他系统读取本县数据。令牌只能读取所选范围，不能修改任何数据；每次使用都有记录，每分钟次数有上限。接口说明见 "
                <a href="/api/v1/docs">"/api/v1/docs"</a>"。"
            </p>
            {new_token}
            <ActionForm action=create>
                <label for="api-token-name">"名称（用在哪个系统）"</label>
                <input id="api-token-name" name="token[name]" required maxlength=MAX_NAME_CHARS.to_string() />
                <fieldset id="api-token-scopes">
                    <legend>"权限"</legend>
                    {TokenScope::ALL.iter().map(|s| view! {
                        <label class="inline">
                            <input type="checkbox" name=format!("token[{}]", scope_field(s.code())) id=format!("api-scope-{}", s.code().replace(':', "-")) />
                            {s.label_zh()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label for="api-token-days">"有效天数"</label>
                <input id="api-token-days" name="token[days]" type="number" min="1" max=MAX_DAYS.to_string() value="90" required />
                {move || create_error().map(|e| view! { <p class="alert" id="api-token-error">{e}</p> })}
                <button type="submit" id="api-token-create">"创建令牌"</button>
            </ActionForm>
            {move || revoke_error().map(|e| view! { <p class="alert" id="api-token-revoke-error">{e}</p> })}
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <TokenTables view=v revoke /> }.into_any(),
                        Err(e) => view! { <p class="alert" id="api-tokens-error">{e.message()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TokenTables(view: ApiTokensView, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let ApiTokensView { tokens, recent } = view;
    let listed = if tokens.is_empty() {
        view! { <p class="muted" id="api-tokens-none">"还没有令牌。"</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
            <table id="api-tokens">
                <thead><tr><th>"名称"</th><th>"权限"</th><th>"到期"</th><th>"最近使用"</th><th>"次数"</th><th>"状态"</th><th></th></tr></thead>
                <tbody>{tokens.into_iter().map(|t| view! { <TokenRow token=t revoke /> }).collect_view()}</tbody>
            </table>
            </div>
        }
        .into_any()
    };
    view! {
        {listed}
        {(!recent.is_empty()).then(|| view! {
            <h3>"最近的调用"</h3>
            <div class="table-scroll">
            <table id="api-token-uses">
                <thead><tr><th>"时间"</th><th>"令牌"</th><th>"请求"</th><th>"结果"</th></tr></thead>
                <tbody>{recent.into_iter().map(|u| view! {
                    <tr><td>{u.at}</td><td>{u.token_name}</td><td>{format!("{} {}", u.method, u.path)}</td><td>{u.status}</td></tr>
                }).collect_view()}</tbody>
            </table>
            </div>
        })}
    }
}

#[component]
fn TokenRow(token: ApiTokenView, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let id = token.id;
    view! {
        <tr id=format!("api-token-{id}")>
            <td>{token.name}</td>
            <td>{token.scopes.join("、")}</td>
            <td>{token.expires_at}</td>
            <td>{token.last_used_at.unwrap_or_else(|| "未使用".into())}</td>
            <td>{token.uses}</td>
            <td class="token-state">{token.state}</td>
            <td>{token.live.then(|| view! {
                <ActionForm action=revoke>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="secondary" id=format!("api-token-revoke-{id}")>"撤销"</button>
                </ActionForm>
            })}</td>
        </tr>
    }
}
