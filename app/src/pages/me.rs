use leptos::prelude::*;
use leptos_meta::Title;

use crate::layout::SignInCard;

use crate::auth::ChangePasswordForm;
use crate::session::UserContext;

#[component]
pub fn MePage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let changed = move || query.with(|q| q.get("password_changed").is_some());
    view! {
        <Title text="我的" />
        <h1>"我的"</h1>
        {move || changed().then(|| view! { <p class="notice" id="password-changed">"密码已修改。"</p> })}
        <Account />
        <crate::layout::AdminLinks id="me-admin" class="card admin-card" />
        <crate::accounts::MyRoles />
        <section class="card">
            <h2>"工具"</h2>
            <ul class="link-list">
                <li><a href="/points">"我的积分"</a></li>
                <li><a href="/rankings">"排名"</a></li>
                <li><a href="/suggestions">"意见建议"</a></li>
                <li><a href="/tasks">"党建任务"</a></li>
                <li><a href="/inbox">"消息"</a></li>
                <li><a href="/dues">"我的党费"</a></li>
                <li><a href="/dues/calculator">"党费计算器"</a></li>
            </ul>
        </section>
        <ServiceStatus />
    }
}

#[component]
fn Account() -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    view! {
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match ctx.user.await {
                    Ok(Some(user)) => view! {
                        <section class="card" id="account">
                            <h2 id="account-name">{user.name.clone()}</h2>
                            <p>{user.role.label_zh()} " · " {user.scope_org_name.clone()}</p>
                            <ul class="link-list">
                                {user.member_id.map(|id| view! { <li><a id="my-file" href=format!("/members/{id}")>"我的档案（一人一表）"</a></li> })}

                                <li><a id="my-org" href="/org">{if user.role.is_admin() || user.role == domain::Role::Auditor { "组织与党员管理" } else { "我的支部" }}</a></li>
                            </ul>
                            {if user.must_change_password {
                                view! {
                                    <p class="alert" id="must-change">"您正在使用初始密码，请先修改密码。"</p>
                                    <ChangePasswordForm />
                                }.into_any()
                            } else {
                                view! {
                                    <details>
                                        <summary>"修改密码"</summary>
                                        <ChangePasswordForm />
                                    </details>
                                }.into_any()
                            }}
                            <ActionForm action=ctx.logout>
                                <button type="submit" class="secondary">"退出登录"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后可查看积分、党费和组织生活。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Asks the public health endpoint from the browser (plain HTTP via gloo-net, not a server
/// function), so a member on a bad connection can tell "the service is down" from "my phone".
#[component]
fn ServiceStatus() -> impl IntoView {
    let status = RwSignal::new(String::from("检查中…"));
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            status.set(health_text().await);
        });
    });
    view! {
        <section class="card">
            <h2>"服务状态"</h2>
            <p id="service-status">{move || status.get()}</p>
        </section>
    }
}

#[cfg(feature = "hydrate")]
async fn health_text() -> String {
    #[derive(serde::Deserialize)]
    struct Health {
        status: String,
        version: String,
    }
    let response = match gloo_net::http::Request::get("/healthz").send().await {
        Ok(r) => r,
        Err(_) => return "无法连接服务器，请检查网络".to_string(),
    };
    match response.json::<Health>().await {
        Ok(h) if h.status == "ok" => format!("服务正常 · 版本 {}", h.version),
        Ok(_) => "服务暂时不可用，请稍后重试".to_string(),
        Err(_) => "服务返回了无法识别的内容".to_string(),
    }
}
