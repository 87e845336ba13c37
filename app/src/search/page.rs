use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::search_people;

/// The search box on `/org`: a GET form (`?q=`), so the results are a page of their own that
/// works without the page's script and can be bookmarked.
#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q").unwrap_or_default());
    let hits = Resource::new(q, search_people);
    view! {
        <section class="card" id="search">
            <form method="get" action="/org" role="search">
                <label for="search-q">"查找党员或党组织"</label>
                <input id="search-q" name="q" type="search" value=q
                    placeholder="姓名、拼音首字母（如 zsf）、手机号或身份证号后几位" />
                <div class="form-actions"><button type="submit" class="secondary">"查找"</button></div>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let searched = !q().trim().is_empty();
                    match hits.await {
                        Ok(list) if list.is_empty() && searched => view! { <p class="muted" id="search-none">"没有找到。"</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="link-list" id="search-hits">
                                {list.into_iter().map(|h| {
                                    let href = if h.member { format!("/members/{}", h.id) } else { format!("/org?id={}", h.id) };
                                    view! {
                                        <li><a href=href>{h.name} <span class="muted">" · " {h.detail} {h.mobile.map(|m| format!(" · {m}"))}</span></a></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert" id="search-error">{e.message()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
