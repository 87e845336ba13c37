use leptos::prelude::*;

/// What a member sees when a page fails: a plain apology and a way on, never a blank page.
/// The cause stays in the server log.
#[component]
pub fn FriendlyError(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let count = move || errors.with(|e| e.iter().count());
    view! {
        <section class="card error-card" role="alert">
            <h1>"页面出了点问题"</h1>
            <p>"请稍后重试，或返回首页。如果问题一直存在，请联系所在党组织的管理员。"</p>
            <p class="muted">{move || format!("错误数：{}", count())}</p>
            <a class="button" href="/">"返回首页"</a>
        </section>
    }
}
