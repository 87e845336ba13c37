use domain::study::StudyKind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    load_study_item, save_study_progress, FinishStudy, QuizQuestionView, StudyItemView, SubmitQuiz,
};
use crate::layout::{saves, SignInCard};

/// `/study/{id}`: an article, video or quiz, what finishing it earns (computed in the browser
/// by `domain`, then booked by the server with the same code), and where I left off.
#[component]
pub fn StudyItemPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done").is_some());
    let finish = ServerAction::<FinishStudy>::new();
    let quiz = ServerAction::<SubmitQuiz>::new();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let (finished, answered) = (saves(finish), saves(quiz));
    let data = Resource::new(
        move || (id(), finished.get(), answered.get()),
        |(id, _, _)| load_study_item(id),
    );
    view! {
        <Title text="学习" />
        <p class="crumbs"><a href="/study">"← 学习"</a></p>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Item view=v finish quiz just_done=done() /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后学习，学习可得积分。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="study-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Item(
    view: StudyItemView,
    finish: ServerAction<FinishStudy>,
    quiz: ServerAction<SubmitQuiz>,
    just_done: bool,
) -> impl IntoView {
    let StudyItemView {
        id,
        kind,
        column_name,
        title,
        body_html,
        video_url,
        quiz: questions,
        publish_at,
        audience_name,
        status_note,
        progress,
        today,
        ledger,
        rules,
    } = view;
    let completed = progress.as_ref().is_some_and(|p| p.completed);
    let preview = progress.as_ref().filter(|p| !p.completed).map(|_| {
        domain::study::finish_preview_zh(&rules, &ledger, kind, today)
            .unwrap_or_else(|e| e.message_zh().to_string())
    });
    let done_text = progress.as_ref().filter(|p| p.completed).map(|p| {
        let score = p
            .score_percent
            .map(|s| format!("得分 {s}，"))
            .unwrap_or_default();
        if p.points > 0 {
            format!("已完成，{score}获得 {} 分。", p.points)
        } else {
            format!("已完成，{score}本次未计积分（已达上限或已计过）。")
        }
    });
    let resume_at = progress
        .as_ref()
        .filter(|p| !p.completed && p.position > 0)
        .map(|p| (p.position, p.percent));
    let is_member = progress.is_some();
    let finish_error = move || {
        finish
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let quiz_error = move || {
        quiz.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        <h1 id="study-title">{title}</h1>
        <p class="muted">{format!("{} · {} · {} · 面向{}", column_name, kind.label_zh(), publish_at.replace('T', " "), audience_name)}</p>
        {status_note.map(|n| view! { <p class="notice" id="study-status">{n}</p> })}
        {done_text.map(|t| view! { <p class=if just_done { "notice success" } else { "notice" } id="study-done">{t}</p> })}
        {preview.map(|t| view! { <p class="notice" id="study-preview" aria-live="polite">{t}</p> })}
        {(!body_html.is_empty()).then(|| view! { <article class="card study-body" id="study-body" inner_html=body_html></article> })}
        {match kind {
            StudyKind::Article => view! { <ArticleProgress id resume_at enabled=is_member && !completed /> }.into_any(),
            StudyKind::Video => view! { <VideoPlayer id url=video_url.unwrap_or_default() resume_at enabled=is_member && !completed /> }.into_any(),
            StudyKind::Quiz => view! { <QuizForm id questions=questions.unwrap_or_default() quiz open=is_member && !completed /> }.into_any(),
        }}
        {move || quiz_error().map(|m| view! { <p class="alert" role="alert" id="quiz-error">{m}</p> })}
        {(is_member && !completed && kind != StudyKind::Quiz).then(|| view! {
            <section class="card">
                <ActionForm action=finish>
                    <input type="hidden" name="id" value=id />
                    {move || finish_error().map(|m| view! { <p class="alert" role="alert" id="finish-error">{m}</p> })}
                    <button type="submit" id="study-finish" disabled=move || finish.pending().get()>
                        {if kind == StudyKind::Video { "看完了，领取积分" } else { "读完了，领取积分" }}
                    </button>
                </ActionForm>
            </section>
        })}
    }
}

/// Keeps the reading position as the member scrolls and brings them back to it.
#[component]
fn ArticleProgress(id: i64, resume_at: Option<(i64, u8)>, enabled: bool) -> impl IntoView {
    let resumed = RwSignal::new(false);
    if enabled {
        let saved = StoredValue::new(resume_at.map(|(_, p)| p).unwrap_or(0));
        Effect::new(move |_| {
            if let Some((_, percent)) = resume_at {
                let doc = document()
                    .document_element()
                    .map(|e| e.scroll_height())
                    .unwrap_or(0);
                let view = window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                let y = (f64::from(doc) * f64::from(percent) / 100.0 - view).max(0.0);
                window().scroll_to_with_x_and_y(0.0, y);
                resumed.set(true);
            }
        });
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            let doc = document()
                .document_element()
                .map(|e| e.scroll_height())
                .unwrap_or(1);
            let bottom = window().scroll_y().unwrap_or(0.0)
                + window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
            let percent =
                domain::study::clamp_percent((bottom * 100.0 / f64::from(doc.max(1))) as i64);
            // Every tenth of the way is enough to resume, and keeps requests few.
            if percent >= saved.get_value().saturating_add(10)
                || (percent == 100 && saved.get_value() < 100)
            {
                saved.set_value(percent);
                leptos::task::spawn_local(async move {
                    let _ = save_study_progress(id, i64::from(percent), i64::from(percent)).await;
                });
            }
        });
        on_cleanup(move || handle.remove());
    }
    resume_at.map(|(_, percent)| {
        view! {
            <p class="muted" id="study-resume">
                {move || if resumed.get() { format!("已回到上次读到的位置（{percent}%）") } else { format!("上次读到 {percent}%") }}
            </p>
        }
    })
}

