use domain::archive::{kinds, states, Section};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_archive, ArchiveView};
use crate::layout::SignInCard;

/// The query string of a page of the archive with one field changed.
fn href(view: &ArchiveView, page: u32) -> String {
    let f = &view.filter;
    let mut q = vec![format!("section={}", f.section.code())];
    if let Some(o) = f.org {
        q.push(format!("org={o}"));
    }
    for (k, v) in [("kind", &f.kind), ("state", &f.state)] {
        if let Some(v) = v {
            q.push(format!("{k}={v}"));
        }
    }
    for (k, v) in [("from", f.from), ("to", f.to)] {
        if let Some(v) = v {
            q.push(format!("{k}={v}"));
        }
    }
    q.push(format!("page={page}"));
    format!("/archive?{}", q.join("&"))
}

/// `/archive`: the records behind every number, a section at a time.
#[component]
pub fn ArchivePage() -> impl IntoView {
    let query = use_query_map();
    let field = move |k: &'static str| move || query.with(|q| q.get(k).unwrap_or_default());
    let (section, org, kind, from, to, state, page) = (
        field("section"),
        field("org"),
        field("kind"),
        field("from"),
        field("to"),
        field("state"),
        field("page"),
    );
    let data = Resource::new(
        move || {
            let s = section();
            (
                if s.is_empty() {
                    Section::ThemeDay.code().to_string()
                } else {
                    s
                },
                org(),
                kind(),
                from(),
                to(),
                state(),
                page(),
            )
        },
        |(s, o, k, f, t, st, p)| load_archive(s, o, k, f, t, st, p),
    );
    view! {
        <Title text="档案" />
        <h1>"档案"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Archive view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看档案。" /> }.into_any(),
                    Err(e) => view! {
                        <nav class="tabs">
                            {Section::ALL.iter().map(|s| view! { <a href=format!("/archive?section={}", s.code())>{s.label_zh()}</a> }).collect_view()}
                        </nav>
                        <section class="card"><p class="alert" id="archive-error">{e.message()}</p></section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Archive(view: ArchiveView) -> impl IntoView {
    let f = view.filter.clone();
    let section = f.section;
    let prev = (f.page > 1).then(|| href(&view, f.page - 1));
    let next = (f.page < view.pages).then(|| href(&view, f.page + 1));
    let kinds = kinds(section);
    let states = states(section);
    view! {
        <nav class="tabs" id="archive-sections">
            {Section::ALL.iter().map(|s| view! {
                <a href=format!("/archive?section={}", s.code()) aria-current=(*s == section).then_some("page")>{s.label_zh()}</a>
            }).collect_view()}
        </nav>
        <section class="card">
            <form method="get" action="/archive" id="archive-filter" class="filters">
                <input type="hidden" name="section" value=section.code() />
                <label for="archive-org">"组织"</label>
                <select id="archive-org" name="org">
                    {view.orgs.iter().map(|(id, name)| view! {
                        <option value=id.get() selected=f.org == Some(*id)>{name.clone()}</option>
                    }).collect_view()}
                </select>
                {(!kinds.is_empty()).then(|| view! {
                    <label for="archive-kind">"类别"</label>
                    <select id="archive-kind" name="kind">
                        <option value="">"全部"</option>
                        {kinds.iter().map(|(c, l)| view! { <option value=*c selected=f.kind.as_deref() == Some(*c)>{*l}</option> }).collect_view()}
                    </select>
                })}
                {(!states.is_empty()).then(|| view! {
                    <label for="archive-state">"状态"</label>
                    <select id="archive-state" name="state">
                        <option value="">"全部"</option>
                        {states.iter().map(|(c, l)| view! { <option value=*c selected=f.state.as_deref() == Some(*c)>{*l}</option> }).collect_view()}
                    </select>
                })}
                <label for="archive-from">"自"</label>
                <input id="archive-from" name="from" type="date" value=f.from.map(|d| d.to_string()).unwrap_or_default() />
                <label for="archive-to">"至"</label>
                <input id="archive-to" name="to" type="date" value=f.to.map(|d| d.to_string()).unwrap_or_default() />
                <button type="submit" class="secondary">"筛选"</button>
            </form>
            <p class="muted" id="archive-total">
                {format!("{} · {}：共 {} 条，第 {} / {} 页", view.org_name, section.label_zh(), view.total, f.page, view.pages.max(1))}
            </p>
            <ul class="archive" id="archive-rows">
                {view.rows.into_iter().map(|r| view! {
                    <li data-id=r.id>
                        <div class="archive-head">
                            <span class="day">{r.day}</span>
                            <strong>{match r.link { Some(l) => view! { <a href=l>{r.title.clone()}</a> }.into_any(), None => view! { <span>{r.title.clone()}</span> }.into_any() }}</strong>
                        </div>
                        <div class="muted">{format!("{} · {} · {}", r.org_name, r.kind, r.state)}</div>
                        {(!r.detail.is_empty()).then(|| view! { <div class="detail">{r.detail}</div> })}
                        {(!r.photos.is_empty()).then(|| view! {
                            <div class="thumbs">
                                {r.photos.into_iter().map(|p| view! { <img src=p alt="照片" loading="lazy" width="64" height="64" /> }).collect_view()}
                            </div>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            <nav class="pager">
                {prev.map(|h| view! { <a href=h id="archive-prev">"上一页"</a> })}
                {next.map(|h| view! { <a href=h id="archive-next">"下一页"</a> })}
            </nav>
        </section>
    }
}
