use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_command, CommandView};
use crate::layout::SignInCard;

/// `/command`: the dashboards, asked for again every [`super::POLL_SECONDS`] while the page is
/// open.
#[component]
pub fn CommandPage() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let data = Resource::new(move || tick.get(), |_| load_command());
    // Only the browser polls; the server renders the first figures.
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(
            move || tick.update(|t| *t = t.wrapping_add(1)),
            std::time::Duration::from_secs(super::POLL_SECONDS),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <Title text="指挥中心" />
        <h1>"指挥中心"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Dashboard view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看指挥中心。" /> }.into_any(),
                    Err(e) => view! {
                        <section class="card"><p class="alert" id="command-error">{e.message()}</p></section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Dashboard(view: CommandView) -> impl IntoView {
    view! {
        <p class="muted" id="command-scope">
            {format!("{} · 数据截至 {}", view.scope_name, view.as_of)}
            " · "
            // The map is a page of its own, rendered whole by the server.
            <a href="/command/map" rel="external" id="command-map-link">"党建地图"</a>
        </p>
        <section class="tiles" id="command-tiles">
            {view.tiles.into_iter().map(|t| view! {
                <a class="tile" id=format!("tile-{}", t.id) href=t.href data-value=t.value>
                    <span class="tile-label">{t.label}</span>
                    <strong class="tile-value">{t.shown}</strong>
                    <span class="tile-note">{t.note}</span>
                </a>
            }).collect_view()}
        </section>
        {view.charts.into_iter().map(|c| view! {
            <section class="card chart-card">
                <h2>{c.title}</h2>
                <div class="chart-box" inner_html=c.svg></div>
            </section>
        }).collect_view()}
    }
}
