use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_study, StudyCard, StudyListView};
use crate::layout::SignInCard;

/// `/study`: the columns of articles, videos and quizzes published to my organization, with
/// where I am in each and today's study points against the daily cap.
#[component]
pub fn StudyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_study());
    view! {
        <Title text="学习" />
        <h1>"学习"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Columns view=v /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后学习，学习可得积分。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Columns(view: StudyListView) -> impl IntoView {
    let StudyListView {
        columns,
        points_today,
        daily_cap,
        can_author,
    } = view;
    let cap = daily_cap
        .map(|c| format!("今日学习积分 {points_today} / {c}"))
        .unwrap_or_else(|| format!("今日学习积分 {points_today}"));
    view! {
        <section class="card study-summary">
            <p id="study-today">{cap}</p>
            {can_author.then(|| view! { <a class="button secondary" href="/admin/study" id="study-admin-link">"发布学习内容"</a> })}
        </section>
        {if columns.is_empty() {
            view! {
                <section class="card empty">
                    <p>"暂无学习内容。县委组织部和各党委发布文章、视频和答题后，会在这里显示。"</p>
                </section>
            }.into_any()
        } else {
            columns.into_iter().map(|c| view! {
                <section class="card study-column">
                    <h2>{c.name}</h2>
                    <ul class="study-list">
                        {c.items.into_iter().map(|i| view! { <Card item=i /> }).collect_view()}
                    </ul>
                </section>
            }).collect_view().into_any()
        }}
    }
}

#[component]
fn Card(item: StudyCard) -> impl IntoView {
    let state = if item.completed {
        if item.points > 0 {
            format!("已完成 +{} 分", item.points)
        } else {
            "已完成".to_string()
        }
    } else if item.percent > 0 {
        format!("读到 {}%", item.percent)
    } else {
        "未学".to_string()
    };
    let class = if item.completed {
        "state done"
    } else {
        "state"
    };
    view! {
        <li>
            <a href=format!("/study/{}", item.id) class="study-link">
                <span class=format!("kind kind-{}", item.kind.code())>{item.kind.label_zh()}</span>
                <span class="title">{item.title}</span>
                <span class=class>{state}</span>
            </a>
        </li>
    }
}
