//! The pages above the branches: `/review` (records waiting for my review) and `/compliance`
//! (required vs held meetings per branch). Filters are plain GET forms: they work before the
//! page's script loads and their state is in the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_compliance, load_review_queue, BranchCompliance, ComplianceView, ReviewQueue};
use crate::layout::SignInCard;
use domain::orglife::MeetingKind;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("kind").filter(|k| !k.is_empty()),
                    q.get("branch").and_then(|b| b.parse::<i64>().ok()),
                    q.get("days").and_then(|d| d.parse::<i64>().ok()),
                )
            })
        },
        |(kind, branch, days)| load_review_queue(kind, branch, days),
    );
    view! {
        <Title text="审核组织生活" />
        <h1>"审核组织生活"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Queue view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后审核组织生活记录。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Queue(view: ReviewQueue) -> impl IntoView {
    let query = use_query_map();
    let current = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (kind, branch, days) = (current("kind"), current("branch"), current("days"));
    view! {
        <section class="card">
            <form method="get" action="/review" class="filters">
                <select name="kind" aria-label="类型">
                    <option value="">"全部类型"</option>
                    {MeetingKind::ALL.iter().map(|k| view! { <option value=k.code() selected=kind == k.code()>{k.label_zh()}</option> }).collect_view()}
                </select>
                <select name="branch" aria-label="支部">
                    <option value="">"全部支部"</option>
                    {view.branches.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=branch == id.to_string()>{name}</option> }).collect_view()}
                </select>
                <select name="days" aria-label="等待时间">
                    <option value="">"不限等待时间"</option>
                    <option value="3" selected=days == "3">"等待 3 天以上"</option>
                    <option value="7" selected=days == "7">"等待 7 天以上"</option>
                </select>
                <button type="submit" class="secondary">"筛选"</button>
            </form>
        </section>
        <section class="card">
            {if view.items.is_empty() {
                view! { <p class="muted" id="queue-empty">"没有待审核的记录。"</p> }.into_any()
            } else {
                view! {
                    <ul class="meetings" id="review-queue">
                        {view.items.into_iter().map(|i| view! {
                            <li class:overdue=i.overdue>
                                <a href=format!("/org-life/{}", i.meeting.id)><strong>{format!("{} · {}", i.meeting.kind_label, i.meeting.topic)}</strong></a>
                                <p class="muted">{format!("{} · {} · {} · 已等待 {} 天", i.meeting.org_name, i.meeting.starts_at, i.status_label, i.waiting_days)}</p>
                                {i.overdue.then(|| view! { <p class="alert">"已超期"</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn CompliancePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("org").and_then(|o| o.parse::<i64>().ok())),
        load_compliance,
    );
    view! {
        <Title text="组织生活落实情况" />
        <h1>"组织生活落实情况"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Compliance view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看组织生活落实情况。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Compliance(view: ComplianceView) -> impl IntoView {
    let ComplianceView {
        period,
        branches,
        detail,
    } = view;
    view! {
        <p class="muted">{format!("统计期：{period}（以县委审定的记录为准）")}</p>
        {detail.map(|d| view! { <Detail branch=d /> })}
        <section class="card">
            <ul class="compliance" id="compliance">
                {branches.into_iter().map(|b| view! {
                    <li data-org=b.org_id.to_string() data-behind=b.behind.to_string()>
                        <a href=format!("/compliance?org={}", b.org_id)>{b.name}</a>
                        " " <strong>{b.ratio}</strong>
                        {b.behind.then(|| view! { <span class="tag warn">"未按要求开展"</span> })}
                        {(!b.absentees.is_empty()).then(|| view! { <span class="tag warn">{format!("{} 人无故缺席两次以上", b.absentees.len())}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Detail(branch: BranchCompliance) -> impl IntoView {
    view! {
        <section class="card" id="compliance-detail">
            <h2>{branch.name}</h2>
            <table>
                <thead><tr><th>"类型"</th><th>"要求"</th><th>"应开"</th><th>"已开"</th><th>"缺"</th></tr></thead>
                <tbody>
                    {branch.kinds.into_iter().map(|k| view! {
                        <tr class:behind={k.missed > 0}>
                            <td>{k.kind_label}</td><td>{k.frequency_label}</td>
                            <td>{k.required}</td><td>{k.held}</td><td>{k.missed}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!branch.absentees.is_empty()).then(|| view! {
                <h3>"无故缺席两次以上"</h3>
                <ul id="absentees">
                    {branch.absentees.into_iter().map(|(name, n)| view! { <li>{format!("{name}：{n} 次")}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
