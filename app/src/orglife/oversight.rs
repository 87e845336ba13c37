//! The pages above the branches: `/review` (records waiting for my review) and `/compliance`
//! (required vs held meetings per branch). Filters are plain GET forms: they work before the
//! page's script loads and their state is in the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    load_compliance, load_review_queue, BranchCompliance, ComplianceView, RequiredFrequency,
    ReviewQueue, SetOrgLifeRules,
};
use crate::layout::{action_error, saves, SignInCard};
use domain::orglife::{requirement_code, requirement_label, Frequency, MeetingKind};

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

/// A record's live stream, opened on request: one record's player at a time (`open` holds
/// its meeting), so a queue of many branches never starts many players.
#[component]
fn QueueStream(
    meeting: i64,
    stream: crate::video::StreamView,
    open: RwSignal<Option<i64>>,
) -> impl IntoView {
    let shown = move || open.get() == Some(meeting);
    view! {
        <button type="button" class="secondary" id=format!("queue-stream-{meeting}")
            on:click=move |_| open.update(|o| *o = if *o == Some(meeting) { None } else { Some(meeting) })>
            {move || if shown() { "收起现场视频" } else { "现场视频" }}
        </button>
        {move || shown().then(|| view! { <crate::video::StreamPlayer stream=stream.clone() /> })}
    }
}

#[component]
fn Queue(view: ReviewQueue) -> impl IntoView {
    let query = use_query_map();
    let current = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (kind, branch, days) = (current("kind"), current("branch"), current("days"));
    let playing = RwSignal::new(None::<i64>);
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
                                {i.stream.map(|s| view! { <QueueStream meeting=i.meeting.id stream=s open=playing /> })}
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
    let save = ServerAction::<SetOrgLifeRules>::new();
    let saved = move || query.with(|q| q.get("rules_saved").is_some());
    let rules_saves = saves(save);
    let data = Resource::new(
        move || {
            (
                rules_saves.get(),
                query.with(|q| q.get("org").and_then(|o| o.parse::<i64>().ok())),
            )
        },
        |(_, org)| load_compliance(org),
    );
    view! {
        <Title text="组织生活落实情况" />
        <h1>"组织生活落实情况"</h1>
        {move || saved().then(|| view! { <p class="notice" id="rules-saved">"要求频次已保存。调整过的类型从下一个完整的月份、季度或年度起按新要求统计和提醒。"</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Compliance view=v save /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看组织生活落实情况。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Compliance(view: ComplianceView, save: ServerAction<SetOrgLifeRules>) -> impl IntoView {
    let ComplianceView {
        period,
        branches,
        detail,
        required,
        rules_since,
        can_configure,
        absence_line: line,
    } = view;
    view! {
        <p class="muted">{format!("统计期：{period}（以县委审定的记录为准）")}</p>
        {detail.map(|d| view! { <Detail branch=d line /> })}
        <section class="card">
            <ul class="compliance" id="compliance">
                {branches.into_iter().map(|b| view! {
                    <li data-org=b.org_id.to_string() data-behind=b.behind.to_string()>
                        <a href=format!("/compliance?org={}", b.org_id)>{b.name}</a>
                        " " <strong>{b.ratio}</strong>
                        {b.behind.then(|| view! { <span class="tag warn">"未按要求开展"</span> })}
                        {(!b.absentees.is_empty()).then(|| view! { <span class="tag warn">{format!("{} 人本年无故缺席 {line} 次以上", b.absentees.len())}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <Required required rules_since can_configure save />
    }
}

/// What every branch must hold; the county changes it here (one select per kind, a plain form).
#[component]
fn Required(
    required: Vec<RequiredFrequency>,
    rules_since: Option<String>,
    can_configure: bool,
    save: ServerAction<SetOrgLifeRules>,
) -> impl IntoView {
    let error = action_error(save);
    let summary = required
        .iter()
        .map(|r| format!("{}：{}", r.kind_label, r.frequency_label))
        .collect::<Vec<_>>()
        .join("；");
    let since = rules_since.map_or_else(
        || "按《中国共产党支部工作条例（试行）》执行。".to_string(),
        |d| format!("县委组织部 {d} 起执行。调整过的类型：此前已结束的月份、季度、年度按原要求统计，{d} 所在的那一期不计。"),
    );
    let choices = move |current: String| {
        let options = Frequency::ALL
            .iter()
            .map(|f| Some(*f))
            .chain([None])
            .map(|f| (requirement_code(f), requirement_label(f)));
        options
            .map(|(code, text)| view! { <option value=code selected=code == current>{text}</option> })
            .collect_view()
    };
    view! {
        <section class="card" id="required">
            <h2>"要求频次"</h2>
            <p id="required-summary">{summary}</p>
            <p class="muted" id="required-since">{since}</p>
            {can_configure.then(|| view! {
                <details open=move || error().is_some()>
                    <summary>"修改要求频次（县委组织部）"</summary>
                    <ActionForm action=save>
                        {required.into_iter().map(|r| {
                            let id = format!("freq-{}", r.kind);
                            view! {
                                <label for=id.clone()>{format!("{}（条例：{}）", r.kind_label, r.regulation)}</label>
                                <select id=id name=r.kind>{choices(r.frequency)}</select>
                            }
                        }).collect_view()}
                        {move || error().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                        <div class="form-actions">
                            <button type="submit" disabled=move || save.pending().get()>"保存要求"</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn Detail(
    branch: BranchCompliance,
    /// Absences that put a member on the list (the county's line).
    line: u32,
) -> impl IntoView {
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
                <h3>{format!("本年无故缺席 {line} 次以上")}</h3>
                <ul id="absentees">
                    {branch.absentees.into_iter().map(|(name, n)| view! { <li>{format!("{name}：{n} 次")}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
