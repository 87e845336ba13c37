//! `/org` for administrators above an organization: create below it, rename it, move it, record
//! its new term, and read its history (docs/operations.md#the-organization-tree).

use leptos::prelude::*;

use super::{
    org_action_label, AppointLeader, CreateOrg, DissolveOrg, Leader, MergeOrg, MoveOrg, OrgManage,
    RemoveLeader, RenameOrg, SetOrgTerm,
};
use crate::{
    layout::{action_error, saves},
    members::{ChangeList, HistoryEntry},
};

/// A form's refusal (`crate::layout::action_error`) as the page shows it; `id` names its
/// paragraph.
fn failure(
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    id: &'static str,
) -> impl Fn() -> Option<AnyView> {
    move || error().map(|e| view! { <p class="alert" id=id>{e}</p> }.into_any())
}

#[component]
pub fn OrgManagePanel(
    org_id: i64,
    name: String,
    manage: OrgManage,
    leaders: Vec<Leader>,
    reload: Callback<()>,
) -> impl IntoView {
    let create = ServerAction::<CreateOrg>::new();
    let rename = ServerAction::<RenameOrg>::new();
    let relocate = ServerAction::<MoveOrg>::new();
    let term = ServerAction::<SetOrgTerm>::new();
    let dissolve = ServerAction::<DissolveOrg>::new();
    let merge = ServerAction::<MergeOrg>::new();
    let appoint = ServerAction::<AppointLeader>::new();
    let vacate = ServerAction::<RemoveLeader>::new();
    // A step that stays on this organization's page changes what the page shows: read it again
    // (the address may not change, so the page's own data would not).
    let (create_error, rename_error, relocate_error, term_error, dissolve_error) = (
        action_error(create),
        action_error(rename),
        action_error(relocate),
        action_error(term),
        action_error(dissolve),
    );
    let (appoint_error, vacate_error, merge_error) = (
        action_error(appoint),
        action_error(vacate),
        action_error(merge),
    );
    // A refused form keeps its panel open with the message (without scripts the page is drawn
    // anew, every panel closed otherwise); a saved step reads the page again.
    let saved = [
        saves(create),
        saves(rename),
        saves(relocate),
        saves(term),
        saves(dissolve),
        saves(appoint),
        saves(vacate),
        saves(merge),
    ];
    Effect::new(move |before: Option<usize>| {
        let now = saved.iter().map(|m| m.get()).sum::<usize>();
        if before.is_some_and(|b| b != now) {
            reload.run(());
        }
        now
    });
    let OrgManage {
        child_kinds,
        may_reshape,
        parents,
        may_set_term,
        term_years,
        may_dissolve,
        merge_into,
        candidates,
        more_candidates,
    } = manage;
    let years = term_years.unwrap_or(3);
    view! {
        <section class="card" id="org-manage">
            <h2>"组织管理"</h2>
            {(!child_kinds.is_empty()).then(|| view! {
                <details id="org-create" open=move || create_error().is_some()>
                    <summary>"新建下级组织"</summary>
                    <ActionForm action=create>
                        <input type="hidden" name="parent_id" value=org_id />
                        <label for="o-new-name">"组织名称"</label>
                        <input id="o-new-name" name="org_name" required maxlength="60" />
                        <label for="o-new-kind">"组织类别"</label>
                        <select id="o-new-kind" name="org_kind">
                            {child_kinds.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                        </select>
                        {failure(create_error, "org-create-error")}
                        <button type="submit">"新建"</button>
                    </ActionForm>
                </details>
            })}
            {may_reshape.then(|| view! {
                <details id="org-rename" open=move || rename_error().is_some()>
                    <summary>"更名"</summary>
                    <ActionForm action=rename>
                        <input type="hidden" name="id" value=org_id />
                        <label for="o-rename">"新名称"</label>
                        <input id="o-rename" name="org_name" required maxlength="60" value=name.clone() />
                        {failure(rename_error, "org-rename-error")}
                        <button type="submit">"更名"</button>
                    </ActionForm>
                </details>
                <details id="org-move" open=move || relocate_error().is_some()>
                    <summary>"调整隶属关系"</summary>
                    {if parents.is_empty() {
                        view! { <p class="muted">"您管理的范围内没有可以接收该组织的上级组织。"</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=relocate>
                                <input type="hidden" name="id" value=org_id />
                                <label for="o-move-to">"新的上级组织"</label>
                                <select id="o-move-to" name="new_parent">
                                    {parents.iter().map(|p| view! { <option value=p.id.get()>{p.name.clone()} " · " {p.kind_label.clone()}</option> }).collect_view()}
                                </select>
                                <p class="muted">"下级组织、党员、会议和排名随同迁移。"</p>
                                {failure(relocate_error, "org-move-error")}
                                <button type="submit">"迁移"</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </details>
            })}
            {may_set_term.then(|| view! {
                <details id="org-team" open=move || appoint_error().is_some() || vacate_error().is_some()>
                    <summary>"班子成员任免"</summary>
                    <ul class="link-list">
                        {leaders.into_iter().filter_map(|l| l.member_id.map(|m| (l, m))).map(|(l, m)| {
                            let secretary = l.position == domain::org::leadership::SECRETARY;
                            view! {
                                <li>
                                    <ActionForm action=vacate>
                                        <input type="hidden" name="id" value=org_id />
                                        <input type="hidden" name="leader" value=m.get() />
                                        <input type="hidden" name="position" value=l.position.clone() />
                                        {l.position.clone()} "：" {l.name.clone()} " "
                                        {secretary.then(|| view! {
                                            <label class="inline"><input type="checkbox" name="revoke_role" checked />"同时撤销其本组织管理员角色"</label>
                                        })}
                                        <button type="submit" class="secondary">"免职"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {failure(vacate_error, "org-vacate-error")}
                    <ActionForm action=appoint>
                        <input type="hidden" name="id" value=org_id />
                        <label for="o-leader">"党员"</label>
                        <select id="o-leader" name="leader">
                            {candidates.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                        {more_candidates.then(|| view! { <p class="muted">"只列出前 500 名党员；其他党员请在其所在组织的页面任职。"</p> })}
                        <label for="o-position">"职务"</label>
                        <select id="o-position" name="position">
                            {domain::org::leadership::POSITIONS.iter().map(|p| view! { <option value=*p>{*p}</option> }).collect_view()}
                        </select>
                        <label for="o-since">"任职日期"</label>
                        <input id="o-since" name="since" type="date" required />
                        <label class="inline"><input type="checkbox" name="grant_role" checked />"任书记时同时授予本组织管理员角色"</label>
                        {failure(appoint_error, "org-appoint-error")}
                        <button type="submit">"任职"</button>
                    </ActionForm>
                </details>
                <details id="org-term-form" open=move || term_error().is_some()>
                    <summary>"换届"</summary>
                    <ActionForm action=term>
                        <input type="hidden" name="id" value=org_id />
                        <label for="o-term-start">"换届选举日期"</label>
                        <input id="o-term-start" name="term_start" type="date" required />
                        <label for="o-term-years">"任期（年）"</label>
                        <input id="o-term-years" name="term_years" type="number" min="1" max="5" value=years />
                        <p class="muted">"默认任期按组织类别：党委 5 年，党总支、党支部 3 年，村和社区 5 年。"</p>
                        {failure(term_error, "org-term-error")}
                        <button type="submit">"保存"</button>
                    </ActionForm>
                </details>
            })}
            {(!merge_into.is_empty()).then(|| view! {
                <details id="org-merge" open=move || merge_error().is_some()>
                    <summary>"合并到另一支部"</summary>
                    <p class="muted">"本支部的全部党员转入所选支部，本支部随即撤销；其会议、班子和变更记录仍可查阅。"</p>
                    <ActionForm action=merge>
                        <input type="hidden" name="id" value=org_id />
                        <label for="o-merge-into">"并入的支部"</label>
                        <select id="o-merge-into" name="into">
                            {merge_into.iter().map(|p| view! { <option value=p.id.get()>{p.name.clone()}</option> }).collect_view()}
                        </select>
                        <label class="inline"><input type="checkbox" name="confirmed" required />"我已核实：合并后本支部撤销，不能恢复"</label>
                        {failure(merge_error, "org-merge-error")}
                        <button type="submit" class="danger">"合并"</button>
                    </ActionForm>
                </details>
            })}
            {may_dissolve.then(|| view! {
                <details id="org-dissolve" open=move || dissolve_error().is_some()>
                    <summary>"撤销组织"</summary>
                    <p class="muted">"只有没有党员、没有下级组织的组织才能撤销；撤销后其会议、通知和变更记录仍可查阅。"</p>
                    <ActionForm action=dissolve>
                        <input type="hidden" name="id" value=org_id />
                        {failure(dissolve_error, "org-dissolve-error")}
                        <button type="submit" class="danger">"撤销"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
pub fn OrgHistory(entries: Vec<HistoryEntry>) -> impl IntoView {
    view! { <ChangeList id="org-history" empty="没有记录。" entries action=org_action_label /> }
}
