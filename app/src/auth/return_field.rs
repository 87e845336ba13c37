use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The page's `?next=` (where a member was going when asked to sign in, e.g. a scanned sign-in
/// code) carried into the form as a hidden field, when it is a path on this site.
#[component]
pub fn ReturnField() -> impl IntoView {
    use_query_map()
        .with_untracked(|q| q.get("next"))
        .filter(|n| crate::url::return_path(n).is_some())
        .map(|n| view! { <input type="hidden" name="next" value=n /> })
}
