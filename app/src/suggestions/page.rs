use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    load_suggestions, HandleSuggestion, SubmitSuggestion, SuggestionView, SuggestionsView,
};
use crate::layout::{saves, SignInCard};

/// `/suggestions`: members send suggestions to their branch or committee and follow them;
/// administrators in scope reply, forward upward, or adopt (adoption earns the author points).
#[component]
pub fn SuggestionsPage() -> impl IntoView {
    let query = use_query_map();
    let flag = move |name: &'static str| query.with(|q| q.get(name).is_some());
    let submit = ServerAction::<SubmitSuggestion>::new();
    // A page without JavaScript uploads the photo first and comes back with its address.
    // Only our own upload addresses: a crafted link cannot make the page load another site.
    let uploaded = query
        .with_untracked(|q| q.get("photo"))
        .filter(|p| p.starts_with("/files/suggestion/") && !p.contains(['"', '<', '>', ' ']))
        .unwrap_or_default();
    // Kept outside the data's Suspend, so a refetch (say after a refused submit) keeps it; a
    // suggestion sent takes its photo with it.
    let photo = RwSignal::new(uploaded);
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            photo.set(String::new());
        }
    });
    let upload_error = move || {
        query.with(|q| {
            q.get("upload_error")
                .map(|c| domain::ErrorCode::message_for_code(&c))
        })
    };
    let handle = ServerAction::<HandleSuggestion>::new();
    let (submitted, handled) = (saves(submit), saves(handle));
    let data = Resource::new(
        move || (submitted.get(), handled.get()),
        |_| load_suggestions(),
    );
    view! {
        <Title text="意见建议" />
        <h1>"意见建议"</h1>
        {move || flag("sent").then(|| view! { <p class="notice" id="suggestion-sent">"建议已提交，处理结果会发到“消息”。"</p> })}
        {move || flag("handled").then(|| view! { <p class="notice" id="suggestion-handled">"已处理，提建议的党员会收到消息。"</p> })}
        {move || upload_error().map(|m| view! { <p class="alert" role="alert" id="photo-error">{m}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Suggestions view=v submit handle photo /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后提出意见建议。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Suggestions(
    view: SuggestionsView,
    submit: ServerAction<SubmitSuggestion>,
    handle: ServerAction<HandleSuggestion>,
    photo: RwSignal<String>,
) -> impl IntoView {
    let photo_note = RwSignal::new(None::<String>);
    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::upload::send_form(&ev, photo_note, move |url| {
            photo.try_set(url);
            photo_note.try_set(Some("照片已上传，提交建议时一并发送。".into()));
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let SuggestionsView {
        destinations,
        mine,
        queue,
    } = view;
    let submit_error = move || {
        submit
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let handle_error = move || {
        handle
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        {(!destinations.is_empty()).then(|| view! {
            <section class="card" id="suggest">
                <h2>"提建议"</h2>
                // Its own form (forms do not nest): without JavaScript the page reloads with the
                // photo's address, which the suggestion form below then carries.
                <form method="post" action="/api/v1/uploads/images?purpose=suggestion" enctype="multipart/form-data" on:submit=on_upload id="photo-form">
                    <label for="s-photo">"照片（可选）：JPEG、PNG、GIF 或 WebP，不超过 5 MB"</label>
                    <input id="s-photo" type="file" name="image" accept="image/jpeg,image/png,image/gif,image/webp" capture="environment" required />
                    <div class="form-actions"><button type="submit" class="secondary" id="s-photo-upload">"上传照片"</button></div>
                </form>
                {move || photo_note.get().map(|m| view! { <p class="notice" id="photo-note">{m}</p> })}
                {move || (!photo.get().is_empty()).then(|| view! { <img class="photo" id="photo-preview" src=photo.get() alt="将随建议发送的照片" /> })}
                <ActionForm action=submit>
                    <input type="hidden" name="photo" prop:value=move || photo.get() value=photo.get_untracked() />
                    <label for="s-to">"提给"</label>
                    <select id="s-to" name="to">
                        {destinations.into_iter().map(|(v, name)| view! { <option value=v>{name}</option> }).collect_view()}
                    </select>
                    <label for="s-title">"标题"</label>
                    <input id="s-title" name="title" maxlength="50" required />
                    <label for="s-body">"内容"</label>
                    <textarea id="s-body" name="body" rows="4" maxlength="2000" required></textarea>
                    {move || submit_error().map(|m| view! { <p class="alert" role="alert" id="suggest-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || submit.pending().get()>"提交"</button></div>
                </ActionForm>
            </section>
        })}
        {queue.map(|items| view! {
            <section class="card" id="suggestion-queue">
                <h2>"待我处理"</h2>
                {move || handle_error().map(|m| view! { <p class="alert" role="alert" id="handle-error">{m}</p> })}
                {if items.is_empty() {
                    view! { <p class="muted">"暂无需要处理的建议。"</p> }.into_any()
                } else {
                    items.into_iter().map(|s| view! { <QueueItem s handle /> }).collect_view().into_any()
                }}
            </section>
        })}
        <section class="card" id="my-suggestions">
            <h2>"我提的建议"</h2>
            {if mine.is_empty() {
                view! { <p class="muted">"还没有提过建议。"</p> }.into_any()
            } else {
                view! { <ul class="ledger">{mine.into_iter().map(|s| view! { <li><SuggestionSummary s /></li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn SuggestionSummary(s: SuggestionView) -> impl IntoView {
    view! {
        <p><strong>{s.title}</strong> " " <span class="tag">{s.status_label}</span></p>
        <p class="muted">{s.org_name} " · " {s.created_at.chars().take(10).collect::<String>()}</p>
        {s.photo.map(|src| view! { <img class="photo" src=src alt="建议附带的照片" loading="lazy" /> })}
        {s.reply.map(|r| view! { <p class="reply">"答复：" {r}</p> })}
        {(s.points_awarded > 0).then(|| view! { <p class="notice">"已采纳，获得 " {s.points_awarded} " 分"</p> })}
    }
}

#[component]
fn QueueItem(s: SuggestionView, handle: ServerAction<HandleSuggestion>) -> impl IntoView {
    let open = s.status == domain::suggestion::SuggestionStatus::Submitted;
    let id = s.id;
    view! {
        <article class="queue-item">
            <p><strong>{s.title.clone()}</strong> " " <span class="tag">{s.status_label.clone()}</span></p>
            <p class="muted">{s.author_name.clone()} " · " {s.org_name.clone()}</p>
            <p>{s.body.clone()}</p>
            {s.photo.clone().map(|src| view! { <img class="photo" src=src alt="建议附带的照片" loading="lazy" /> })}
            {s.reply.clone().map(|r| view! { <p class="reply">"答复：" {r}</p> })}
            {open.then(|| view! {
                <ActionForm action=handle>
                    <input type="hidden" name="id" value=id />
                    <label for=format!("h-verb-{id}")>"处理方式"</label>
                    <select id=format!("h-verb-{id}") name="verb">
                        <option value="reply">"答复"</option>
                        <option value="adopt">"采纳（给提建议的党员加分）"</option>
                        <option value="forward">"转上级党组织"</option>
                    </select>
                    <label for=format!("h-reply-{id}")>"答复内容"</label>
                    <textarea id=format!("h-reply-{id}") name="reply" rows="3" maxlength="2000"></textarea>
                    <div class="form-actions"><button type="submit" disabled=move || handle.pending().get()>"提交处理"</button></div>
                </ActionForm>
            })}
        </article>
    }
}
