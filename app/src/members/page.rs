use leptos::prelude::*;
use leptos_meta::Title;

use crate::layout::{saves, SignInCard};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    load_member,
    probation::{ProbationCard, StandingCard},
    ChangeStanding, DecideConversion, MemberFile, MemberView, MemberYear, ProposeConversion,
    UpdateMember,
};
use domain::Fen;

/// `/members/{id}`: a member's file (一人一表), its change history from the record trail, and
/// the edit form for administrators in scope.
#[component]
pub fn MemberPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    // After a form posted without the browser's script (a plain redirect back).
    let done = move || {
        query.with(|q| {
            if q.get("proposed").is_some() {
                Some("转正申请已报上级党委审批。")
            } else if q.get("decided").is_some() {
                Some("审批决定已记录，已通知支部和本人。")
            } else if q.get("standing").is_some() {
                Some("党籍状态变更已记录。")
            } else {
                None
            }
        })
    };
    let save = ServerAction::<UpdateMember>::new();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let propose = ServerAction::<ProposeConversion>::new();
    let decide = ServerAction::<DecideConversion>::new();
    let change = ServerAction::<ChangeStanding>::new();
    let file_saves = saves(save);
    let proposals = saves(propose);
    let decisions = saves(decide);
    let changes = saves(change);
    let data = Resource::new(
        move || {
            (
                id(),
                file_saves.get() + proposals.get() + decisions.get() + changes.get(),
            )
        },
        |(id, _)| load_member(id),
    );
    let actions = Actions {
        save,
        propose,
        decide,
        change,
    };
    view! {
        <Title text="党员档案" />
        <h1>"党员档案"</h1>
        {move || saved().then(|| view! { <p class="notice" id="member-saved">"档案已保存，修改已记入记录链。"</p> })}
        {move || done().map(|text| view! { <p class="notice" id="member-done">{text}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <MemberDetails view=v actions /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看党员档案。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="member-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn or_dash(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".into())
}

/// The page's forms.
#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<UpdateMember>,
    propose: ServerAction<ProposeConversion>,
    decide: ServerAction<DecideConversion>,
    change: ServerAction<ChangeStanding>,
}

#[component]
fn MemberDetails(view: MemberView, actions: Actions) -> impl IntoView {
    let MemberView {
        file,
        history,
        can_edit,
        year,
        probation,
        standing,
    } = view;
    let Actions {
        save,
        propose,
        decide,
        change,
    } = actions;
    let member_id = file.id.get();
    let base = Fen::new(file.dues_base_fen)
        .map(|f| format!("{} 元", f.to_yuan_string()))
        .unwrap_or_default();
    let rows: Vec<(&str, String)> = vec![
        ("性别", file.sex.clone()),
        ("民族", file.ethnicity.clone()),
        ("出生日期", file.birth_date.clone()),
        ("身份证号", file.id_number.clone()),
        ("手机号", file.mobile.clone()),
        ("学历", file.education.clone()),
        ("所在组织", file.org_name.clone()),
        ("入党日期", file.joined_on.clone()),
        ("转正日期", or_dash(&file.full_on)),
        ("党员类别", file.status_label.clone()),
        ("工作岗位", file.job.clone()),
        ("工作单位", or_dash(&file.employer)),
        ("流动去向", or_dash(&file.flowing_destination)),
        ("党费基数", base),
        ("培训学时", file.training_hours.to_string()),
        ("奖惩情况", or_dash(&file.rewards_penalties)),
        ("备注", or_dash(&file.remarks)),
    ];
    view! {
        <section class="card" id="member-file">
            <h2 id="member-name">{file.name.clone()}</h2>
            {(!file.positions.is_empty()).then(|| view! { <p class="muted">{file.positions.join("；")}</p> })}
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            {file.identity_masked.then(|| view! { <p class="muted">"身份证号和手机号已按个人信息保护要求隐藏部分数字。"</p> })}
        </section>
        <StandingCard member_id view=standing change />
        {probation.map(|view| view! { <ProbationCard member_id view propose decide /> })}
        <YearCard year />
        {can_edit.then(|| view! { <EditForm file=file.clone() save /> })}
        <crate::accounts::MemberAccess member_id=file.id.get() />
        <super::history::ChangeList id="member-history" empty="建档以来没有变更。" entries=history />
    }
}

#[component]
fn EditForm(file: MemberFile, save: ServerAction<UpdateMember>) -> impl IntoView {
    let error = move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    view! {
        <section class="card">
            <details open=move || error().is_some()>
                <summary>"编辑档案"</summary>
                <ActionForm action=save>
                    <input type="hidden" name="id" value=file.id.get() />
                    <label for="m-name">"姓名"</label>
                    <input id="m-name" name="name" value=file.name.clone() required />
                    <label for="m-id-number">"身份证号"</label>
                    <input id="m-id-number" name="id_number" value=file.id_number.clone() required maxlength="18" autocomplete="off" />
                    <label for="m-sex">"性别"</label>
                    <select id="m-sex" name="sex">
                        <option value="男" selected=file.sex == "男">"男"</option>
                        <option value="女" selected=file.sex == "女">"女"</option>
                    </select>
                    <label for="m-ethnicity">"民族"</label>
                    <input id="m-ethnicity" name="ethnicity" value=file.ethnicity.clone() required />
                    <label for="m-joined-on">"入党日期"</label>
                    <input id="m-joined-on" name="joined_on" type="date" value=file.joined_on.clone() required />
                    <label for="m-mobile">"手机号"</label>
                    <input id="m-mobile" name="mobile" type="tel" inputmode="numeric" value=file.mobile.clone() required />
                    <label for="m-education">"学历"</label>
                    <input id="m-education" name="education" value=file.education.clone() required />
                    <label for="m-job">"工作岗位"</label>
                    <input id="m-job" name="job" value=file.job.clone() required />
                    <label for="m-employer">"工作单位"</label>
                    <input id="m-employer" name="employer" value=text(&file.employer) />
                    <label for="m-status">"党员类别"</label>
                    <select id="m-status" name="status">
                        <option value="full" selected=file.status == domain::MemberStatus::Full>"正式党员"</option>
                        <option value="probationary" selected=file.status == domain::MemberStatus::Probationary>"预备党员"</option>
                    </select>
                    <label for="m-full-on">"转正日期"</label>
                    <input id="m-full-on" name="full_on" type="date" value=text(&file.full_on) />
                    <label for="m-flowing">"流动去向"</label>
                    <input id="m-flowing" name="flowing_destination" value=text(&file.flowing_destination) />
                    <label for="m-training">"培训学时"</label>
                    <input id="m-training" name="training_hours" inputmode="numeric" value=file.training_hours.to_string() />
                    <label for="m-rewards">"奖惩情况"</label>
                    <textarea id="m-rewards" name="rewards_penalties" rows="3">{text(&file.rewards_penalties)}</textarea>
                    <label for="m-remarks">"备注"</label>
                    <textarea id="m-remarks" name="remarks" rows="2" maxlength="200">{text(&file.remarks)}</textarea>
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="member-edit-error">{m}</p> })}
                    <div class="form-actions">
                        <button type="submit" disabled=move || save.pending().get()>"保存"</button>
                    </div>
                </ActionForm>
            </details>
        </section>
    }
}

