//! `/assistance`: the teams the reader is on, or — for the county and the committees — the
//! teams they sent, with this month's report of each (late ones first), and the form that
//! stations a new team. The month is a plain GET form: it works before the script loads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_assistance, AssistanceView, StationTeam, TeamRow};
use crate::layout::{action_error, saves, SignInCard};

#[component]
pub fn AssistancePage() -> impl IntoView {
    let query = use_query_map();
    let station = ServerAction::<StationTeam>::new();
    let station_saves = saves(station);
    let data = Resource::new(
        move || {
            (
                query.with(|q| q.get("month").filter(|m| !m.is_empty())),
                station_saves.get(),
            )
        },
        |(month, _)| load_assistance(month),
    );
    view! {
        <Title text="驻村帮扶" />
        <h1>"驻村帮扶"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Overview view=v station /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看驻村帮扶工作。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="assistance-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(view: AssistanceView, station: ServerAction<StationTeam>) -> impl IntoView {
    let AssistanceView {
        month,
        teams,
        oversees,
        send_from,
    } = view;
    use domain::assistance::ReportState;
    let late = teams
        .iter()
        .filter(|t| t.state == ReportState::Late)
        .count();
    let reported = teams
        .iter()
        .filter(|t| t.state == ReportState::Reported)
        .count();
    // Teams there that month (not yet come or already withdrawn ones are listed, not counted).
    let there = teams
        .iter()
        .filter(|t| !matches!(t.state, ReportState::NotStarted | ReportState::Withdrawn))
        .count();
    let error = action_error(station);
    view! {
        {oversees.then(|| view! {
            <section class="card">
                <form method="get" action="/assistance" class="filters">
                    <label for="a-month">"月份"</label>
                    <input id="a-month" type="month" name="month" value=month.clone() />
                    <button type="submit">"查看"</button>
                </form>
                <p id="report-tally">{format!("{month}：{there} 支工作队在村，已报送 {reported} 支，逾期未报 {late} 支")}</p>
            </section>
        })}
        <section class="card">
            <h2>{if oversees { "工作队报送情况" } else { "我的工作队" }}</h2>
            {(!oversees).then(|| view! { <p class="muted">{format!("{month} 月度小结")}</p> })}
            {if teams.is_empty() {
                view! { <p class="muted" id="teams-empty">{if oversees { "还没有派驻工作队。" } else { "你不在驻村工作队中。" }}</p> }.into_any()
            } else {
                view! { <Teams teams month=month.clone() /> }.into_any()
            }}
        </section>
        {send_from.map(|(org_id, org_name)| view! {
            <section class="card" id="station-team">
                <h2>"派驻工作队"</h2>
                <p class="muted">{format!("由{org_name}派出。队员按手机号查找，须是本单位管辖范围内的党员。")}</p>
                <ActionForm action=station>
                    <input type="hidden" name="org_id" value=org_id.to_string() />
                    <label for="t-name">"工作队名称"</label>
                    <input id="t-name" name="name" maxlength="60" required />
                    <label for="t-village">"驻点村"</label>
                    <input id="t-village" name="village" maxlength="60" required />
                    <label for="t-start">"进驻日期"</label>
                    <input id="t-start" name="started_on" type="date" required />
                    <label for="t-leader">"队长手机号"</label>
                    <input id="t-leader" name="leader_mobile" inputmode="numeric" maxlength="11" required />
                    <label for="t-members">"队员手机号（可填多个，用逗号或换行分开）"</label>
                    <textarea id="t-members" name="member_mobiles" rows="3"></textarea>
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="station-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || station.pending().get()>"派驻并通知队员"</button></div>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn Teams(teams: Vec<TeamRow>, month: String) -> impl IntoView {
    view! {
        <ul class="teams" id="teams">
            {teams.into_iter().map(|t| view! {
                <li id=format!("team-{}", t.id) data-state=t.state.code()>
                    <a href=format!("/assistance/{}", t.id)><strong>{t.name}</strong></a>
                    <span class=format!("badge state-{}", t.state.code())>{t.state_label}</span>
                    <p class="muted">
                        {format!("驻{} · {}派出 · 队长{} · {} 人", t.village, t.org_name, t.leader, t.members)}
                        <br />
                        {format!("{} 走访 {} 次", month, t.visits_in_month)}
                        {t.last_visit.map(|d| format!("，最近一次 {d}"))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}
