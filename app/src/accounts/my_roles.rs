use leptos::prelude::*;

use super::my_roles;
use crate::session::UserContext;

/// On `/me`, for an account with more than one role: the roles, the active one marked, and a
/// button to act in each other one (kept for this session).
#[component]
pub fn MyRoles() -> impl IntoView {
    let switch = expect_context::<UserContext>().switch_role;
    let roles = Resource::new(|| (), |_| my_roles());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let roles = roles.await.unwrap_or_default();
                (roles.len() > 1).then(|| view! {
                    <section class="card" id="my-roles">
                        <h2>"我的角色"</h2>
                        <p class="muted">"一个账号可以有多个角色；每次只以一个角色办理，切换只对本次登录有效。"</p>
                        <ul class="link-list">
                            {roles.into_iter().map(|r| {
                                let label = format!("{} · {}", r.role.label_zh(), r.scope_name);
                                if r.active {
                                    view! { <li class="active-role"><strong>{label}</strong> " （当前）"</li> }.into_any()
                                } else {
                                    view! {
                                        <li>
                                            <ActionForm action=switch>
                                                <input type="hidden" name="role" value=r.role.code() />
                                                <input type="hidden" name="scope_org_id" value=r.scope_org_id.get() />
                                                <button type="submit" class="secondary switch-role">"切换为 " {label}</button>
                                            </ActionForm>
                                        </li>
                                    }.into_any()
                                }
                            }).collect_view()}
                        </ul>
                        {move || switch.value().get().and_then(|r| r.err()).map(|e| view! { <p class="alert" role="alert">{e.message()}</p> })}
                    </section>
                })
            })}
        </Transition>
    }
}
