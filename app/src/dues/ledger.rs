use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_dues_ledger, LedgerView};
use crate::layout::SignInCard;

/// `/dues/ledger?org=&year=`: expected vs collected, the organizations below, arrears.
#[component]
pub fn DuesLedgerPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("org").and_then(|v| v.parse::<i64>().ok()),
                q.get("year").and_then(|v| v.parse::<i32>().ok()),
            )
        })
    };
    let data = Resource::new(params, |(org, year)| load_dues_ledger(org, year));
    view! {
        <Title text="党费台账" />
        <h1>"党费台账"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Ledger view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看党费台账。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Ledger(view: LedgerView) -> impl IntoView {
    let export = format!("/dues/ledger.xlsx?org={}&year={}", view.org_id, view.year);
    view! {
        <p class="muted">
            {format!("{} · {} 年", view.org_name, view.year)}
            {view.parent_id.map(|p| view! { " · " <a href=format!("/dues/ledger?org={p}&year={}", view.year)>"上一级"</a> })}
            " · " <a href=export id="ledger-export" download>"导出 Excel"</a>
        </p>
        <section class="card">
            <h2>"按月收缴"</h2>
            <table class="ledger" id="ledger-months">
                <thead><tr><th>"月份"</th><th>"应交"</th><th>"实交"</th><th>"收缴率"</th></tr></thead>
                <tbody>
                    {view.months.into_iter().map(|m| view! {
                        <tr data-month=m.month.clone()><td>{m.month.clone()}</td><td>{m.expected}</td><td>{m.collected}</td><td>{m.rate}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {(!view.children.is_empty()).then(|| view! {
            <section class="card">
                <h2>"下级组织"</h2>
                <table class="ledger" id="ledger-children">
                    <thead><tr><th>"组织"</th><th>"应交"</th><th>"实交"</th><th>"收缴率"</th><th>"欠交人数"</th></tr></thead>
                    <tbody>
                        {view.children.into_iter().map(|c| view! {
                            <tr><td><a href=format!("/dues/ledger?org={}&year={}", c.org_id, view.year)>{c.name}</a></td>
                                <td>{c.expected}</td><td>{c.collected}</td><td>{c.rate}</td><td>{c.in_arrears}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
        <section class="card" id="ledger-arrears">
            <h2>"欠交名单"</h2>
            {if view.arrears.is_empty() {
                view! { <p class="muted">"没有欠交党费的党员。"</p> }.into_any()
            } else {
                view! {
                    <ul class="arrears">
                        {view.arrears.into_iter().map(|a| view! {
                            <li data-member=a.member_id.to_string() data-level=a.level.code()>
                                {format!("{} · {} · 自 {} 起连续 {} 个月 · {}", a.name, a.org_name, a.since, a.months, a.level_label)}
                                {a.note.map(|n| format!("（原因：{n}）"))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