/// The member's year from the records that hold it: org life, dues, points.
#[component]
fn YearCard(year: MemberYear) -> impl IntoView {
    let MemberYear {
        year,
        attended,
        on_leave,
        absent,
        paid_through,
        arrears_months,
        points,
        ledger,
    } = year;
    let dues = match (paid_through, arrears_months) {
        (None, _) => "尚无缴费记录".to_string(),
        (Some(m), 0) => format!("已交至 {m}"),
        (Some(m), n) => format!("已交至 {m}，欠交 {n} 个月"),
    };
    view! {
        <section class="card" id="member-year">
            <h2>{format!("{year} 年情况")}</h2>
            <dl class="facts">
                <dt>"组织生活"</dt>
                <dd id="member-year-orglife">{format!("参加 {attended} 次，请假 {on_leave} 次，无故缺席 {absent} 次")}</dd>
                <dt>"党费"</dt>
                <dd id="member-year-dues">{dues}</dd>
                <dt>"积分"</dt>
                <dd id="member-year-points">{format!("本年 {points} 分")}</dd>
            </dl>
            {(!ledger.is_empty()).then(|| view! {
                <details id="member-ledger">
                    <summary>"积分明细"</summary>
                    <ul class="ledger">
                        {ledger.into_iter().map(|l| view! {
                            <li>{l.day} " " {l.label} " " <strong>{if l.points > 0 { format!("+{}", l.points) } else { l.points.to_string() }}</strong></li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}
