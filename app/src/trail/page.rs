use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    action_label, check_trail, load_trail, record_label, TrailCheck, TrailEvent, TrailFilter,
    TrailView, TRAIL_ACTIONS,
};
use crate::{layout::SignInCard, url::percent_encode};

/// `/trail`: plain GET forms, so a filtered reading is a link of its own that works without the
/// page's script; the server refuses anyone but the county's administrators and auditors.
#[component]
pub fn TrailPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let text = |k: &str| q.get(k).unwrap_or_default();
            TrailFilter {
                org: text("org"),
                member: text("member"),
                action: text("action"),
                from: text("from"),
                to: text("to"),
                before: q.get("before").and_then(|b| b.parse().ok()),
            }
        })
    };
    let data = Resource::new(filter, load_trail);
    // The full check reads every event and tracked row: only when the button asks.
    let checking = move || query.with(|q| q.get("check").is_some());
    let check = Resource::new(checking, |on| async move {
        if on {
            Some(check_trail().await)
        } else {
            None
        }
    });
    view! {
        <Title text="记录链" />
        <h1>"记录链（全程记实）"</h1>
        // Drawn from the address each time, so a link that changes the filters shows them.
        {move || view! { <FilterForm filter=filter() /> }}
        <section class="card" id="trail-check">
            <h2>"完整性校验"</h2>
            <form method="get" action="/trail">
                <input type="hidden" name="check" value="1" />
                {move || kept(&filter())}
                <p class="muted">"逐条核对记录链的哈希，并与数据库中的现有记录比对；数据多时需要几秒钟。"</p>
                <button type="submit" class="secondary" id="trail-check-run">"校验记录链"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">"校验中…"</p> }>
                {move || Suspend::new(async move {
                    match check.await {
                        None => ().into_any(),
                        Some(Ok(c)) => view! { <CheckReport check=c /> }.into_any(),
                        Some(Err(e)) => view! { <p class="alert" id="trail-check-error">{e.message()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Events view=v filter=filter() /> }.into_any(),
                    Err(e) if e.code() == domain::ErrorCode::Unauthorized => view! { <SignInCard text="登录后查看记录链。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" role="alert" id="trail-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The filters in force as hidden fields, so a form that adds to the address keeps them.
fn kept(filter: &TrailFilter) -> impl IntoView {
    [
        ("org", filter.org.clone()),
        ("member", filter.member.clone()),
        ("action", filter.action.clone()),
        ("from", filter.from.clone()),
        ("to", filter.to.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
    .collect_view()
}

#[component]
fn FilterForm(filter: TrailFilter) -> impl IntoView {
    let chosen = filter.action.clone();
    view! {
        <section class="card" id="trail-filter">
            <form method="get" action="/trail">
                <label for="trail-org">"党组织（含下级）"</label>
                <input id="trail-org" name="org" value=filter.org placeholder="组织全称或编号" />
                <label for="trail-member">"党员"</label>
                <input id="trail-member" name="member" value=filter.member placeholder="姓名或编号" />
                <label for="trail-action">"操作"</label>
                <select id="trail-action" name="action">
                    <option value="" selected=chosen.is_empty()>"全部"</option>
                    {TRAIL_ACTIONS.iter().map(|kind| {
                        let chosen = chosen.clone();
                        view! {
                            <optgroup label=kind.label>
                                <option value=kind.key selected=chosen == kind.key>{format!("{}（全部）", kind.label)}</option>
                                {kind.steps.iter().map(|(a, label)| view! {
                                    <option value=*a selected=chosen == *a>{format!("{} · {label}", kind.label)}</option>
                                }).collect_view()}
                            </optgroup>
                        }
                    }).collect_view()}
                </select>
                <label for="trail-from">"起始日期"</label>
                <input id="trail-from" name="from" type="date" value=filter.from />
                <label for="trail-to">"截止日期（含当天）"</label>
                <input id="trail-to" name="to" type="date" value=filter.to />
                <div class="form-actions">
                    <button type="submit" id="trail-apply">"筛选"</button>
                    <a href="/trail">"清除条件"</a>
                </div>
            </form>
        </section>
    }
}

#[component]
fn CheckReport(check: TrailCheck) -> impl IntoView {
    let summary = if check.intact {
        format!(
            "记录链完整：{} 条事件，核对 {} 行记录。",
            check.events, check.rows_checked
        )
    } else {
        format!("记录链校验失败，发现 {} 处问题：", check.problems.len())
    };
    view! {
        <div id="trail-check-result" data-intact=check.intact.to_string()>
            <p class=if check.intact { "notice" } else { "alert" }>{summary}</p>
            <ul>{check.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            <p class="muted wrap">"链头哈希：" <code id="trail-head">{check.head_hash}</code></p>
            <p class="muted">"请把链头哈希抄存在系统之外：日后核对时，它能证明记录没有被整体替换或截短。"</p>
        </div>
    }
}

#[component]
fn Events(view: TrailView, filter: TrailFilter) -> impl IntoView {
    let TrailView {
        org,
        member,
        events,
        older,
    } = view;
    let narrowed = [
        org.map(|o| format!("党组织：{o}")),
        member.map(|m| format!("党员：{m}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("；");
    let older_href = older.map(|before| {
        let mut href = String::from("/trail?");
        for (k, v) in [
            ("org", &filter.org),
            ("member", &filter.member),
            ("action", &filter.action),
            ("from", &filter.from),
            ("to", &filter.to),
        ] {
            if !v.is_empty() {
                href.push_str(&format!("{k}={}&", percent_encode(v)));
            }
        }
        format!("{href}before={before}")
    });
    view! {
        <section class="card" id="trail-events">
            <h2>"事件"</h2>
            {(!narrowed.is_empty()).then(|| view! { <p class="muted" id="trail-narrowed">{narrowed}</p> })}
            {if events.is_empty() {
                view! { <p class="muted" id="trail-none">"没有符合条件的事件。"</p> }.into_any()
            } else {
                view! {
                    <ol class="ledger">
                        {events.into_iter().map(|e| view! { <EventItem event=e /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {older_href.map(|href| view! { <p><a id="trail-older" href=href>"更早的事件"</a></p> })}
        </section>
    }
}

#[component]
fn EventItem(event: TrailEvent) -> impl IntoView {
    let TrailEvent {
        seq,
        at,
        actor,
        action,
        entity,
        entity_id,
        changes,
        hash,
    } = event;
    let record = match entity_id {
        Some(id) => format!("{} #{id}", record_label(&entity)),
        None => record_label(&entity).to_string(),
    };
    view! {
        <li id=format!("trail-{seq}") data-action=action.clone()>
            <p>
                <strong>{action_label(&action)}</strong> " · " {actor.unwrap_or_else(|| "系统".into())}
            </p>
            <p class="muted">{format!("第 {seq} 条 · {at} · {record}")}</p>
            <ul class="changes">
                {changes.into_iter().map(|c| view! {
                    <li>{c.label} "：" {c.before.unwrap_or_else(|| "（空）".into())} " → " {c.after.unwrap_or_else(|| "（空）".into())}</li>
                }).collect_view()}
            </ul>
            <p class="muted wrap"><small>"哈希 " {hash}</small></p>
        </li>
    }
}
