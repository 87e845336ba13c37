use leptos::prelude::*;

/// What a page shows a visitor who is not signed in: why to sign in, and the way there.
#[component]
pub fn SignInCard(
    text: &'static str,
    /// The page to come back to after signing in.
    #[prop(optional, into)]
    next: Option<String>,
) -> impl IntoView {
    let href = next.map_or_else(
        || "/login".to_string(),
        |n| format!("/login?next={}", crate::url::percent_encode(&n)),
    );
    view! {
        <section class="card">
            <p>{text}</p>
            <a class="button" id="sign-in-first" href=href>"登录"</a>
        </section>
    }
}
