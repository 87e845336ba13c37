//! `/video/{org}`: the organization's grid-centre stream in the page, and for whoever manages
//! it (the village branch, the county) the form that registers, changes or removes it. Without
//! an organization (`/video`) the page lists the streams the reader may watch: one route for
//! both, so the shell carries one lazy page, not two.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use domain::video::{MAX_ADDRESS_CHARS, MAX_NAME_CHARS};

use super::{load_video_page, RegisterStream, RemoveStream, StreamPlayer, VideoPageView};
use crate::layout::{action_error, saves, SignInCard};

#[component]
pub fn VideoPage() -> impl IntoView {
    let params = use_params_map();
    let listing = move || params.with(|p| p.get("org").is_none());
    let org = move || {
        params
            .with(|p| p.get("org"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let register = ServerAction::<RegisterStream>::new();
    let remove = ServerAction::<RemoveStream>::new();
    view! {
        <Show when=listing fallback=move || view! { <OneStream org register remove /> }>
            <super::list::VideoListPage />
        </Show>
    }
}

#[component]
fn OneStream(
    org: impl Fn() -> i64 + Send + Sync + Copy + 'static,
    register: ServerAction<RegisterStream>,
    remove: ServerAction<RemoveStream>,
) -> impl IntoView {
    let (registered, removed) = (saves(register), saves(remove));
    let data = Resource::new(
        move || (org(), registered.get(), removed.get()),
        |(org, _, _)| load_video_page(org),
    );
    view! {
        <Title text="网格中心直播" />
        <h1>"网格中心直播"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Video v register remove /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后观看网格中心直播。" /> }.into_any(),
                    Err(e) => view! {
                        <section class="card"><p class="alert" id="video-error">{e.message()}</p></section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Video(
    v: VideoPageView,
    register: ServerAction<RegisterStream>,
    remove: ServerAction<RemoveStream>,
) -> impl IntoView {
    let VideoPageView {
        org_id,
        org_name,
        stream,
        may_manage,
    } = v;
    let (name, url, hours) = stream.as_ref().map_or_else(
        || {
            (
                format!("{org_name}网格中心"),
                String::new(),
                "08:00-18:00".to_string(),
            )
        },
        |s| (s.name.clone(), s.url.clone(), s.hours.clone()),
    );
    let has_stream = stream.is_some();
    let register_error = action_error(register);
    let remove_error = action_error(remove);
    let shown = match stream {
        Some(s) => view! { <section class="card"><StreamPlayer stream=s /></section> }.into_any(),
        None => view! {
            <section class="card"><p class="muted" id="video-none">{format!("{org_name}还没有登记网格中心直播。")}</p></section>
        }
        .into_any(),
    };
    let form = may_manage.then(|| {
        view! {
            <section class="card" id="video-manage">
                <h2>{if has_stream { "修改直播登记" } else { "登记网格中心直播" }}</h2>
                <p class="muted">
                    "填写网格中心视频的播放地址：HLS（.m3u8）或 MP4，须为 https:// 地址（手机浏览器会拦截 http 视频）。"
                </p>
                <ActionForm action=register>
                    <input type="hidden" name="stream[org]" value=org_id.to_string() />
                    <label for="video-name">"名称"</label>
                    <input id="video-name" name="stream[name]" required maxlength=MAX_NAME_CHARS.to_string() value=name />
                    <label for="video-url">"播放地址"</label>
                    <input id="video-url" name="stream[url]" type="url" inputmode="url" required maxlength=MAX_ADDRESS_CHARS.to_string() value=url placeholder="https://…/live.m3u8" />
                    <label for="video-hours">"直播时段（北京时间）"</label>
                    <input id="video-hours" name="stream[hours]" required value=hours placeholder="08:00-18:00" />
                    {move || register_error().map(|e| view! { <p class="alert" id="video-register-error">{e}</p> })}
                    <button type="submit" id="video-register">"保存"</button>
                </ActionForm>
                {has_stream.then(|| view! {
                    <ActionForm action=remove>
                        <input type="hidden" name="org" value=org_id.to_string() />
                        {move || remove_error().map(|e| view! { <p class="alert" id="video-remove-error">{e}</p> })}
                        <button type="submit" class="secondary" id="video-remove">"停止登记"</button>
                    </ActionForm>
                })}
            </section>
        }
    });
    view! {
        <p class="muted" id="video-org">{org_name}</p>
        {shown}
        {form}
    }
}
