use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"党建云"</h1>
            <p>"智慧党建云平台：学习、组织生活、党费、积分，一部手机全部办理。"</p>
        </section>
        <section class="card-grid">
            <a class="card card-link" href="/dues/calculator">
                <h2>"党费计算器"</h2>
                <p>"输入月工资或养老金，立即算出应交党费（按中组部规定的比例）。"</p>
            </a>
            <a class="card card-link" href="/study">
                <h2>"在线学习"</h2>
                <p>"文章、视频与答题。"</p>
            </a>
            <a class="card card-link" href="/org-life">
                <h2>"组织生活"</h2>
                <p>"三会一课、主题党日，全程记实。"</p>
            </a>
        </section>
    }
}
