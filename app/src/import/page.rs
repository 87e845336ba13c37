use domain::ErrorCode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ImportJob;
use crate::{layout::SignInCard, session::UserContext};

/// `/admin/import`: templates to download, a workbook to check or import, the progress bar and
/// the result. Importing is the county administrators' work; the server refuses anyone else.
#[component]
pub fn ImportPage() -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    view! {
        <Title text="导入党组织和党员" />
        <h1>"导入党组织和党员"</h1>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match ctx.user.await {
                    Ok(Some(user)) if user.role == domain::Role::CountyAdmin => view! { <ImportForm /> }.into_any(),
                    Ok(Some(_)) => view! {
                        <section class="card"><p class="alert" id="import-refused">"只有县委组织部管理员可以导入党组织和党员。"</p></section>
                    }.into_any(),
                    _ => view! { <SignInCard text="登录后导入。" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let query = use_query_map();
    let opened = query.with_untracked(|q| q.get("job").and_then(|j| j.parse::<i64>().ok()));
    let refused = query.with_untracked(|q| q.get("error").and_then(|c| ErrorCode::from_code(&c)));
    let job = RwSignal::new(None::<ImportJob>);
    let note = RwSignal::new(refused.map(|c| c.message_zh().to_string()));
    let kind = RwSignal::new("members".to_string());
    let dry_run = RwSignal::new(true);
    // The job the page was opened on: after the plain form's upload, or a reload. Read on the
    // server, so the page shows it (and, without scripts, refreshes itself) before any script.
    let loaded = Resource::new(
        move || opened,
        |id| async move {
            match id {
                Some(id) => super::load_import_job(id).await.ok(),
                None => None,
            }
        },
    );
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(Some(j)) = loaded.get() {
            if j.state == "running" && job.get_untracked().is_none() {
                super::run::follow(j.job, job, note);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        super::run::submit(
            &ev,
            kind.get_untracked(),
            dry_run.get_untracked(),
            job,
            note,
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, job, note, kind, dry_run);
    };
    view! {
        <section class="card" id="import-templates">
            <h2>"1. 下载模板"</h2>
            <p class="muted">"先导入党组织表，再导入党员表。每张表第一行是表头，第二行是示例（导入时跳过），第二个工作表说明每一列。"</p>
            <ul class="link-list">
                <li><a id="template-orgs" href="/api/v1/import/templates/orgs.xlsx" download>"党组织导入模板.xlsx"</a></li>
                <li><a id="template-members" href="/api/v1/import/templates/members.xlsx" download>"党员导入模板.xlsx"</a></li>
            </ul>
        </section>
        <section class="card">
            <h2>"2. 检查并导入"</h2>
            <form id="import-form" action="/admin/import/upload" method="post" enctype="multipart/form-data" on:submit=submit>
                <label for="import-kind">"导入内容"</label>
                <select id="import-kind" name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="members" selected>"党员"</option>
                    <option value="orgs">"党组织"</option>
                </select>
                <label for="import-file">"Excel 文件（.xlsx）"</label>
                <input id="import-file" name="file" type="file" required
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                <p class="muted">"“只检查”逐行核对，列出所有问题，不写入任何数据；“导入”在全部行都正确时一次写入，有任何一行错误则什么也不写。重复导入同一文件不会产生重复数据。"</p>
                <div class="form-actions">
                    <button type="submit" class="secondary" id="import-check" name="dry_run" value="1" on:click=move |_| dry_run.set(true)>"只检查"</button>
                    <button type="submit" id="import-apply" name="dry_run" value="0" on:click=move |_| dry_run.set(false)>"导入"</button>
                </div>
            </form>
            {move || note.get().map(|m| view! { <p class="notice" role="status" id="import-note">{m}</p> })}
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let first = loaded.await;
                move || match job.get() {
                    Some(j) => Some(view! { <JobView job=j refresh=false /> }.into_any()),
                    None => first.clone().map(|j| view! { <JobView job=j refresh=true /> }.into_any()),
                }
            })}
        </Transition>
    }
}

/// The job's stage and result. `refresh`: rendered by the server for a job still running, the
/// page reloads itself every two seconds when scripts are off (with scripts it polls instead).
#[component]
fn JobView(job: ImportJob, refresh: bool) -> impl IntoView {
    let percent = job.percent();
    let ended = job.state != "running";
    let job_id = job.job;
    view! {
        <section class="card" id="import-job">
            <h2>"3. 进度与结果"</h2>
            <p id="import-phase">{job.phase_label.clone()} "：" {job.done} " / " {job.total}</p>
            <progress id="import-progress" max="100" value=percent>{percent} "%"</progress>
            <p id="import-percent">{percent} "%"</p>
            {match job.state.as_str() {
                "refused" => view! {
                    <p class="alert" role="alert" id="import-refused-rows">"有 " {job.problems.len()} " 处问题，没有写入任何数据。请改正后重新检查："</p>
                    <ul class="ledger" id="import-problems">
                        {job.problems.into_iter().map(|p| view! { <li>{p.text}</li> }).collect_view()}
                    </ul>
                }.into_any(),
                "checked" => view! {
                    <p class="notice" id="import-outcome">"检查通过（没有写入）：" {job.outcome.unwrap_or_default()}</p>
                }.into_any(),
                "applied" => view! {
                    <p class="notice" id="import-outcome">"已导入：" {job.outcome.unwrap_or_default()}</p>
                    {job.accounts.filter(|n| *n > 0).map(|n| view! {
                        <p>"已为 " {n} " 名党员开通账号。各支部的一次性密码表只能下载一次，请妥善分发："</p>
                    })}
                    <ul class="link-list" id="import-sheets">
                        {job.sheets.into_iter().map(|s| if s.taken {
                            view! { <li class="muted">{s.org} "（已下载）"</li> }.into_any()
                        } else {
                            view! { <li><a href=format!("/api/v1/import/jobs/{job_id}/passwords/{}.xlsx", s.index) download>{s.org} " 一次性密码表"</a></li> }.into_any()
                        }).collect_view()}
                    </ul>
                }.into_any(),
                "failed" => view! { <p class="alert" role="alert">"导入失败，没有写入任何数据。请稍后重试或联系系统管理员。"</p> }.into_any(),
                _ => ().into_any(),
            }}
            {(!ended).then(|| view! { <p class="muted">"正在处理，请不要关闭本页…"</p> })}
            {(refresh && !ended).then(|| view! { <noscript><meta http-equiv="refresh" content="2" /></noscript> })}
        </section>
    }
}
