use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StudyPage() -> impl IntoView {
    view! {
        <Title text="学习" />
        <h1>"学习"</h1>
        <section class="card empty">
            <p>"暂无学习内容。县委组织部和各党委发布文章、视频和答题后，会在这里显示。"</p>
        </section>
    }
}
