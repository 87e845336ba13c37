//! The sending organization's form to change a team on `/assistance/{id}`: name, village, people
//! (rotation) and the day it is withdrawn. Prefilled; a plain form, so it works before (or
//! without) the page's script.

use leptos::prelude::*;

use super::{TeamEdit, UpdateTeam};
use crate::layout::action_error;

#[component]
pub fn EditTeam(
    id: i64,
    edit: TeamEdit,
    started_on: String,
    update: ServerAction<UpdateTeam>,
) -> impl IntoView {
    let error = action_error(update);
    view! {
        <section class="card" id="edit-team">
            <details open=move || error().is_some()>
                <summary>"调整工作队（队员轮换、撤回）"</summary>
                <ActionForm action=update>
                    <input type="hidden" name="team_id" value=id.to_string() />
                    <label for="e-name">"工作队名称"</label>
                    <input id="e-name" name="name" maxlength="60" required value=edit.name />
                    <label for="e-village">"驻点村"</label>
                    <input id="e-village" name="village" maxlength="60" required value=edit.village />
                    <label for="e-leader">"队长手机号"</label>
                    <input id="e-leader" name="leader_mobile" inputmode="numeric" maxlength="11" required value=edit.leader_mobile />
                    <label for="e-members">"队员手机号（可填多个，用逗号或换行分开）"</label>
                    <textarea id="e-members" name="member_mobiles" rows="3">{edit.member_mobiles}</textarea>
                    <label for="e-end">"撤回日期（最后一天在村；留空表示继续驻村）"</label>
                    <input id="e-end" name="ended_on" type="date" min=started_on value=edit.ended_on />
                    {move || error().map(|m| view! { <p class="alert" role="alert" id="edit-error">{m}</p> })}
                    <div class="form-actions"><button type="submit" disabled=move || update.pending().get()>"保存调整"</button></div>
                </ActionForm>
            </details>
        </section>
    }
}
