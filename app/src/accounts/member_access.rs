use leptos::prelude::*;

use super::{load_account_admin, AccountAdmin, AccountStep, GrantRole, RevokeRole};
use crate::layout::saves;

/// On a member's file, for the administrators who look after the member's account: create it,
/// reset it to a one-time password (shown here once), disable or enable it, sign it out
/// everywhere, and grant or revoke roles from above.
#[component]
pub fn MemberAccess(member_id: i64) -> impl IntoView {
    let step = ServerAction::<AccountStep>::new();
    let grant = ServerAction::<GrantRole>::new();
    let revoke = ServerAction::<RevokeRole>::new();
    let (steps, grants, revokes) = (saves(step), saves(grant), saves(revoke));
    let data = Resource::new(
        move || (member_id, steps.get(), grants.get(), revokes.get()),
        |(id, ..)| load_account_admin(id),
    );
    let error = move || {
        let err = |v: Option<Result<_, crate::error::AppError>>| v.and_then(|r| r.err());
        err(step.value().get().map(|r| r.map(|_| ())))
            .or_else(|| err(grant.value().get()))
            .or_else(|| err(revoke.value().get()))
            .map(|e| e.message())
    };
    let handover = move || step.value().get().and_then(|r| r.ok()).flatten();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().map(|admin| view! {
                    <section class="card" id="member-account">
                        <h2>"账号与角色"</h2>
                        {move || handover().map(|h| view! {
                            <p class="notice" id="handover">
                                "登录手机号 " {h.mobile} "，一次性密码 " <strong id="handover-password">{h.one_time_password}</strong>
                                "。请当面交给本人；此密码只显示这一次，首次登录后须修改。"
                            </p>
                        })}
                        {move || error().map(|m| view! { <p class="alert" role="alert" id="account-error">{m}</p> })}
                        <AccountBody admin member_id step grant revoke />
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn StepButton(
    step: ServerAction<AccountStep>,
    member_id: i64,
    name: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=step>
            <input type="hidden" name="member_id" value=member_id />
            <input type="hidden" name="step" value=name />
            <button type="submit" class="secondary" id=format!("account-{name}")>{label}</button>
        </ActionForm>
    }
}

#[component]
fn AccountBody(
    admin: AccountAdmin,
    member_id: i64,
    step: ServerAction<AccountStep>,
    grant: ServerAction<GrantRole>,
    revoke: ServerAction<RevokeRole>,
) -> impl IntoView {
    let Some(account) = admin.account else {
        return view! {
            <p class="muted" id="account-none">"该党员还没有账号。开通后以手机号登录，初始密码只显示一次。"</p>
            <StepButton step member_id name="create" label="开通账号" />
        }
        .into_any();
    };
    let state = match (account.disabled, account.must_change_password) {
        (true, _) => "已停用",
        (false, true) => "正常 · 尚未修改初始密码",
        (false, false) => "正常",
    };
    view! {
        <p id="account-state">"账号状态：" {state}</p>
        <div class="form-actions">
            <StepButton step member_id name="reset" label="重置为一次性密码" />
            {if account.disabled {
                view! { <StepButton step member_id name="enable" label="启用账号" /> }.into_any()
            } else {
                view! { <StepButton step member_id name="disable" label="停用账号" /> }.into_any()
            }}
            <StepButton step member_id name="sign_out" label="在所有设备上退出" />
        </div>
        <h3>"角色"</h3>
        <ul class="link-list" id="account-roles">
            {account.roles.into_iter().map(|r| view! {
                <li>
                    {r.role.label_zh()} " · " {r.scope_name.clone()}
                    {(r.role != domain::Role::Member).then(|| view! {
                        <ActionForm action=revoke>
                            <input type="hidden" name="member_id" value=member_id />
                            <input type="hidden" name="role" value=r.role.code() />
                            <input type="hidden" name="scope_org_id" value=r.scope_org_id.get() />
                            <button type="submit" class="secondary revoke-role">"撤销"</button>
                        </ActionForm>
                    })}
                </li>
            }).collect_view()}
        </ul>
        {(!admin.grantable.is_empty()).then(|| view! {
            <ActionForm action=grant>
                <input type="hidden" name="member_id" value=member_id />
                <label for="grant-role">"授予角色"</label>
                <select id="grant-role" name="role_at_org">
                    {admin.grantable.into_iter().map(|r| view! {
                        <option value=format!("{}@{}", r.role.code(), r.scope_org_id.get())>{r.role.label_zh()} " · " {r.scope_name}</option>
                    }).collect_view()}
                </select>
                <div class="form-actions"><button type="submit" id="grant-submit">"授予"</button></div>
            </ActionForm>
        })}
    }
    .into_any()
}
