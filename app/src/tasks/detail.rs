//! `/tasks/{id}`: one task — its instructions, the reader's own report, and for whoever sent it
//! or reviews it, each recipient's progress and report to accept or return (a progress tag
//! narrows the list: the drill-down from `/tasks`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use domain::{task::Evidence, ErrorCode};

use super::{load_task, AssignmentView, ReportTask, ReviewTask, TaskView};
use crate::layout::{action_error, saves, BackgroundUpload, SignInCard, UploadProgress};

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let progress = move || query.with(|q| q.get("progress").unwrap_or_default());
    let report = ServerAction::<ReportTask>::new();
    let review = ServerAction::<ReviewTask>::new();
    let (reported, reviewed) = (saves(report), saves(review));
    let data = Resource::new(
        move || (id(), progress(), reported.get(), reviewed.get()),
        |(id, progress, _, _)| load_task(id, progress),
    );
    let flag = move |k: &'static str| query.with(|q| q.get(k).is_some());
    let notices = [
        ("sent", "任务已发布，接收的党组织和党员会收到消息。"),
        ("reported", "已上报，等待验收。"),
        ("reviewed", "已处理，接收方会收到消息。"),
    ];
    view! {
        <Title text="党建任务" />
        {move || notices.iter().find(|(k, _)| flag(k)).map(|(k, t)| view! { <p class="notice" id=format!("notice-{k}")>{*t}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(t)) => view! { <Task t report review /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看党建任务。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="task-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Task(
    t: TaskView,
    report: ServerAction<ReportTask>,
    review: ServerAction<ReviewTask>,
) -> impl IntoView {
    let number = t.evidence == Evidence::Number;
    // Photos and documents come with the phone's multipart form.
    let attached = matches!(t.evidence, Evidence::Photos | Evidence::File);
    let evidence = t.evidence;
    let unit = t.unit.clone();
    let task_id = t.id;
    let (report_error, review_error) = (action_error(report), action_error(review));
    view! {
        <h1 id="task-title">{t.title.clone()}</h1>
        <section class="card" id="task-brief">
            <p class="muted">{t.sender.clone()} " · " {t.addressed_label.clone()} " · 截止 " <span id="task-deadline">{t.deadline.clone()}</span> " · 凭据：" {t.evidence_label.clone()}</p>
            <article class="study-body" inner_html=t.instructions_html.clone()></article>
        </section>
        {(!t.mine.is_empty()).then(|| view! {
            <section class="card" id="task-mine">
                <h2>"我的任务"</h2>
                {move || report_error().map(|m| view! { <p class="alert" role="alert" id="report-error">{m}</p> })}
                {t.mine.into_iter().map(|a| {
                    let unit = unit.clone();
                    view! {
                        <article class="queue-item" data-assignment=a.id>
                            <p><strong>{a.org_name.clone()}</strong> {a.member_name.clone().map(|m| format!(" · {m}"))} " " <span class="tag" data-progress=a.progress.code()>{a.progress_label.clone()}</span></p>
                            <Reported a=a.clone() />
                            {(a.may_report && attached).then(|| view! { <AttachedReport id=a.id task_id evidence /> })}
                            {(a.may_report && !attached).then(|| view! {
                                <ActionForm action=report>
                                    <input type="hidden" name="assignment_id" value=a.id />
                                    {number.then(|| view! {
                                        <label for=format!("r-number-{}", a.id)>"完成数量（" {unit.clone()} "）"</label>
                                        <input id=format!("r-number-{}", a.id) name="number" inputmode="decimal" maxlength="12" required />
                                    })}
                                    <label for=format!("r-text-{}", a.id)>"完成情况"</label>
                                    <textarea id=format!("r-text-{}", a.id) name="text" rows="4" maxlength="2000" required=!number></textarea>
                                    <div class="form-actions"><button type="submit" disabled=move || report.pending().get()>"上报完成"</button></div>
                                </ActionForm>
                            })}
                        </article>
                    }
                }).collect_view()}
            </section>
        })}
        {(!t.progress.is_empty()).then(|| view! {
            <section class="card" id="task-progress">
                <h2>"完成情况"</h2>
                <p class="task-progress">
                    <a class="tag" href=format!("/tasks/{task_id}")>"全部"</a> " "
                    {t.progress.into_iter().map(|(code, label, n)| view! {
                        <a class="tag" data-progress=code.clone() href=format!("/tasks/{task_id}?progress={code}")>{label} " " <span class="count">{n}</span></a> " "
                    }).collect_view()}
                </p>
                {move || review_error().map(|m| view! { <p class="alert" role="alert" id="review-error">{m}</p> })}
                {t.overseen.into_iter().map(|a| view! { <Overseen a review /> }).collect_view()}
                {(t.more > 0).then(|| view! { <p class="muted">"另有 " {t.more} " 个未列出，请按状态筛选。"</p> })}
            </section>
        })}
    }
}

#[component]
fn Reported(a: AssignmentView) -> impl IntoView {
    view! {
        {(!a.review_note.is_empty()).then(|| view! { <p class="alert">"退回原因：" {a.review_note.clone()}</p> })}
        {a.reported_on.clone().map(|on| view! {
            <p class="reply">
                {a.report_number.clone().map(|n| view! { <strong>{n}</strong> " " })}
                {a.report_text.clone()}
                <span class="muted">" （" {on} " 上报）"</span>
            </p>
        })}
        {(!a.photos.is_empty()).then(|| view! {
            <ul class="photos report-photos">
                {a.photos.clone().into_iter().map(|p| view! {
                    <li>
                        <a href=p.url target="_blank"><img src=p.thumb_url alt="任务照片" loading="lazy" /></a>
                        <p class="muted">{format!("拍摄：{}", p.taken_at.unwrap_or_else(|| "无拍摄信息".into()))}{p.place.map(|pl| format!("，{pl}"))}</p>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!a.files.is_empty()).then(|| view! {
            <ul class="report-files">
                {a.files.clone().into_iter().map(|f| view! {
                    <li><a href=f.url download=f.name.clone()>{f.name.clone()}</a> <span class="muted">{format!("{} KB", f.size_kb)}</span></li>
                }).collect_view()}
            </ul>
        })}
        {a.accepted_on.clone().map(|_| view! { <p class="notice">"已验收"</p> })}
    }
}

/// The report of a task that asks for photos or a document, from the phone: the text and the
/// attachments in one multipart form, sent in the background with a progress bar when
/// JavaScript runs.
#[component]
fn AttachedReport(id: i64, task_id: i64, evidence: Evidence) -> impl IntoView {
    let query = use_query_map();
    let refused = move || {
        query
            .with(|q| q.get("report_error"))
            .map(|c| ErrorCode::message_for_code(&c))
    };
    let upload = BackgroundUpload::new();
    let on_submit = upload.on_submit(format!("/tasks/{task_id}?reported=1"));
    view! {
        <form method="post" enctype="multipart/form-data" action=format!("/api/v1/tasks/assignments/{id}/report") id=format!("report-form-{id}") on:submit=on_submit>
            <label for=format!("r-text-{id}")>"完成情况"</label>
            <textarea id=format!("r-text-{id}") name="text" rows="4" maxlength="2000" required></textarea>
            {if evidence == Evidence::File {
                view! {
                    <label for=format!("r-files-{id}")>"文件（至少一个，可多选；PDF、Word 或 Excel，每个不超过 10 MB）"</label>
                    <input id=format!("r-files-{id}") type="file" name="file" accept=".pdf,.docx,.xlsx,application/pdf" multiple />
                }.into_any()
            } else {
                view! {
                    <label for=format!("r-photos-{id}")>"照片（至少一张，可多选；JPEG、PNG 或 WebP，每张不超过 12 MB）"</label>
                    <input id=format!("r-photos-{id}") type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple />
                }.into_any()
            }}
            {move || refused().filter(|_| upload.idle()).map(|m| view! { <p class="alert" role="alert" id="photo-report-error">{m}</p> })}
            <UploadProgress upload error_id="photo-report-error" />
            <div class="form-actions"><button type="submit" id=format!("report-submit-{id}")>"上报完成"</button></div>
        </form>
    }
}

#[component]
fn Overseen(a: AssignmentView, review: ServerAction<ReviewTask>) -> impl IntoView {
    let id = a.id;
    view! {
        <article class="queue-item" data-assignment=id>
            <p><strong>{a.org_name.clone()}</strong> {a.member_name.clone().map(|m| format!(" · {m}"))} " " <span class="tag" data-progress=a.progress.code()>{a.progress_label.clone()}</span></p>
            <Reported a=a.clone() />
            {a.may_review.then(|| view! {
                <ActionForm action=review>
                    <input type="hidden" name="assignment_id" value=id />
                    <label for=format!("v-note-{id}")>"意见（退回时必填）"</label>
                    <input id=format!("v-note-{id}") name="note" maxlength="200" />
                    <div class="form-actions">
                        <button type="submit" name="decision" value="accept" disabled=move || review.pending().get()>"验收通过"</button>
                        <button type="submit" class="secondary" name="decision" value="return" disabled=move || review.pending().get()>"退回"</button>
                    </div>
                </ActionForm>
            })}
        </article>
    }
}
