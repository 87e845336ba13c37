use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="页面不存在" />
        <section class="card not-found">
            <h1>"页面不存在"</h1>
            <p>"您要找的页面不存在或已被移走。"</p>
            <a class="button" href="/">"返回首页"</a>
        </section>
    }
}
