use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MePage() -> impl IntoView {
    view! {
        <Title text="我的" />
        <h1>"我的"</h1>
        <section class="card">
            <h2>"工具"</h2>
            <ul class="link-list">
                <li><a href="/dues/calculator">"党费计算器"</a></li>
            </ul>
        </section>
        <ServiceStatus />
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
