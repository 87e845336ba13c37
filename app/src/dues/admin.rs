use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_admin_dues, AdminDuesView, DuesAdmin};
use crate::layout::{saves, SignInCard};
use domain::dues::DuesCategory;

/// `/admin/dues`: bases to confirm, cash payments, hardship relief, arrears.
#[component]
pub fn AdminDuesPage() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done"));
    let act = ServerAction::<DuesAdmin>::new();
    let act_saves = saves(act);
    let data = Resource::new(move || act_saves.get(), |_| load_admin_dues());
    view! {
        <Title text="党费管理" />
        <h1>"党费管理"</h1>
        {move || done().map(|_| view! { <p class="notice" id="admin-done">"已保存。"</p> })}
        {move || act.value().get().and_then(|r| r.err()).map(|e| view! { <p class="alert" role="alert" id="admin-error">{e.message()}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <AdminDues view=v act /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后管理党费。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn member_options(members: &[(i64, String)]) -> AnyView {
    members
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
        .collect_view()
        .into_any()
}

#[component]
fn AdminDues(view: AdminDuesView, act: ServerAction<DuesAdmin>) -> impl IntoView {
    let AdminDuesView {
        scope_name,
        may_manage,
        may_approve,
        pending_bases,
        hardship_to_decide,
        hardship,
        members,
        arrears,
        billing_month,
        quarterly,
    } = view;
    let (cash_options, hardship_options) = (member_options(&members), member_options(&members));
    view! {
        <p class="muted">{scope_name} " · " <a href="/dues/ledger">"党费台账"</a></p>
        {may_manage.then(move || view! {
            <section class="card" id="bases">
                <h2>"待确认的党费基数"</h2>
                {if pending_bases.is_empty() {
                    view! { <p class="muted">"没有待确认的基数。"</p> }.into_any()
                } else {
                    pending_bases.into_iter().map(|b| view! {
                        <div class="row" id=format!("base-{}", b.id)>
                            <p>{format!("{} · {} · 基数 {} 元 · 每月 {} 元 · {}", b.member_name, b.category_label, b.base, b.monthly, b.submitted_at)}</p>
                            <ActionForm action=act>
                                <input type="hidden" name="verb" value="confirm" />
                                <input type="hidden" name="id" value=b.id.to_string() />
                                <button type="submit" class="confirm-base">"确认"</button>
                            </ActionForm>
                            <details>
                                <summary>"更正"</summary>
                                <ActionForm action=act>
                                    <input type="hidden" name="verb" value="correct" />
                                    <input type="hidden" name="id" value=b.id.to_string() />
                                    <label>"党员类别"
                                        <select name="category">
                                            {DuesCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.label_zh()}</option> }).collect_view()}
                                        </select>
                                    </label>
                                    <label>"月交纳基数（元）" <input name="amount" inputmode="decimal" /></label>
                                    <label>"更正原因" <input name="text" required /></label>
                                    <button type="submit">"更正并确认"</button>
                                </ActionForm>
                            </details>
                        </div>
                    }).collect_view().into_any()
                }}
            </section>
            <section class="card" id="cash">
                <h2>"登记现金交纳"</h2>
                <ActionForm action=act>
                    <input type="hidden" name="verb" value="cash" />
                    <label for="cash-member">"党员"</label>
                    <select id="cash-member" name="member_id">{cash_options}</select>
                    <label for="cash-through">"交至月份"</label>
                    <input id="cash-through" name="amount" placeholder="例如 2026-11" value=billing_month.clone().unwrap_or_default() />
                    <p class="muted">"只能登记已到期的月份：组织不得为党员垫交党费。"</p>
                    <button type="submit">"登记"</button>
                </ActionForm>
            </section>
            <section class="card" id="propose-hardship">
                <h2>"申请困难减免"</h2>
                <ActionForm action=act>
                    <input type="hidden" name="verb" value="propose" />
                    <label for="h-member">"党员"</label>
                    <select id="h-member" name="member_id">{hardship_options}</select>
                    <label for="h-kind">"减免方式"</label>
                    <select id="h-kind" name="kind">
                        <option value="reduced">"减交"</option>
                        <option value="exempt">"免交"</option>
                    </select>
                    <label for="h-amount">"减交后每月金额（元）"</label>
                    <input id="h-amount" name="amount" inputmode="decimal" />
                    <label for="h-reason">"支部讨论意见和理由"</label>
                    <textarea id="h-reason" name="text" rows="3" required></textarea>
                    <button type="submit">"报上级党委审批"</button>
                </ActionForm>
            </section>
        })}
        {quarterly.map(|on| view! {
            <section class="card" id="quarterly">
                <h2>"按季度交纳"</h2>
                <p>{if on { "本支部已同意党员按季度交纳。" } else { "本支部目前按月交纳。" }}</p>
                <ActionForm action=act>
                    <input type="hidden" name="verb" value="quarterly" />
                    <input type="hidden" name="kind" value=if on { "off" } else { "on" } />
                    <button type="submit" id="toggle-quarterly">{if on { "改为按月交纳" } else { "同意按季度交纳" }}</button>
                </ActionForm>
            </section>
        })}
        {may_approve.then(|| view! {
            <section class="card" id="hardship">
                <h2>"待审批的减免"</h2>
                {if hardship_to_decide.is_empty() {
                    view! { <p class="muted">"没有待审批的减免申请。"</p> }.into_any()
                } else {
                    hardship_to_decide.into_iter().map(|h| view! {
                        <div class="row" id=format!("hardship-{}", h.id)>
                            <p>{format!("{} · {} · {} 每月 {} 元", h.org_name, h.member_name, h.kind_label, h.monthly)}</p>
                            <p class="muted">{h.reason.clone()}</p>
                            <ActionForm action=act>
                                <input type="hidden" name="id" value=h.id.to_string() />
                                <label>"审批意见" <input name="text" /></label>
                                <button type="submit" name="verb" value="approve">"批准"</button>
                                <button type="submit" name="verb" value="reject">"不批准"</button>
                            </ActionForm>
                        </div>
                    }).collect_view().into_any()
                }}
            </section>
        })}
        {(!hardship.is_empty()).then(|| view! {
            <section class="card" id="hardship-list">
                <h2>"减免记录"</h2>
                <ul>{hardship.into_iter().map(|h| view! {
                    <li>{format!("{} · {} · {} · {}", h.member_name, h.kind_label, h.status_label, h.proposed_at)}</li>
                }).collect_view()}</ul>
            </section>
        })}
        <section class="card" id="arrears">
            <h2>"欠交党费名单"</h2>
            {if arrears.is_empty() {
                view! { <p class="muted">"没有欠交党费的党员。"</p> }.into_any()
            } else {
                view! {
                    <ul class="arrears">
                        {arrears.into_iter().map(|a| view! {
                            <li data-member=a.member_id.to_string() data-level=a.level.code()>
                                <strong>{a.name.clone()}</strong>
                                {format!(" · {} · 自 {} 起连续 {} 个月 · {}", a.org_name, a.since, a.months, a.level_label)}
                                {a.note.clone().map(|n| view! { <p class="muted">{format!("原因：{n}")}</p> })}
                                {may_manage.then(|| view! {
                                    <ActionForm action=act>
                                        <input type="hidden" name="verb" value="note" />
                                        <input type="hidden" name="member_id" value=a.member_id.to_string() />
                                        <input name="text" placeholder="记录正当理由（如病重住院）" />
                                        <button type="submit">"记录"</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
