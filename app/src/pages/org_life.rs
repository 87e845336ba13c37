use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrgLifePage() -> impl IntoView {
    view! {
        <Title text="组织生活" />
        <h1>"组织生活"</h1>
        <section class="card empty">
            <p>"暂无组织生活安排。支部计划的三会一课、主题党日会在这里显示。"</p>
        </section>
    }
}
