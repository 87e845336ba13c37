//! `/assistance/{id}`: a team, its visit log with photos and its monthly summaries. Team
//! members log visits (a multipart form: the text and the photos go together, so a visit is
//! kept whole or not at all) and write the month's summary.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{edit::EditTeam, load_team, TeamDetail, UpdateTeam, VisitView, WriteSummary};
use crate::layout::{action_error, saves, BackgroundUpload, SignInCard, UploadProgress};
use domain::ErrorCode;

#[component]
pub fn TeamPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let summary = ServerAction::<WriteSummary>::new();
    let update = ServerAction::<UpdateTeam>::new();
    let (summary_saves, update_saves) = (saves(summary), saves(update));
    // The page is rendered anew after a save: the other form's old refusal no longer applies.
    Effect::new(move |_| {
        if summary_saves.get() > 0 {
            update.value().set(None);
        }
    });
    Effect::new(move |_| {
        if update_saves.get() > 0 {
            summary.value().set(None);
        }
    });
    let data = Resource::new(
        move || (id(), summary_saves.get(), update_saves.get()),
        |(id, _, _)| load_team(id),
    );
    let flag = move |k: &'static str| query.with(|q| q.get(k).is_some());
    let notices = [
        ("stationed", "工作队已派驻，队员会收到通知。"),
        ("visit", "走访记录已保存。"),
        ("summary", "月度小结已报送。"),
        (
            "edited",
            "工作队已调整，新编入、调离和职务变动的队员会收到通知。",
        ),
        ("unchanged", "没有改动，未保存。"),
    ];
    view! {
        <Title text="驻村工作队" />
        {move || notices.iter().find(|(k, _)| flag(k)).map(|(k, t)| view! { <p class="notice" id=format!("notice-{k}")>{*t}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(t)) => view! { <Team t summary update /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看驻村工作队。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="team-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Team(
    t: TeamDetail,
    summary: ServerAction<WriteSummary>,
    update: ServerAction<UpdateTeam>,
) -> impl IntoView {
    let members = t
        .members
        .iter()
        .map(|m| format!("{}（{}）", m.name, m.role_label))
        .collect::<Vec<_>>()
        .join("、");
    let error = action_error(summary);
    view! {
        <h1 id="team-name">{t.name.clone()}</h1>
        <section class="card">
            <p>{format!("驻点村：{} · {}派出 · {} 进驻", t.village, t.org_name, t.started_on)}</p>
            {t.ended_on.clone().map(|d| view! { <p id="team-ended">{format!("撤回日期：{d}（此后不再记录走访，最后一个月的小结仍须报送）")}</p> })}
            <p id="team-members">{format!("队员：{members}")}</p>
            <ul class="months" id="team-months">
                {t.months.iter().map(|(m, label)| view! { <li>{format!("{m} {label}")}</li> }).collect_view()}
            </ul>
        </section>
        {t.visit_days.clone().filter(|_| t.on_team).map(|(earliest, latest)| view! { <VisitForm id=t.id earliest latest /> })}
        <section class="card" id="visits">
            <h2>"走访记录"</h2>
            {t.visits.is_empty().then(|| view! { <p class="muted">"还没有走访记录。"</p> })}
            <ul class="visits">
                {t.visits.into_iter().map(|v| view! { <Visit v /> }).collect_view()}
            </ul>
        </section>
        <section class="card" id="summaries">
            <h2>"月度小结"</h2>
            {t.summaries.is_empty().then(|| view! { <p class="muted">"还没有月度小结。"</p> })}
            <ul class="summaries">
                {t.summaries.into_iter().map(|s| {
                    let id = format!("summary-{}", s.month);
                    view! {
                    <li id=id>
                        <strong>{s.month}</strong>
                        <p class="prewrap">{s.content}</p>
                        <p class="muted">{format!("{} 报送于 {}", s.written_by, s.written_at)}</p>
                    </li>
                    }
                }).collect_view()}
            </ul>
            {(t.on_team && !t.open_months.is_empty()).then(|| view! {
                <ActionForm action=summary>
                    <input type="hidden" name="team_id" value=t.id.to_string() />
                    <label for="s-month">"月份"</label>
                    <select id="s-month" name="month">
                        {t.open_months.iter().map(|(m, label)| view! { <option value=m.clone()>{label.clone()}</option> }).collect_view()}
                    </select>
                    <label for="s-content">"工作小结（走访、办实事、下月打算）"</label>
                    <textarea id="s-content" name="content" rows="5" maxlength="2000" required></textarea>
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="summary-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || summary.pending().get()>"报送小结"</button></div>
                </ActionForm>
            })}
        </section>
        {t.edit.map(|edit| view! { <EditTeam id=t.id edit started_on=t.started_on update /> })}
    }
}

#[component]
fn VisitForm(id: i64, earliest: String, latest: String) -> impl IntoView {
    let query = use_query_map();
    let refused = move || {
        query
            .with(|q| q.get("visit_error"))
            .map(|c| ErrorCode::message_for_code(&c))
    };
    // Without JavaScript a refused visit comes back with what was typed.
    let typed = move |k: &str| query.with(|q| q.get(k)).filter(|_| refused().is_some());
    let day = typed("visited_on").unwrap_or_else(|| latest.clone());
    let text = typed("content").unwrap_or_default();
    // With JavaScript the same form is sent in the background with a progress bar.
    let upload = BackgroundUpload::new();
    let on_submit = upload.on_submit(format!("/assistance/{id}?visit=1#visits"));
    view! {
        <section class="card" id="log-visit">
            <h2>"记录走访"</h2>
            <form method="post" enctype="multipart/form-data" action=format!("/api/v1/assistance/{id}/visits") id="visit-form" on:submit=on_submit>
                <label for="v-day">"走访日期"</label>
                <input id="v-day" name="visited_on" type="date" value=day min=earliest max=latest required />
                <label for="v-content">"走访内容（走访了谁、了解到什么、办了什么事）"</label>
                <textarea id="v-content" name="content" rows="4" maxlength="2000" required>{text}</textarea>
                <label for="v-photos">"照片（可多选，可不传；JPEG、PNG 或 WebP，每张不超过 12 MB）"</label>
                <input id="v-photos" type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple />
                {move || refused().filter(|_| upload.idle()).map(|m| view! { <p class="alert" role="alert" id="visit-error">{m}</p> })}
                <UploadProgress upload error_id="visit-error" />
                <div class="form-actions"><button type="submit" id="visit-submit">"保存走访记录"</button></div>
            </form>
        </section>
    }
}

#[component]
fn Visit(v: VisitView) -> impl IntoView {
    view! {
        <li id=format!("visit-{}", v.id)>
            <strong>{v.visited_on}</strong>
            <p class="prewrap">{v.content}</p>
            <ul class="photos">
                {v.photos.into_iter().map(|p| view! {
                    <li>
                        <a href=p.url target="_blank"><img src=p.thumb_url alt="走访照片" loading="lazy" /></a>
                        <p class="muted">
                            {format!("拍摄：{}", p.taken_at.unwrap_or_else(|| "无拍摄信息".into()))}
                            {p.place.map(|pl| format!("，{pl}"))}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
            <p class="muted">{format!("记录人：{}", v.recorded_by)}</p>
        </li>
    }
}
