use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    load_meeting, AskLeave, AttendeeView, MarkAttendance, MeetingDetail, PhotoView, ReviewMeeting,
    SaveMinutes, SignInMeeting, SubmitMeeting,
};
use crate::layout::{action_error, saves, SignInCard};
use crate::session::UserContext;
use domain::ErrorCode;

/// `/org-life/{id}`: a meeting's record — sign-in code, attendance, minutes, photos, review.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let flag = move |k: &'static str| query.with(|q| q.get(k).is_some());
    let upload_error = move || {
        query
            .with(|q| q.get("upload_error"))
            .map(|c| ErrorCode::message_for_code(&c))
    };
    let forms = Forms {
        leave: ServerAction::new(),
        mark: ServerAction::new(),
        save: ServerAction::new(),
        submit: ServerAction::new(),
        review: ServerAction::new(),
    };
    let saved = [
        saves(forms.leave),
        saves(forms.mark),
        saves(forms.save),
        saves(forms.submit),
        saves(forms.review),
    ];
    let data = Resource::new(
        move || (id(), saved.iter().map(|s| s.get()).sum::<usize>()),
        |(id, _)| load_meeting(id),
    );
    let notices = [
        ("signed", "签到成功。"),
        ("leave", "请假已提交，支部会看到你的事由。"),
        ("saved", "会议记录已保存。"),
        ("submitted", "已提交党委审核。"),
        ("reviewed", "审核意见已提交。"),
    ];
    view! {
        <Title text="会议记录" />
        {move || notices.iter().find(|(k, _)| flag(k)).map(|(k, t)| view! { <p class="notice" id=format!("notice-{k}")>{*t}</p> })}
        {move || flag("photos").then(|| view! { <p class="notice" id="notice-photos">"照片已上传。"</p> })}
        {move || upload_error().map(|m| view! { <p class="alert" role="alert" id="upload-error">{m}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Meeting view=v forms /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看会议记录。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Forms {
    leave: ServerAction<AskLeave>,
    mark: ServerAction<MarkAttendance>,
    save: ServerAction<SaveMinutes>,
    submit: ServerAction<SubmitMeeting>,
    review: ServerAction<ReviewMeeting>,
}

#[component]
fn Meeting(view: MeetingDetail, forms: Forms) -> impl IntoView {
    let m = view.meeting.clone();
    let id = m.id;
    let ask_leave = view.may_ask_leave;
    view! {
        <h1 id="meeting-title">{format!("{} · {}", m.kind_label, m.topic)}</h1>
        <section class="card">
            <p>{format!("{} – {} · {} · ", m.starts_at, m.ends_at, m.place)}<span id="meeting-org">{m.org_name.clone()}</span></p>
            <p>"状态：" <strong id="meeting-status" data-status=view.status.code()>{view.status_label.clone()}</strong></p>
            {view.mine.clone().map(|s| view! { <p>"我的出勤：" <strong id="my-attendance">{s}</strong></p> })}
            {ask_leave.then(|| view! {
                <ActionForm action=forms.leave>
                    <input type="hidden" name="meeting_id" value=id.to_string() />
                    <label for="leave-reason">"请假事由"</label>
                    <input id="leave-reason" name="reason" maxlength="100" required />
                    {move || action_error(forms.leave)().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                    <div class="form-actions"><button type="submit" id="ask-leave">"请假"</button></div>
                </ActionForm>
            })}
        </section>
        {view.stream.clone().map(|s| view! {
            <section class="card" id="meeting-stream">
                <h2>"现场视频"</h2>
                <crate::video::StreamPlayer stream=s />
            </section>
        })}
        {view.sign_code.clone().map(|code| view! {
            <section class="card sign-code">
                <h2>"签到码"</h2>
                <p class="big-code" id="sign-code">{code}</p>
                <div class="qr" inner_html=view.sign_qr_svg.clone().unwrap_or_default()></div>
                {view.sign_in_url.clone().map(|url| {
                    let href = url.clone();
                    view! { <p class="qr-link">"签到链接："<a id="sign-in-link" href=href>{url}</a></p> }
                })}
                <p class="muted">"请到会党员用自己的手机扫描二维码，或在“组织生活 → 签到”输入签到码。会前 30 分钟至会议结束有效。"</p>
            </section>
        })}
        <Attendance view=view.clone() forms />
        <Record view=view.clone() forms />
        <Photos photos=view.photos.clone() id=m.id can_edit=view.can_edit />
        {view.can_edit.then(|| view! {
            <section class="card">
                <ActionForm action=forms.submit>
                    <input type="hidden" name="meeting_id" value=id.to_string() />
                    {move || action_error(forms.submit)().map(|m| view! { <p class="alert" role="alert" id="submit-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" id="submit-record">"提交党委审核"</button></div>
                </ActionForm>
            </section>
        })}
        {view.review_as.clone().map(|level| view! {
            <section class="card" id="review">
                <h2>{level}</h2>
                <ActionForm action=forms.review>
                    <input type="hidden" name="meeting_id" value=id.to_string() />
                    <label for="review-comment">"审核意见（退回时必填）"</label>
                    <textarea id="review-comment" name="comment" maxlength="500"></textarea>
                    {move || action_error(forms.review)().map(|m| view! { <p class="alert" role="alert" id="review-error">{m}</p> })}
                    <div class="form-actions">
                        <button type="submit" name="decision" value="approve" id="review-approve">"通过"</button>
                        <button type="submit" name="decision" value="return" id="review-return" class="secondary">"退回修改"</button>
                    </div>
                </ActionForm>
            </section>
        })}
        {(!view.history.is_empty()).then(|| view! {
            <section class="card">
                <h2>"审核记录"</h2>
                <ol class="history" id="history">
                    {view.history.into_iter().map(|h| view! {
                        <li><span class="muted">{h.at}</span>" "{h.step}{(!h.comment.is_empty()).then(|| format!("：{}", h.comment))}</li>
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

#[component]
fn Attendance(view: MeetingDetail, forms: Forms) -> impl IntoView {
    let can_edit = view.can_edit;
    let meeting_id = view.meeting.id.to_string();
    view! {
        <section class="card" id="attendance">
            <h2>"出勤"</h2>
            <p id="tally">{view.tally}</p>
            {view.quorum.map(|q| view! { <p id="quorum">{q}</p> })}
            {move || action_error(forms.mark)().map(|m| view! { <p class="alert" role="alert" id="mark-error">{m}</p> })}
            <ul class="attendees">
                {view.attendance.into_iter().map(|a| {
                    let AttendeeView { member_id, name, note, status, status_label, reason } = a;
                    let mid = meeting_id.clone();
                    let current = status;
                    let status = status.map_or("", domain::orglife::Attendance::code);
                    view! {
                        <li data-member=member_id.to_string() data-status=status>
                            <strong>{name}</strong>
                            {(!note.is_empty()).then(|| view! { <span class="tag">{note}</span> })}
                            " " <span class="muted">{status_label}</span>
                            {(!reason.is_empty()).then(|| view! { <span class="muted">{format!("（{reason}）")}</span> })}
                            {can_edit.then(|| view! {
                                <ActionForm action=forms.mark attr:class="inline">
                                    <input type="hidden" name="meeting_id" value=mid />
                                    <input type="hidden" name="member_id" value=member_id.to_string() />
                                    <select name="status" aria-label="出勤">
                                        <option value="present">"已签到"</option>
                                        <option value="leave" selected=current == Some(domain::orglife::Attendance::Leave)>"请假"</option>
                                        <option value="absent" selected=current == Some(domain::orglife::Attendance::Absent)>"缺席"</option>
                                    </select>
                                    <input name="reason" placeholder="请假事由" maxlength="100" aria-label="请假事由" />
                                    <button type="submit" class="secondary">"标记"</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Record(view: MeetingDetail, forms: Forms) -> impl IntoView {
    if !view.can_edit {
        return view! {
            <section class="card" id="record">
                <h2>"会议记录"</h2>
                <p>"主持人：" {view.host} "　记录人：" {view.recorder}</p>
                <div class="minutes study-body" id="minutes" inner_html=view.minutes_html></div>
                {(!view.decisions.is_empty()).then(|| view! { <h3>"决定事项"</h3><div class="minutes study-body" inner_html=view.decisions_html></div> })}
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" id="record">
            <h2>"会议记录"</h2>
            <ActionForm action=forms.save>
                <input type="hidden" name="meeting_id" value=view.meeting.id.to_string() />
                <label for="r-host">"主持人"</label>
                <input id="r-host" name="host" maxlength="20" value=view.host required />
                <label for="r-recorder">"记录人"</label>
                <input id="r-recorder" name="recorder" maxlength="20" value=view.recorder required />
                <label for="r-minutes">"会议记录（支持 Markdown）"</label>
                <textarea id="r-minutes" name="minutes" rows="8" maxlength="20000" required>{view.minutes}</textarea>
                <label for="r-decisions">"决定事项"</label>
                <textarea id="r-decisions" name="decisions" rows="3" maxlength="5000">{view.decisions}</textarea>
                {move || action_error(forms.save)().map(|m| view! { <p class="alert" role="alert" id="save-error">{m}</p> })}
                <div class="form-actions"><button type="submit" id="save-record">"保存记录"</button></div>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn Photos(photos: Vec<PhotoView>, id: i64, can_edit: bool) -> impl IntoView {
    // With JavaScript the same form is sent in the background with a progress bar; the page
    // then reloads the record (all photos are kept, or none with the reason).
    let upload = crate::layout::BackgroundUpload::new();
    let on_submit = upload.on_submit(format!("/org-life/{id}?photos=1#photos"));
    view! {
        <section class="card" id="photos">
            <h2>"会议照片"</h2>
            {photos.is_empty().then(|| view! { <p class="muted">"还没有照片。"</p> })}
            <ul class="photos">
                {photos.into_iter().map(|p| view! {
                    <li class:flagged=p.predates data-predates=p.predates.to_string()>
                        <a href=p.url target="_blank"><img src=p.thumb_url alt="会议照片" loading="lazy" /></a>
                        <p class="muted">
                            {format!("拍摄：{}", p.taken_at.unwrap_or_else(|| "无拍摄信息".into()))}
                            {p.place.map(|pl| format!("，{pl}"))}
                            <br />{format!("上传：{}", p.uploaded_at)}
                        </p>
                        {p.predates.then(|| view! { <p class="alert">"拍摄时间早于会议一天以上，请核实"</p> })}
                    </li>
                }).collect_view()}
            </ul>
            {can_edit.then(|| view! {
                <form method="post" enctype="multipart/form-data" action=format!("/api/v1/org-life/{id}/photos") id="photo-form" on:submit=on_submit>
                    <label for="photo-input">"添加照片（可多选，JPEG、PNG 或 WebP，每张不超过 12 MB）"</label>
                    <input id="photo-input" type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple required />
                    <crate::layout::UploadProgress upload error_id="upload-error" />
                    <div class="form-actions"><button type="submit" id="photo-upload">"上传照片"</button></div>
                </form>
            })}
        </section>
    }
}

/// `/org-life/sign-in`: a member types the host's code (or arrives from its QR code).
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("code")).unwrap_or_default();
    let action = ServerAction::<SignInMeeting>::new();
    let user = expect_context::<UserContext>().user;
    // A scanned code reached a phone that is not signed in: sign in, then come back to it.
    let back = format!(
        "/org-life/sign-in?code={}",
        crate::url::percent_encode(&code)
    );
    view! {
        <Title text="会议签到" />
        <h1>"会议签到"</h1>
        <Transition fallback=|| ()>
            {move || {
                let (code, back) = (code.clone(), back.clone());
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(_)) => view! {
                            <section class="card">
                                <ActionForm action=action>
                                    <label for="sign-in-code">"签到码（6 位数字，由主持人出示）"</label>
                                    <input id="sign-in-code" name="code" inputmode="numeric" maxlength="6" value=code required autocomplete="off" />
                                    {move || action_error(action)().map(|m| view! { <p class="alert" role="alert" id="sign-in-error">{m}</p> })}
                                    <div class="form-actions"><button type="submit" id="sign-in-submit">"签到"</button></div>
                                </ActionForm>
                            </section>
                        }.into_any(),
                        Ok(None) => view! { <SignInCard text="登录后即可签到，签到码会保留。" next=back /> }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert" id="sign-in-error">{e.message()}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
