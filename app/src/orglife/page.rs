use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_org_life, MeetingView, OrgLifeView, PlanMeeting};
use crate::layout::{saves, SignInCard};
use domain::orglife::MeetingKind;

/// `/org-life`: the meetings coming up and just held; branches plan here.
#[component]
pub fn OrgLifePage() -> impl IntoView {
    let query = use_query_map();
    let planned = move || query.with(|q| q.get("planned").is_some());
    let plan = ServerAction::<PlanMeeting>::new();
    let plan_saves = saves(plan);
    let data = Resource::new(move || plan_saves.get(), |_| load_org_life());
    view! {
        <Title text="组织生活" />
        <h1>"组织生活"</h1>
        {move || planned().then(|| view! { <p class="notice" id="meeting-planned">"会议已安排，支部党员会收到通知。"</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <OrgLife view=v plan /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看组织生活安排。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrgLife(view: OrgLifeView, plan: ServerAction<PlanMeeting>) -> impl IntoView {
    let OrgLifeView {
        upcoming,
        recent,
        plan_for,
        reviewer,
    } = view;
    let error = move || {
        plan.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        <nav class="card links" id="org-life-links">
            <a href="/org-life/sign-in" id="go-sign-in">"会议签到"</a>
            " "<a href="/assistance" id="go-assistance">"驻村帮扶"</a>
            {reviewer.then(|| view! { <a href="/review" id="go-review">"审核记录"</a> " " <a href="/compliance" id="go-compliance">"落实情况"</a> })}
        </nav>
        <section class="card">
            <h2>"近期安排"</h2>
            {if upcoming.is_empty() {
                view! { <p class="muted" id="meetings-empty">"暂无组织生活安排。支部计划的三会一课、主题党日会在这里显示。"</p> }.into_any()
            } else {
                view! { <MeetingList meetings=upcoming id="meetings-upcoming" /> }.into_any()
            }}
        </section>
        {(!plan_for.is_empty()).then(|| view! {
            <section class="card" id="plan-meeting">
                <h2>"安排会议"</h2>
                <ActionForm action=plan>
                    <label for="m-org">"支部"</label>
                    <select id="m-org" name="org_id">
                        {plan_for.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                    <label for="m-kind">"类型"</label>
                    <select id="m-kind" name="kind">
                        {MeetingKind::ALL.iter().map(|k| view! {
                            <option value=k.code() selected=*k == MeetingKind::ThemePartyDay>{k.label_zh()}</option>
                        }).collect_view()}
                    </select>
                    <label for="m-topic">"主题"</label>
                    <input id="m-topic" name="topic" maxlength="100" required />
                    <label for="m-start">"开始时间"</label>
                    <input id="m-start" name="starts_at" type="datetime-local" required />
                    <label for="m-end">"结束时间"</label>
                    <input id="m-end" name="ends_at" type="datetime-local" required />
                    <label for="m-place">"地点"</label>
                    <input id="m-place" name="place" maxlength="100" required />
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="meeting-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || plan.pending().get()>"安排并通知党员"</button></div>
                </ActionForm>
            </section>
        })}
        {(!recent.is_empty()).then(|| view! {
            <section class="card">
                <h2>"近期已开"</h2>
                <MeetingList meetings=recent id="meetings-recent" />
            </section>
        })}
    }
}

/// Meetings as a list (also on the home screen).
#[component]
pub fn MeetingList(meetings: Vec<MeetingView>, id: &'static str) -> impl IntoView {
    view! {
        <ul class="meetings" id=id>
            {meetings.into_iter().map(|m| view! {
                <li id=format!("m{}", m.id)>
                    <a href=format!("/org-life/{}", m.id)><strong>{format!("{} · {}", m.kind_label, m.topic)}</strong></a>
                    <p class="muted">{format!("{} – {} · {} · {} · {}", m.starts_at, m.ends_at, m.place, m.org_name, m.status_label)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
