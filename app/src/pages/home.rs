use leptos::prelude::*;
use leptos_meta::Title;

use crate::notices::{load_todo, NoticeList, TodoView};
use crate::orglife::MeetingList;
use crate::rankings::{load_my_standing, MyStanding};

#[component]
pub fn HomePage() -> impl IntoView {
    let standing = Resource::new(|| (), |_| load_my_standing());
    let todo = Resource::new(|| (), |_| load_todo());
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"党建云"</h1>
            <p>"智慧党建云平台：学习、组织生活、党费、积分，一部手机全部办理。"</p>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match standing.await {
                    Ok(Some(s)) => view! { <MyDay s /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match todo.await {
                    Ok(Some(t)) => view! { <Todo t /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
        <section class="card-grid">
            <a class="card card-link" href="/dues/calculator">
                <h2>"党费计算器"</h2>
                <p>"输入月工资或养老金，立即算出应交党费（按中组部规定的比例）。"</p>
            </a>
            <a class="card card-link" href="/study">
                <h2>"在线学习"</h2>
                <p>"文章、视频与答题。"</p>
            </a>
            <a class="card card-link" href="/org-life">
                <h2>"组织生活"</h2>
                <p>"三会一课、主题党日，全程记实。"</p>
            </a>
        </section>
    }
}

/// Today at a glance for a signed-in member: points, place in the branch and its movement since
/// yesterday, and the list — the last two only when the county's policy shows them.
#[component]
fn MyDay(s: MyStanding) -> impl IntoView {
    let standing = s.rank.map(|rank| {
        let moved = s
            .movement
            .map(|m| format!("，{}", m.describe_zh()))
            .unwrap_or_default();
        format!(
            "在{}排第 {rank} 名（共 {} 人）{moved}。",
            s.branch_name, s.total
        )
    });
    view! {
        <section class="card" id="my-day">
            <h2>"我的积分"</h2>
            <div class="stats">
                <div><span class="stat" id="home-today">{s.points_today}</span><span class="muted">"今日积分"</span></div>
                <div><span class="stat" id="home-year">{s.points_year}</span><span class="muted">"本年积分"</span></div>
            </div>
            {standing.map(|t| view! { <p id="home-rank">{t}</p> })}
            {s.list.map(|l| view! { <p id="home-list">"当前所在榜单：" <strong>{l.label_zh()}</strong></p> })}
            <p><a href="/points">"积分明细"</a> " · " <a href="/rankings">"排名"</a> " · " <a href="/suggestions">"意见建议"</a></p>
        </section>
    }
}

/// What needs me (要我办): dues to pay, meetings to attend, unread messages, study not yet
/// finished, my branch's latest notices.
#[component]
fn Todo(t: TodoView) -> impl IntoView {
    let nothing = t.unread == 0
        && t.study_left == 0
        && t.dues_due.is_none()
        && t.meetings.is_empty()
        && t.without_secretary == 0
        && t.conversions.is_empty()
        && t.tasks.is_empty()
        && t.tasks_to_review == 0;
    view! {
        <section class="card" id="todo">
            <h2>"要我办"</h2>
            <ul class="todo">
                {t.dues_due.clone().map(|d| view! { <li><a id="home-dues" href="/dues">{format!("党费待交 {d} 元")}</a></li> })}
                {(t.unread > 0).then(|| view! { <li><a id="home-unread" href="/inbox">{format!("{} 条未读消息", t.unread)}</a></li> })}
                {(t.study_left > 0).then(|| view! { <li><a id="home-study" href="/study">{format!("{} 项学习未完成", t.study_left)}</a></li> })}
                {(t.tasks_to_review > 0).then(|| view! { <li><a id="home-task-review" href="/tasks#task-review">{format!("{} 项任务待验收", t.tasks_to_review)}</a></li> })}
                {t.tasks.iter().map(|l| view! {
                    <li class="home-task" data-progress=l.progress.code()><a href=format!("/tasks/{}", l.task_id)>{format!("任务：{}（{}，截止 {}）", l.title, l.progress_label, l.deadline)}</a></li>
                }).collect_view()}
            </ul>
            {nothing.then(|| view! { <p class="muted" id="todo-none">"暂时没有待办事项。"</p> })}
            {(t.without_secretary > 0).then(|| view! {
                <div id="home-no-secretary">
                    <h3>{format!("{} 个支部没有书记", t.without_secretary)}</h3>
                    <ul class="link-list">
                        {t.without_secretary_first.iter().map(|o| view! { <li><a href=format!("/org?id={}", o.id)>{o.name.clone()}</a></li> }).collect_view()}
                    </ul>
                </div>
            })}
            {(!t.conversions.is_empty()).then(|| view! {
                <div id="home-conversions">
                    <h3>"转正申请待审批"</h3>
                    <ul class="link-list">
                        {t.conversions.iter().map(|c| view! {
                            <li><a href=format!("/members/{}#probation", c.member_id)>{format!("{}（{}，支部党员大会 {}）", c.name, c.org_name, c.meeting_on)}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {(!t.meetings.is_empty()).then(|| view! {
                <h3>"待参加的会议"</h3>
                <MeetingList meetings=t.meetings id="home-meetings" />
            })}
            <h3>"最新通知"</h3>
            {if t.notices.is_empty() {
                view! { <p class="muted">"暂无通知。"</p> }.into_any()
            } else {
                view! { <NoticeList notices=t.notices id="home-notices" /> }.into_any()
            }}
            <p><a href="/notices">"全部通知"</a></p>
        </section>
    }
}
