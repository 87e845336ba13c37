use leptos::prelude::*;
use leptos_meta::Title;

use super::load_inbox;
use crate::layout::SignInCard;

/// `/inbox`: replies, awards and reminders, newest first. Opening it reads them.
#[component]
pub fn InboxPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_inbox());
    view! {
        <Title text="消息" />
        <h1>"消息"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(items)) if items.is_empty() => view! {
                        <section class="card"><p class="muted" id="inbox-empty">"暂无消息。"</p></section>
                    }.into_any(),
                    Ok(Some(items)) => view! {
                        <section class="card">
                            <ul class="ledger" id="inbox">
                                {items.into_iter().map(|n| view! {
                                    <li class:unread=n.unread>
                                        <a href=n.link.clone()><strong>{n.title}</strong></a>
                                        <p>{n.body}</p>
                                        <p class="muted">{n.at.replace('T', " ").chars().take(16).collect::<String>()}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看消息。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The unread count beside the account name. Browser-only: it starts empty in the server's
/// HTML (so hydration sees the same markup on every page) and asks for the count once the page
/// is interactive, then every 10 seconds, so new messages show without a reload. Without
/// JavaScript the home page's card shows the count instead.
#[component]
pub fn InboxBadge() -> impl IntoView {
    let count = RwSignal::new(0i64);
    #[cfg(feature = "hydrate")]
    {
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(n) = super::unread_count().await {
                    count.set(n);
                }
            })
        };
        Effect::new(move |_| refresh());
        if let Ok(handle) = set_interval_with_handle(refresh, std::time::Duration::from_secs(10)) {
            on_cleanup(move || handle.clear());
        }
    }
    move || {
        let n = count.get();
        (n > 0).then(|| {
            view! {
                <a class="inbox-badge" id="inbox-badge" href="/inbox" aria-label=format!("{n} 条未读消息")>{n}</a>
            }
        })
    }
}
