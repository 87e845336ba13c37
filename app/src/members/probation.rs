//! The file's 转正 and 党籍状态 cards: the probation with its proposals, the branch's form to
//! file one and the committee's to decide it; the standing with the changes the reader may
//! record. What may happen is decided on the server (docs/rules.md#admission-to-full-membership).

use leptos::prelude::*;

use crate::layout::action_error;

use super::{ChangeStanding, DecideConversion, ProbationView, ProposeConversion, StandingView};
use domain::{probation::ConversionState, standing::Standing};

#[component]
pub fn ProbationCard(
    member_id: i64,
    view: ProbationView,
    propose: ServerAction<ProposeConversion>,
    decide: ServerAction<DecideConversion>,
) -> impl IntoView {
    let ProbationView {
        ends_on,
        extension_months,
        proposals,
        may_propose,
        may_decide,
    } = view;
    let open = proposals
        .iter()
        .find(|p| p.state == ConversionState::Proposed)
        .map(|p| p.id);
    let ends = match extension_months {
        Some(m) => format!("{ends_on}（已延长 {m} 个月）"),
        None => ends_on,
    };
    let propose_error = action_error(propose);
    let decide_error = action_error(decide);
    view! {
        <section class="card" id="probation">
            <h2>"预备党员转正"</h2>
            <p id="probation-ends">"预备期满：" {ends}</p>
            {(!proposals.is_empty()).then(|| view! {
                <ul class="list" id="probation-proposals">
                    {proposals.into_iter().map(|p| {
                        let outcome = match (p.state, p.extension_months) {
                            (ConversionState::Extended, Some(m)) => format!("{}（{m} 个月）", p.state.label_zh()),
                            (s, _) => s.label_zh().to_string(),
                        };
                        view! {
                            <li class="proposal" data-state=p.state.code()>
                                <strong>{outcome}</strong>
                                <span>{format!(
                                    " 支部党员大会 {}：应到 {}，赞成 {}、反对 {}、弃权 {}（{}）",
                                    p.meeting_on, p.entitled, p.in_favour, p.against, p.abstaining,
                                    if p.carried { "通过" } else { "未过半数" }
                                )}</span>
                                <span class="muted">{format!(" 报请于 {}", p.proposed_at)}</span>
                                {p.closed.map(|d| view! { <span class="muted">{format!("，{d}")}</span> })}
                                {p.note.map(|n| view! { <span>{format!("；{n}")}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {may_propose.then(|| view! {
                <details open=move || propose_error().is_some()>
                    <summary>"报请转正"</summary>
                    <ActionForm action=propose>
                        <input type="hidden" name="id" value=member_id />
                        <label for="c-meeting-on">"支部党员大会日期"</label>
                        <input id="c-meeting-on" name="meeting_on" type="date" required />
                        <label for="c-entitled">"应到会有表决权党员（正式党员）"</label>
                        <input id="c-entitled" name="entitled" inputmode="numeric" required />
                        <label for="c-in-favour">"赞成"</label>
                        <input id="c-in-favour" name="in_favour" inputmode="numeric" required />
                        <label for="c-against">"反对"</label>
                        <input id="c-against" name="against" inputmode="numeric" value="0" required />
                        <label for="c-abstaining">"弃权"</label>
                        <input id="c-abstaining" name="abstaining" inputmode="numeric" value="0" required />
                        {move || propose_error().map(|m| view! { <p class="alert" role="alert" id="propose-error">{m}</p> })}
                        <div class="form-actions">
                            <button type="submit" disabled=move || propose.pending().get()>"报上级党委审批"</button>
                        </div>
                    </ActionForm>
                </details>
            })}
            {open.filter(|_| may_decide).map(|conversion_id| view! {
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=member_id />
                    <input type="hidden" name="conversion_id" value=conversion_id />
                    <fieldset>
                        <legend>"审批决定"</legend>
                        <label><input type="radio" name="decision" value="approve" checked /> "批准转正"</label>
                        <label><input type="radio" name="decision" value="extend" /> "延长预备期"</label>
                        <label><input type="radio" name="decision" value="revoke" /> "取消预备党员资格"</label>
                    </fieldset>
                    <label for="c-months">"延长月数（6–12，仅延长时填）"</label>
                    <input id="c-months" name="months" inputmode="numeric" />
                    <label for="c-note">"审批意见（取消资格时必填）"</label>
                    <textarea id="c-note" name="note" rows="2" maxlength="200"></textarea>
                    {move || decide_error().map(|m| view! { <p class="alert" role="alert" id="decide-error">{m}</p> })}
                    <div class="form-actions">
                        <button type="submit" disabled=move || decide.pending().get()>"提交决定"</button>
                    </div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
pub fn StandingCard(
    member_id: i64,
    view: StandingView,
    change: ServerAction<ChangeStanding>,
) -> impl IntoView {
    let StandingView {
        standing,
        since,
        reason,
        changes,
    } = view;
    let error = action_error(change);
    let shown = standing != Standing::Active || !changes.is_empty();
    shown.then(|| view! {
        <section class="card" id="standing">
            <h2>"党籍状态"</h2>
            <p id="standing-now" data-standing=standing.code()>
                <strong>{standing.label_zh()}</strong>
                {since.map(|d| format!("（{d}）"))}
                {reason.map(|r| format!("：{r}"))}
            </p>
            {standing.has_left().then(|| view! {
                <p class="muted">"已离开党组织：档案和记录保留备查，不再计入排名、人数、党费和提醒。"</p>
            })}
            {(!changes.is_empty()).then(|| view! {
                <details open=move || error().is_some()>
                    <summary>"变更党籍状态"</summary>
                    <ActionForm action=change>
                        <input type="hidden" name="id" value=member_id />
                        <label for="s-change">"变更"</label>
                        <select id="s-change" name="change">
                            {changes.into_iter().map(|c| view! { <option value=c.code()>{c.label_zh()}</option> }).collect_view()}
                        </select>
                        <label for="s-on">"日期"</label>
                        <input id="s-on" name="on" type="date" required />
                        <label for="s-reason">"原因（决定文号或情况说明）"</label>
                        <textarea id="s-reason" name="reason" rows="2" maxlength="200" required></textarea>
                        {move || error().map(|m| view! { <p class="alert" role="alert" id="standing-error">{m}</p> })}
                        <div class="form-actions">
                            <button type="submit" disabled=move || change.pending().get()>"记录变更"</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
    })
}
