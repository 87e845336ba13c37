//! `/video`: the grid-centre streams the reader may watch (the county's all, a committee's
//! below it, a branch's its own), each opening its page; whoever manages their own centre's
//! stream finds where to register it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_streams, StreamsView};
use crate::layout::SignInCard;

#[component]
pub fn VideoListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_streams());
    view! {
        <Title text="网格直播" />
        <h1>"网格直播"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Streams v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后观看网格中心直播。" /> }.into_any(),
                    Err(e) => view! {
                        <section class="card"><p class="alert" id="videos-error">{e.message()}</p></section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Streams(v: StreamsView) -> impl IntoView {
    let own = v.own.map(|(id, name)| {
        view! {
            <p><a href=format!("/video/{id}") id="video-own">{format!("登记或修改{name}的网格中心直播")}</a></p>
        }
    });
    let listed = if v.streams.is_empty() {
        view! { <p class="muted" id="videos-none">"还没有登记的网格中心直播。"</p> }.into_any()
    } else {
        view! {
            <ul class="meetings" id="videos">
                {v.streams.into_iter().map(|s| view! {
                    <li>
                        <a href=format!("/video/{}", s.org_id)><strong>{s.name}</strong></a>
                        <p class="muted">{format!("{} · 直播时段 {}{}", s.org_name, s.hours, if s.live_now { " · 直播时段内" } else { "" })}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">{own}{listed}</section>
    }
}
