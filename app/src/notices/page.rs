use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_notices, NoticeView, NoticesView, PostNotice};
use crate::layout::{saves, SignInCard};

/// `/notices`: notices for me, newest first; secretaries, committees and the county post here.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let query = use_query_map();
    let posted = move || query.with(|q| q.get("posted").is_some());
    let post = ServerAction::<PostNotice>::new();
    let post_saves = saves(post);
    let data = Resource::new(move || post_saves.get(), |_| load_notices());
    view! {
        <Title text="通知公告" />
        <h1>"通知公告"</h1>
        {move || posted().then(|| view! { <p class="notice" id="notice-posted">"通知已发布，收到的党员会在“消息”里看到。"</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Notices view=v post /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看通知公告。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Notices(view: NoticesView, post: ServerAction<PostNotice>) -> impl IntoView {
    let NoticesView { notices, audiences } = view;
    let error = move || {
        post.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        {(!audiences.is_empty()).then(|| view! {
            <section class="card" id="post-notice">
                <h2>"发布通知"</h2>
                <ActionForm action=post>
                    <label for="n-org">"发给"</label>
                    <select id="n-org" name="org_id">
                        {audiences.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                    <label for="n-title">"标题"</label>
                    <input id="n-title" name="title" maxlength="50" required />
                    <label for="n-body">"内容"</label>
                    <textarea id="n-body" name="body" rows="5" maxlength="2000" required></textarea>
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="notice-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || post.pending().get()>"发布"</button></div>
                </ActionForm>
            </section>
        })}
        <section class="card">
            {if notices.is_empty() {
                view! { <p class="muted" id="notices-empty">"暂无通知。"</p> }.into_any()
            } else {
                view! { <NoticeList notices id="notices" /> }.into_any()
            }}
        </section>
    }
}

/// Notices as a list (also on the home screen).
#[component]
pub fn NoticeList(notices: Vec<NoticeView>, id: &'static str) -> impl IntoView {
    view! {
        <ul class="notices" id=id>
            {notices.into_iter().map(|n| view! {
                <li id=format!("n{}", n.id)>
                    <strong>{n.title}</strong>
                    <p class="notice-body">{n.body}</p>
                    <p class="muted">{n.org_name} " · " {n.at}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
