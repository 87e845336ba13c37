use leptos::prelude::*;

use super::nav::NavLinks;
use crate::inbox::InboxBadge;
use crate::session::UserContext;

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
                <UserBadge />
            </header>
            <aside class="sidebar">
                <div class="side-sticky">
                    <NavLinks class="sidenav" />
                    <super::AdminLinks id="side-admin" class="sidenav admin-nav" />
                </div>
            </aside>
            <main class="content">{children()}</main>
            <NavLinks class="tabbar" />
        </div>
    }
}

/// The signed-in member's name (to "我的"), or the way to sign in.
#[component]
fn UserBadge() -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match ctx.user.await {
                    Ok(Some(user)) => view! {
                        <span class="top-actions">
                            <InboxBadge />
                            // The role this session acts in; "我的" lists the others to switch to.
                            {(user.role != domain::Role::Member).then(|| view! {
                                <a class="role-chip" href="/me#my-roles" id="active-role" title=user.scope_org_name.clone()>{user.role.label_zh()}</a>
                            })}
                            <a class="user-badge" href="/me" id="user-badge">{user.name}</a>
                        </span>
                    }.into_any(),
                    _ => view! { <a class="user-badge" href="/login">"登录"</a> }.into_any(),
                }
            })}
        </Transition>
    }
}
