//! `/tasks`: what I have to do, what waits for my acceptance, what I sent, and the form to send
//! a task down the tree.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_tasks, DispatchTask, SentTask, TaskLine, TasksView};
use crate::layout::{action_error, SignInCard};

#[component]
pub fn TasksPage() -> impl IntoView {
    let dispatch = ServerAction::<DispatchTask>::new();
    let data = Resource::new(|| (), |_| load_tasks());
    view! {
        <Title text="党建任务" />
        <h1>"党建任务"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Tasks v dispatch /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看党建任务。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Tasks(v: TasksView, dispatch: ServerAction<DispatchTask>) -> impl IntoView {
    let TasksView {
        todo,
        to_review,
        sent,
        dispatch_orgs,
    } = v;
    view! {
        <section class="card" id="task-todo">
            <h2>"要我办"</h2>
            <Lines lines=todo empty="没有待办的任务。" />
        </section>
        {(!to_review.is_empty()).then(|| view! {
            <section class="card" id="task-review">
                <h2>"待我验收"</h2>
                <Lines lines=to_review empty="" />
            </section>
        })}
        {sent.map(|sent| view! { <Sent sent /> })}
        {dispatch_orgs.map(|orgs| view! { <DispatchForm orgs dispatch /> })}
    }
}

#[component]
fn Lines(lines: Vec<TaskLine>, empty: &'static str) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="ledger">
            {lines.into_iter().map(|l| {
                let who = match &l.member_name {
                    Some(m) => format!("{} · {m}", l.org_name),
                    None => l.org_name.clone(),
                };
                view! {
                    <li class="task-line" data-progress=l.progress.code()>
                        <p><a href=format!("/tasks/{}", l.task_id)><strong>{l.title}</strong></a> " " <span class="tag">{l.progress_label}</span></p>
                        <p class="muted">{who} " · 截止 " {l.deadline}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Sent(sent: Vec<SentTask>) -> impl IntoView {
    view! {
        <section class="card" id="task-sent">
            <h2>"我发出的任务"</h2>
            {if sent.is_empty() {
                view! { <p class="muted">"还没有发出任务。"</p> }.into_any()
            } else {
                view! {
                    <ul class="ledger">
                        {sent.into_iter().map(|t| view! {
                            <li>
                                <p><a href=format!("/tasks/{}", t.id)><strong>{t.title}</strong></a></p>
                                <p class="muted">{t.addressed_label} " · " {t.recipients} " 个 · 截止 " {t.deadline}</p>
                                <p class="task-progress">
                                    {t.progress.into_iter().filter(|(_, _, n)| *n > 0).map(|(code, label, n)| view! {
                                        <a class="tag" href=format!("/tasks/{}?progress={code}", t.id)>{label} " " {n}</a> " "
                                    }).collect_view()}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DispatchForm(
    orgs: Vec<(i64, String, bool)>,
    dispatch: ServerAction<DispatchTask>,
) -> impl IntoView {
    let error = action_error(dispatch);
    // "All branches below" one of these, instead of below the sender.
    let committees: Vec<(i64, String)> = orgs
        .iter()
        .filter(|(_, _, branch)| !branch)
        .map(|(id, name, _)| (*id, name.clone()))
        .collect();
    view! {
        <section class="card" id="task-dispatch">
            <h2>"发布任务"</h2>
            <ActionForm action=dispatch>
                <label for="t-title">"任务名称"</label>
                <input id="t-title" name="task[title]" maxlength="100" required />
                <label for="t-instructions">"任务要求（支持 Markdown）"</label>
                <textarea id="t-instructions" name="task[instructions]" rows="4" maxlength="5000"></textarea>
                <label for="t-deadline">"截止日期"</label>
                <input id="t-deadline" name="task[deadline]" type="date" required />
                <label for="t-evidence">"完成凭据"</label>
                <select id="t-evidence" name="task[evidence]">
                    <option value="text">"文字报告"</option>
                    <option value="photos">"照片（附文字说明）"</option>
                    <option value="file">"文件（PDF、Word、Excel）"</option>
                    <option value="number">"数量（填写单位）"</option>
                </select>
                <label for="t-unit">"数量单位（如 户、人次）"</label>
                <input id="t-unit" name="task[unit]" maxlength="10" />
                <fieldset>
                    <legend>"发给"</legend>
                    <label><input type="radio" name="task[addressed]" value="subtree" checked /> "下级全部党支部"</label>
                    <label for="t-under">"范围"</label>
                    <select id="t-under" name="task[under]">
                        <option value="">"本级以下全部"</option>
                        {committees.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <label><input type="radio" name="task[addressed]" value="orgs" /> "指定党组织（在下方勾选）"</label>
                    <label><input type="radio" name="task[addressed]" value="members" /> "指定党员（填写手机号）"</label>
                </fieldset>
                <details id="t-orgs">
                    <summary>"选择党组织（" {orgs.len()} " 个）"</summary>
                    {orgs.into_iter().map(|(id, name, branch)| view! {
                        <label class=if branch { "check" } else { "check committee" }>
                            <input type="checkbox" name=format!("task[orgs][{id}]") value="on" /> {name}
                        </label>
                    }).collect_view()}
                </details>
                <label for="t-members">"党员手机号（每行一个，或用逗号分隔）"</label>
                <textarea id="t-members" name="task[member_mobiles]" rows="2"></textarea>
                {move || error().map(|m| view! { <p class="alert" role="alert" id="dispatch-error">{m}</p> })}
                <div class="form-actions"><button type="submit" id="t-send" disabled=move || dispatch.pending().get()>"发布"</button></div>
            </ActionForm>
        </section>
    }
}
