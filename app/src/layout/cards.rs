use leptos::prelude::*;

/// What a page shows a visitor who is not signed in: why to sign in, and the way there.
#[component]
pub fn SignInCard(text: &'static str) -> impl IntoView {
    view! {
        <section class="card">
            <p>{text}</p>
            <a class="button" href="/login">"登录"</a>
        </section>
    }
}
