use leptos::prelude::*;

use super::nav::NavLinks;

/// Mobile first: a bottom tab bar on phones; on wide screens the same entries move to a side bar
/// (CSS decides which one shows, so the server renders one document for every screen).
#[component]
pub fn AppFrame(children: Children) -> impl IntoView {
    view! {
        <div class="frame">
            <header class="topbar">
                <a href="/" class="brand">
                    <span class="brand-mark" aria-hidden="true">"★"</span>
                    "党建云"
                </a>
            </header>
            <aside class="sidebar">
                <NavLinks class="sidenav" />
            </aside>
            <main class="content">{children()}</main>
            <NavLinks class="tabbar" />
        </div>
    }
}
