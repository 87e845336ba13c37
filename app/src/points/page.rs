use domain::points::{describe_table, preview, Activity};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::layout::SignInCard;

use super::{my_points, PointsOverview, PointsPageView};

/// The actions a member can preview, as (form value, label, action).
const PREVIEWABLE: [(&str, &str, Activity); 4] = [
    ("article", "阅读一篇文章", Activity::ArticleRead),
    ("video", "观看一个视频", Activity::VideoWatched),
    (
        "quiz_full",
        "完成一次答题（满分）",
        Activity::QuizCompleted { score_percent: 100 },
    ),
    (
        "quiz_partial",
        "完成一次答题（未满分）",
        Activity::QuizCompleted { score_percent: 80 },
    ),
];

/// `/points`: my points, a preview of what the next action earns (computed by `domain`, in the
/// browser once hydrated), my ledger, and the county's rules in plain Chinese.
#[component]
pub fn PointsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_points());
    view! {
        <Title text="积分" />
        <h1>"积分"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(PointsPageView { rules, mine }) => view! {
                        {match mine {
                            Some(mine) => view! { <MyPointsView mine /> }.into_any(),
                            None => view! { <SignInCard text="登录后查看我的积分。" /> }.into_any(),
                        }}
                        <section class="card" id="points-rules">
                            <h2>"积分规则"</h2>
                            <ul>{describe_table(&rules).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                            <p class="muted">"按照中央关于整治“指尖上的形式主义”的要求，登录、在线时长和点击次数一律不计积分。"</p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MyPointsView(mine: PointsOverview) -> impl IntoView {
    let rules = mine.rules.clone();
    let today = mine.today;
    let year_total: i64 = mine.ledger.iter().map(|e| i64::from(e.points)).sum();
    let today_total: i64 = mine
        .ledger
        .iter()
        .filter(|e| e.date == today)
        .map(|e| i64::from(e.points))
        .sum();
    let choice = RwSignal::new(PREVIEWABLE[0].0.to_string());
    let ledger = StoredValue::new(mine.ledger.clone());
    let preview_text = {
        let rules = rules.clone();
        move || {
            let chosen = choice.get();
            let (_, _, action) = PREVIEWABLE
                .iter()
                .find(|(v, _, _)| *v == chosen)
                .unwrap_or(&PREVIEWABLE[0]);
            ledger
                .with_value(|l| preview(&rules, l, action, today))
                .map(|p| p.message_zh())
                .unwrap_or_else(|e| e.message_zh().to_string())
        }
    };
    let recent: Vec<_> = mine.ledger.iter().rev().take(20).copied().collect();
    view! {
        <section class="card" id="my-points">
            <div class="stats">
                <div><span class="stat" id="points-today">{today_total}</span><span class="muted">"今日积分"</span></div>
                <div><span class="stat" id="points-year">{year_total}</span><span class="muted">"本年积分"</span></div>
            </div>
        </section>
        <section class="card" id="points-preview-card">
            <h2>"积分预览"</h2>
            <label for="points-action">"如果我现在"</label>
            <select id="points-action" on:change=move |ev| choice.set(event_target_value(&ev))>
                {PREVIEWABLE.iter().map(|(value, label, _)| view! { <option value=*value>{*label}</option> }).collect_view()}
            </select>
            <p class="notice" id="points-preview" aria-live="polite">{preview_text}</p>
        </section>
        <section class="card">
            <h2>"积分明细"</h2>
            {if recent.is_empty() {
                view! { <p class="muted">"本年还没有积分记录。"</p> }.into_any()
            } else {
                view! {
                    <ul class="ledger" id="points-ledger">
                        {recent.into_iter().map(|e| view! {
                            <li>
                                <span>{e.date.to_string()}</span>
                                <span>{e.activity_key.label_zh()}</span>
                                <span class="points">{format!("{:+}", e.points)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
