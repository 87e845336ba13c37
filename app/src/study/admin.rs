use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    load_admin_study, preview_markdown, AdminStudyView, AuthoredItem, SaveStudyItem,
    WithdrawStudyItem,
};
use crate::layout::{saves, SignInCard};

/// `/admin/study`: county and committee administrators write articles, videos and quizzes in
/// Markdown with a preview, upload images, choose the audience, schedule and withdraw.
#[component]
pub fn AdminStudyPage() -> impl IntoView {
    let query = use_query_map();
    let q = move |name: &'static str| query.with(|q| q.get(name));
    let edit = move || q("edit").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let save = ServerAction::<SaveStudyItem>::new();
    let withdraw = ServerAction::<WithdrawStudyItem>::new();
    let (saved, withdrawn) = (saves(save), saves(withdraw));
    let data = Resource::new(
        move || (edit(), saved.get(), withdrawn.get()),
        |(edit, _, _)| load_admin_study(edit),
    );
    view! {
        <Title text="发布学习内容" />
        <h1>"发布学习内容"</h1>
        {move || q("saved").map(|id| view! {
            <p class="notice" id="study-saved">"已保存。" <a href=format!("/study/{id}")>"查看"</a></p>
        })}
        {move || q("withdrawn").map(|_| view! { <p class="notice" id="study-withdrawn">"已撤回，党员不再看到这条内容。"</p> })}
        {move || q("image").map(|url| view! {
            <p class="notice" id="image-uploaded">"图片已上传。把这一行粘贴到正文中："<code>{format!("![图片]({url})")}</code></p>
        })}
        {move || q("upload_error").map(|c| view! { <p class="alert" role="alert" id="upload-error">{domain::ErrorCode::message_for_code(&c)}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Authoring view=v save withdraw /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后发布学习内容。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="admin-study-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Authoring(
    view: AdminStudyView,
    save: ServerAction<SaveStudyItem>,
    withdraw: ServerAction<WithdrawStudyItem>,
) -> impl IntoView {
    let AdminStudyView {
        audiences,
        items,
        draft,
        preview_html,
    } = view;
    let save_error = move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let withdraw_error = move || {
        withdraw
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let preview = RwSignal::new(preview_html);
    let body = NodeRef::<leptos::html::Textarea>::new();
    let typed = RwSignal::new(0u32);
    // Ask the server to render what was typed once typing pauses: the same renderer members see.
    // The form is rebuilt after a save, so a pending timer or request may outlive these
    // signals: `try_` reads and writes let it end quietly.
    let refresh_preview = move || {
        let Some(n) = typed.try_get_untracked().map(|n| n.wrapping_add(1)) else {
            return;
        };
        typed.try_set(n);
        set_timeout(
            move || {
                if typed.try_get_untracked() != Some(n) {
                    return;
                }
                if let Some(ta) = body.try_get_untracked().flatten() {
                    let md = ta.value();
                    leptos::task::spawn_local(async move {
                        let html = match preview_markdown(md).await {
                            Ok(html) => html,
                            Err(e) => format!("<p class=\"alert\">{}</p>", e.message()),
                        };
                        preview.try_set(html);
                    });
                }
            },
            std::time::Duration::from_millis(400),
        );
    };
    let upload_note = RwSignal::new(None::<String>);
    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::upload::send_form(&ev, upload_note, move |url| {
            if let Some(ta) = body.try_get_untracked().flatten() {
                let mut v = ta.value();
                if !v.is_empty() && !v.ends_with('\n') {
                    v.push('\n');
                }
                v.push_str(&format!("\n![图片]({url})\n"));
                ta.set_value(&v);
            }
            upload_note.try_set(Some("图片已上传，已插入正文末尾。".into()));
            refresh_preview();
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let kinds = [("article", "文章"), ("video", "视频"), ("quiz", "答题")];
    let draft_kind = if draft.kind.is_empty() {
        "article".to_string()
    } else {
        draft.kind.clone()
    };
    let heading = if draft.id == 0 {
        "新内容"
    } else {
        "修改内容"
    };
    view! {
        <section class="card" id="study-editor">
            <h2>{heading}</h2>
            <ActionForm action=save>
                <input type="hidden" name="draft[id]" value=draft.id />
                <label for="st-kind">"类型"</label>
                <select id="st-kind" name="draft[kind]">
                    {kinds.into_iter().map(|(v, l)| view! { <option value=v selected=draft_kind == v>{l}</option> }).collect_view()}
                </select>
                <label for="st-column">"栏目"</label>
                <input id="st-column" name="draft[column_name]" maxlength="20" required value=draft.column_name placeholder="如：理论学习、政策解读" />
                <label for="st-title">"标题"</label>
                <input id="st-title" name="draft[title]" maxlength="80" required value=draft.title />
                <label for="st-audience">"面向"</label>
                <select id="st-audience" name="draft[audience_org_id]">
                    {audiences.into_iter().map(|(id, name)| view! { <option value=id selected=draft.audience_org_id == id>{name}</option> }).collect_view()}
                </select>
                <label for="st-publish">"发布时间（不填为立即发布）"</label>
                <input id="st-publish" type="datetime-local" name="draft[publish_at]" value=draft.publish_at />
                <label for="st-body">"正文（Markdown：# 标题、**加粗**、- 列表、![图片](地址)）"</label>
                <textarea id="st-body" name="draft[body_md]" rows="12" node_ref=body on:input=move |_| refresh_preview()>{draft.body_md}</textarea>
                <label for="st-video">"视频地址（仅视频）"</label>
                <input id="st-video" name="draft[video_url]" value=draft.video_url placeholder="https://… 或本站上传的文件" />
                <label for="st-quiz">"题目（仅答题）：每题一段，先写题目，再写 A. B. 选项，最后写“答案：A”；多个字母为多选"</label>
                <textarea id="st-quiz" name="draft[quiz_src]" rows="8">{draft.quiz_src}</textarea>
                {move || save_error().map(|m| view! { <p class="alert" role="alert" id="study-save-error">{m}</p> })}
                <div class="form-actions"><button type="submit" id="st-save" disabled=move || save.pending().get()>"保存"</button></div>
            </ActionForm>
        </section>
        <section class="card">
            <h2>"正文预览"</h2>
            <article class="study-body" id="st-preview" inner_html=move || preview.get()></article>
        </section>
        <section class="card">
            <h2>"上传图片"</h2>
            <form method="post" action="/api/v1/uploads/images" enctype="multipart/form-data" on:submit=on_upload>
                <label for="st-image">"JPEG、PNG、GIF 或 WebP，不超过 5 MB"</label>
                <input id="st-image" type="file" name="image" accept="image/jpeg,image/png,image/gif,image/webp" required />
                <div class="form-actions"><button type="submit" id="st-upload" class="secondary">"上传"</button></div>
            </form>
            {move || upload_note.get().map(|m| view! { <p class="notice" id="upload-note">{m}</p> })}
        </section>
        <section class="card">
            <h2>"已发布的内容"</h2>
            {move || withdraw_error().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
            {if items.is_empty() {
                view! { <p class="muted">"还没有内容。"</p> }.into_any()
            } else {
                view! {
                    <ul class="authored" id="authored">
                        {items.into_iter().map(|i| view! { <Authored item=i withdraw /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Authored(item: AuthoredItem, withdraw: ServerAction<WithdrawStudyItem>) -> impl IntoView {
    let live = item.status != domain::study::ItemStatus::Withdrawn;
    view! {
        <li id=format!("authored-{}", item.id)>
            <div>
                <a href=format!("/study/{}", item.id)>{item.title}</a>
                <p class="muted">{format!("{} · {} · 面向{} · {} · {} · {} 人完成",
                    item.column_name, item.kind.label_zh(), item.audience_name,
                    item.publish_at.replace('T', " "), item.status.label_zh(), item.completions)}</p>
            </div>
            <div class="row-actions">
                <a class="button secondary" href=format!("/admin/study?edit={}", item.id)>"修改"</a>
                {live.then(|| view! {
                    <ActionForm action=withdraw>
                        <input type="hidden" name="id" value=item.id />
                        <button type="submit" class="danger">"撤回"</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
}