#[component]
fn VideoPlayer(id: i64, url: String, resume_at: Option<(i64, u8)>, enabled: bool) -> impl IntoView {
    let video = NodeRef::<leptos::html::Video>::new();
    let last_saved = StoredValue::new(resume_at.map(|(s, _)| s).unwrap_or(0));
    let save = move |seconds: i64, percent: i64| {
        if enabled {
            leptos::task::spawn_local(async move {
                let _ = save_study_progress(id, seconds, percent).await;
            });
        }
    };
    // The metadata may have arrived before the page hydrated: seek once the element is here.
    Effect::new(move |_| {
        if let (Some(v), Some((seconds, _))) = (video.get(), resume_at) {
            if v.ready_state() >= 1 && v.current_time() < 1.0 {
                v.set_current_time(seconds as f64);
            }
        }
    });
    view! {
        <section class="card">
            <video
                node_ref=video
                id="study-video"
                src=url
                controls=true
                preload="metadata"
                playsinline=true
                on:loadedmetadata=move |_| {
                    if let (Some(v), Some((seconds, _))) = (video.get(), resume_at) {
                        v.set_current_time(seconds as f64);
                    }
                }
                on:timeupdate=move |_| {
                    if let Some(v) = video.get() {
                        let now = v.current_time() as i64;
                        if (now - last_saved.get_value()).abs() >= 10 {
                            last_saved.set_value(now);
                            let duration = v.duration();
                            let percent = if duration.is_finite() && duration > 0.0 { (v.current_time() * 100.0 / duration) as i64 } else { 0 };
                            save(now, percent);
                        }
                    }
                }
                on:ended=move |_| {
                    if let Some(v) = video.get() {
                        save(v.current_time() as i64, 100);
                    }
                }
            >
                "您的浏览器无法播放此视频。"
            </video>
            {resume_at.map(|(s, _)| view! { <p class="muted" id="study-resume">{format!("上次看到第 {} 分 {} 秒，将从这里继续播放", s / 60, s % 60)}</p> })}
        </section>
    }
}

#[component]
fn QuizForm(
    id: i64,
    questions: Vec<QuizQuestionView>,
    quiz: ServerAction<SubmitQuiz>,
    open: bool,
) -> impl IntoView {
    const LETTERS: [&str; 8] = ["A", "B", "C", "D", "E", "F", "G", "H"];
    let list = questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let correct = q.correct.clone();
            let options = q
                .options
                .into_iter()
                .enumerate()
                .map(|(j, o)| {
                    let (name, value, kind) = if q.multiple {
                        (format!("answers[q{i}o{j}]"), "1".to_string(), "checkbox")
                    } else {
                        (format!("answers[q{i}]"), j.to_string(), "radio")
                    };
                    let right = correct.as_ref().map(|c| c.contains(&(j as u8))).unwrap_or(false);
                    let label = format!("{}. {}", LETTERS.get(j).copied().unwrap_or("·"), o);
                    view! {
                        <label class=if right { "option right" } else { "option" }>
                            <input type=kind name=name value=value disabled=!open />
                            <span>{label}</span>
                            {right.then(|| view! { <span class="mark">"✓ 正确答案"</span> })}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question" id=format!("question-{i}")>
                    <legend>{format!("{}. {}{}", i + 1, q.text, if q.multiple { "（多选）" } else { "" })}</legend>
                    {options}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="card quiz">
            <ActionForm action=quiz>
                <input type="hidden" name="id" value=id />
                // Keeps the answers field present when nothing is ticked, so the rules (not the
                // form decoder) say which question is unanswered.
                <input type="hidden" name="answers[_]" value="1" />
                {list}
                {open.then(|| view! {
                    <div class="form-actions"><button type="submit" id="quiz-submit" disabled=move || quiz.pending().get()>"交卷"</button></div>
                })}
            </ActionForm>
        </section>
    }
}
