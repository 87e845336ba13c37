use leptos::prelude::*;
use leptos_meta::Title;

use crate::{layout::SignInCard, session::UserContext};
use leptos_router::hooks::use_query_map;

use super::{load_org, OrgView};

/// `/org`: an organization's public page; for administrators also the organizations below it
/// and its roster (personal numbers masked). Paging and drill-down are plain links.
#[component]
pub fn OrgPage() -> impl IntoView {
    let query = use_query_map();
    let number = move |name: &str| query.with(|q| q.get(name).and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(
        move || (number("id"), number("page")),
        |(id, page)| load_org(id, page),
    );
    let ctx = expect_context::<UserContext>();
    let drawn = StoredValue::new(0_u32);
    view! {
        <Title text="组织" />
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                let role = ctx.user.await.ok().flatten().map(|u| u.role);
                match data.await {
                    Ok(Some(v)) => {
                        // Each reading is drawn afresh, keyed by a count, rather than
                        // patched into the previous one: Chromium left the inputs of a closed
                        // <details> without a layout box after an in-place update.
                        drawn.update_value(|n| *n += 1);
                        let key = drawn.get_value();
                        let may_unmask = role.is_some_and(|r| r.is_admin());
                        view! {
                            <For each=move || [(key, v.clone())] key=|(k, _)| *k let((_, v))>
                                <OrgDetails view=v may_unmask reload=Callback::new(move |()| data.refetch()) />
                            </For>
                        }.into_any()
                    }
                    Ok(None) => view! { <SignInCard text="登录后查看组织信息。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="org-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrgDetails(view: OrgView, may_unmask: bool, reload: Callback<()>) -> impl IntoView {
    let OrgView {
        info,
        children,
        roster,
        manage,
        history,
    } = view;
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved")).map(|s| {
            let moved = query.with(|q| q.get("moved").and_then(|n| n.parse::<usize>().ok()));
            let text = match (s.as_str(), moved) {
                ("merged", Some(n)) => format!("已合并：原支部的 {n} 名党员已转入本支部。"),
                (s, _) => saved_text(s).to_string(),
            };
            view! { <p class="notice" id="org-saved">{text}</p> }
        })
    };
    let days_left = info.term_days_left.map(|d| {
        if d >= 0 {
            format!("（距届满 {d} 天）")
        } else {
            format!("（已逾期 {} 天，请及时换届）", -d)
        }
    });
    let show_history = roster.is_some();
    let term = match (&info.term_start, &info.term_end) {
        (Some(s), Some(e)) => format!("{s} 至 {e}"),
        _ => "未登记".into(),
    };
    let org_id = info.id;
    let name = info.name.clone();
    let leaders = info.leadership.clone();
    let admin_tools = roster.is_some();
    let kind = info.kind.clone();
    view! {
        {admin_tools.then(|| view! { <crate::search::SearchBox /> })}
        <h1 id="org-name">{info.name.clone()}</h1>
        {info.dissolved_at.clone().map(|at| view! { <p class="alert" id="org-dissolved">"该组织已于 " {at.chars().take(10).collect::<String>()} " 撤销。"</p> })}
        {saved}
        <section class="card" id="org-info">
            <dl class="facts">
                <dt>"类型"</dt><dd>{info.kind_label.clone()}</dd>
                {info.address.clone().map(|a| view! { <dt>"地址"</dt><dd id="org-address">{a}</dd> })}
                <dt>"本届任期"</dt><dd id="org-term">{term} {days_left}</dd>
                <dt>"直属党员"</dt><dd>{info.member_count} " 名"</dd>
            </dl>
            {(!info.leadership.is_empty()).then(|| view! {
                <h2>"班子成员"</h2>
                <ul class="link-list">
                    {info.leadership.iter().map(|l| view! { <li>{l.position.clone()} "：" {l.name.clone()} <span class="muted">" （" {l.since.clone()} " 起）"</span></li> }).collect_view()}
                </ul>
            })}
        </section>
        {(!children.is_empty()).then(|| view! {
            <section class="card" id="org-children">
                <h2>"下级组织"</h2>
                <ul class="link-list">
                    {children.into_iter().map(|c| view! {
                        <li><a href=format!("/org?id={}", c.id)>{c.name} <span class="muted">" · " {c.kind_label} {c.term_end.map(|e| format!(" · {e} 届满"))}</span></a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {roster.map(|r| {
            let pages = (r.total + r.per_page - 1) / r.per_page;
            let link = move |p: i64| format!("/org?id={org_id}&page={p}");
            view! {
                <section class="card" id="org-roster">
                    <h2>"党员名册"</h2>
                    {(may_unmask && domain::OrgKind::parse(&kind).is_ok_and(|k| k.is_branch_level())).then(|| view! {
                        <p><a class="button secondary" id="new-member" href=format!("/org/new-member?org={}", org_id.get())>"新增党员"</a></p>
                    })}
                    <p class="muted">"共 " {r.total} " 名（含下级组织），第 " {r.page} " / " {pages.max(1)} " 页。身份证号、手机号已隐藏部分数字。"</p>
                    <table class="roster">
                        <thead><tr><th>"姓名"</th><th>"类别"</th><th>"手机号"</th><th>"所在组织"</th></tr></thead>
                        <tbody>
                            {r.members.into_iter().map(|m| view! {
                                <tr>
                                    <td><a href=format!("/members/{}", m.id)>{m.name}</a></td>
                                    <td>{m.status}</td>
                                    <td>{m.mobile}</td>
                                    <td>{m.org_name}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <super::export::RosterExport org_id=org_id.get() may_unmask />
                    <nav class="pager">
                        {(r.page > 1).then(|| view! { <a class="button secondary" href=link(r.page - 1)>"上一页"</a> })}
                        {(r.page < pages).then(|| view! { <a class="button secondary" id="next-page" href=link(r.page + 1)>"下一页"</a> })}
                    </nav>
                </section>
            }
        })}
        {manage.map(|m| view! { <super::manage::OrgManagePanel org_id=org_id.get() name=name.clone() manage=m leaders=leaders.clone() reload /> })}
        {show_history.then(|| view! { <super::manage::OrgHistory entries=history.clone() /> })}
    }
}

/// What the page says after a step (`?saved=`).
fn saved_text(step: &str) -> &'static str {
    match step {
        "created" => "已新建。",
        "renamed" => "已更名。",
        "moved" => "已调整隶属关系。",
        "term" => "换届信息已保存。",
        "dissolved" => "已撤销。",
        "merged" => "已合并：原支部的党员已全部转入本支部。",
        "appointed" => "已任职。",
        "removed" => "已免职。",
        _ => "已保存。",
    }
}
