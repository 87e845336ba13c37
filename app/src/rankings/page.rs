use domain::ranking::{Board, ListKind, Visibility};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    load_rankings, BranchBoard, CompositeBoard, KeyWarningRow, MemberBoard, RankingsView,
    SetVisibility, GLANCE_ROWS, SCOPE_MEMBERS_MAX,
};
use crate::layout::{action_error, saves, SignInCard};

/// `/rankings`: my rank in my branch, branches in my committee and in the county — each board
/// only as far as the county's visibility policy allows.
#[component]
pub fn RankingsPage() -> impl IntoView {
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("policy_saved").is_some());
    let full = move || query.with(|q| q.get("full").is_some_and(|v| v == "1"));
    let year = move || {
        query.with(|q| {
            q.get("year")
                .and_then(|v| v.parse::<i32>().ok())
                .unwrap_or(0)
        })
    };
    let list = move || query.with(|q| q.get("list").unwrap_or_default());
    let save = ServerAction::<SetVisibility>::new();
    let policy_saves = saves(save);
    let data = Resource::new(
        move || (policy_saves.get(), full(), year(), list()),
        |(_, full, year, list)| load_rankings(full, year, list),
    );
    view! {
        <Title text="排名" />
        <h1>"排名"</h1>
        {move || saved().then(|| view! { <p class="notice" id="policy-saved">"可见范围已保存。"</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Boards view=v save /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看排名。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Boards(view: RankingsView, save: ServerAction<SetVisibility>) -> impl IntoView {
    let RankingsView {
        year,
        this_year,
        policy,
        can_configure,
        members,
        committee,
        county,
        composite,
        committees,
        scope_members,
        list,
        warnings,
    } = view;
    let nothing = members.is_none()
        && scope_members.is_none()
        && committee.is_none()
        && county.is_none()
        && composite.is_none()
        && committees.is_none();
    view! {
        <p class="muted">{format!("{year} 年积分。按照中央要求，排名不以登录、在线时长或点击次数计算。")}</p>
        <YearPicker year this_year list />
        {warnings.map(|w| view! { <WarningsCard rows=w /> })}
        {members.map(|b| view! { <MembersCard board=b id="board-members" scope=false /> })}
        {committee.map(|b| view! { <BranchesCard board=b id="board-committee" /> })}
        {county.map(|b| view! { <BranchesCard board=b id="board-county" /> })}
        {committees.map(|b| view! { <CompositeCard board=b id="board-committees" /> })}
        {composite.map(|b| view! { <CompositeCard board=b id="board-composite" /> })}
        {scope_members.map(|b| view! { <MembersCard board=b id="board-scope-members" scope=true /> })}
        {match (nothing, list) {
            (false, _) => None,
            (true, Some(k)) => Some(view! { <section class="card"><p class="muted" id="boards-empty">{format!("{}暂无记录。", k.label_zh())}</p></section> }.into_any()),
            (true, None) => Some(view! { <section class="card"><p class="muted" id="boards-off">"本县目前未开放排名查看。"</p></section> }.into_any()),
        }}
        {can_configure.then(|| view! { <PolicyForm policy save /> })}
    }
}

/// Members by points: of one branch, or (`scope`) across an administrator's scope, each with
/// their branch.
#[component]
fn MembersCard(board: MemberBoard, id: &'static str, scope: bool) -> impl IntoView {
    let mine = board.mine.clone();
    let mine_id = board.mine.as_ref().map(|m| m.member_id);
    let only_mine = !scope && board.only_mine;
    view! {
        <section class="card" id=id>
            <h2>{board.org_name.clone()} " · 党员积分排名"</h2>
            {mine.map(|m| view! {
                <p id="my-rank">"我排第 " <strong>{m.rank}</strong> " 名（共 " {board.total} " 人），今年 " {m.points} " 分。"</p>
            })}
            {scope.then(|| view! { <p class="muted">"共 " {board.total} " 名党员。"</p> })}
            {match (board.truncated, board.rows.len() > GLANCE_ROWS) {
                (false, _) => None,
                (true, false) => Some(view! { <ShowAll /> }.into_any()),
                (true, true) => Some(view! {
                    <p class="muted">{format!("只列出前 {SCOPE_MEMBERS_MAX} 名；可按榜单筛选。")}</p>
                }.into_any()),
            }}
            {if only_mine {
                view! { <p class="muted">"本县设置为仅本人可见：只显示您自己的名次。"</p> }.into_any()
            } else {
                view! {
                    <ol class="board">
                        {board.rows.into_iter().map(|r| view! {
                            <li class:own=Some(r.member_id) == mine_id>
                            <span class="rank">{r.rank}</span>
                            <span class="who">{r.name}{r.branch.map(|b| view! { <span class="muted">" · " {b}</span> })}</span>
                            <span class="score">{r.points} " 分"</span>
                            <ListBadge list=r.list why=r.why />
                        </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn BranchesCard(board: BranchBoard, id: &'static str) -> impl IntoView {
    let own = board.own_org_id;
    view! {
        <section class="card" id=id>
            <h2>{board.title.clone()}</h2>
            <p class="muted">"按人均积分排名，共 " {board.total} " 个组织。"</p>
            {board.truncated.then(|| view! { <ShowAll /> })}
            <ol class="board">
                {board.rows.into_iter().map(|r| {
                    let is_own = Some(r.org_id) == own;
                    view! {
                        <li class:own=is_own>
                            <span class="rank">{r.rank}</span>
                            <span class="who">{r.name}</span>
                            <span class="score">{format!("人均 {} 分", r.average_points)}</span>
                            <ListBadge list=r.list why=r.why />
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Boards show the leaders at a glance; the whole board is a plain link (works without JS).
#[component]
fn ShowAll() -> impl IntoView {
    view! {
        <p class="muted">
            {format!("显示前 {GLANCE_ROWS} 名及本人所在行。")}
            <a href="/rankings?full=1" class="show-all">"查看全部"</a>
        </p>
    }
}

#[component]
fn PolicyForm(
    policy: domain::ranking::VisibilityPolicy,
    save: ServerAction<SetVisibility>,
) -> impl IntoView {
    let error = action_error(save);
    let select = move |board: Board, name: &'static str| {
        let current = policy.of(board);
        let id = format!("vis-{name}");
        view! {
            <label for=id.clone()>{board.label_zh()}</label>
            <select id=id name=name>
                {Visibility::ALL.iter().map(|v| view! {
                    <option value=v.code() selected=*v == current>{v.label_zh()}</option>
                }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="card" id="policy">
            <details open=move || error().is_some()>
                <summary>"可见范围设置（县委组织部）"</summary>
                <ActionForm action=save>
                    {select(Board::MemberRanking, "member_ranking")}
                    {select(Board::BranchRanking, "branch_ranking")}
                    {select(Board::CommitteeRanking, "committee_ranking")}
                    {select(Board::Lists, "lists")}
                    {select(Board::RankingNudges, "ranking_nudges")}
                    {move || error().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                    <div class="form-actions">
                        <button type="submit" disabled=move || save.pending().get()>"保存设置"</button>
                    </div>
                </ActionForm>
            </details>
        </section>
    }
}

/// Organizations by composite score, with a branch's four parts.
#[component]
fn CompositeCard(board: CompositeBoard, id: &'static str) -> impl IntoView {
    view! {
        <section class="card" id=id>
            <h2>{board.title.clone()}</h2>
            <p class="muted">"综合评分（满分 100）：党员积分、组织生活、任务按时完成、党费收缴按县里设定的权重计算；共 " {board.total} " 个组织。"</p>
            {board.truncated.then(|| view! { <ShowAll /> })}
            <ol class="board composite">
                {board.rows.into_iter().map(|r| view! {
                    <li data-org=r.org_id.get()>
                        <span class="rank">{r.rank}</span>
                        // The records behind the score (docs/rules.md#the-archive).
                        <a class="who" href=format!("/archive?section=three_meetings&org={}", r.org_id.get())>{r.name}</a>
                        <span class="score">{r.score}</span>
                        <ListBadge list=r.list why=r.why />
                        {r.parts.map(|[p, o, t, d]| {
                            let counted = r.tasks.map(|(on, due)| format!("（{on}/{due}）")).unwrap_or_default();
                            view! {
                                <span class="parts muted">{format!("积分 {p} · 组织生活 {o} · 任务 {t}{counted} · 党费 {d}")}</span>
                            }
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The year of the boards (this year or one of the four before) and the list to show (a plain
/// form, so it works before the page's script has loaded).
#[component]
fn YearPicker(year: i32, this_year: i32, list: Option<ListKind>) -> impl IntoView {
    let this_year = this_year.max(year);
    view! {
        <form method="get" action="/rankings" class="inline-form" id="year-picker">
            <label for="rank-year">"年度"</label>
            <select id="rank-year" name="year">
                {(0..5).map(|back| {
                    let y = this_year - back;
                    view! { <option value=y selected=y == year>{format!("{y} 年")}</option> }
                }).collect_view()}
            </select>
            <label for="rank-list">"榜单"</label>
            <select id="rank-list" name="list">
                <option value="" selected=list.is_none()>"全部"</option>
                {ListKind::ALL.iter().map(|k| view! {
                    <option value=k.code() selected=Some(*k) == list>{k.label_zh()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">"查看"</button>
            <a id="boards-xlsx" download
                href=format!("/rankings.xlsx?year={year}&list={}", list.map_or("", |k| k.code()))>"导出 Excel"</a>
        </form>
    }
}

/// A row's list, and for the black list what put it there.
#[component]
fn ListBadge(list: Option<ListKind>, why: Option<String>) -> impl IntoView {
    list.map(|k| {
        view! {
            <span class=format!("list list-{}", k.code()) data-list=k.code()>{k.label_zh()}</span>
            {why.map(|w| view! { <span class="why muted">{w}</span> })}
        }
    })
}

/// 重点警示 in the reader's scope (docs/rules.md#key-warnings).
#[component]
fn WarningsCard(rows: Vec<KeyWarningRow>) -> impl IntoView {
    view! {
        <section class="card" id="key-warnings">
            <h2>"重点警示"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"目前没有需要重点警示的支部。"</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{format!("共 {} 个支部：党员长期未学习，或上一期未按要求开展组织生活。", rows.len())}</p>
                    <ul class="warnings">
                        {rows.into_iter().map(|r| view! {
                            <li data-org=r.org_id.get()>
                                <a href=format!("/archive?section=theme_day&org={}", r.org_id.get())><strong>{r.name}</strong></a>
                                " · "<span class="why">{r.reasons}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
