use domain::{
    deadlines::{DeadlineSettings, LEAD_TIMES},
    dues::Rounding,
    points::{describe_table, ActivityKey, RuleTable},
    ranking::{ListMode, ListPolicy},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    form::rule_field, load_settings, settings_action_label, SaveDeadlines, SaveDuesRounding,
    SaveListPolicy, SavePointRules, SaveScoreWeights, SettingsView,
};
use crate::{
    layout::{action_error, saves, SignInCard},
    members::ChangeList,
};

/// `/admin/settings`: the county's points rules and lists; the server refuses anyone but a
/// county administrator, and the page shows its refusal.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let save_rules = ServerAction::<SavePointRules>::new();
    let save_lists = ServerAction::<SaveListPolicy>::new();
    let save_lead = ServerAction::<SaveDeadlines>::new();
    let save_rounding = ServerAction::<SaveDuesRounding>::new();
    let save_weights = ServerAction::<SaveScoreWeights>::new();
    // Read again after each save; the forms are drawn afresh from the new reading, not patched
    // (see the organization page: an in-place update left inputs without a layout box).
    // A refused save keeps the form as typed, with its message (`saves`).
    let (rules_saved, lists_saved) = (saves(save_rules), saves(save_lists));
    let (lead_saved, rounding_saved) = (saves(save_lead), saves(save_rounding));
    let weights_saved = saves(save_weights);
    let data = Resource::new(
        move || {
            (
                rules_saved.get(),
                lists_saved.get(),
                lead_saved.get(),
                rounding_saved.get(),
                weights_saved.get(),
            )
        },
        |_| load_settings(),
    );
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved")).map(|s| {
            let text = match s.as_str() {
                "rules" => "积分规则已保存。",
                "deadlines" => "提醒提前量已保存。",
                "dues" => "党费取整方式已保存。",
                "weights" => "综合评分权重已保存。",
                _ => "榜单划分已保存。",
            };
            view! { <p class="notice" id="settings-saved">{text}</p> }
        })
    };
    view! {
        <Title text="县级设置" />
        <h1>"县级设置"</h1>
        {saved}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let key = (
                            rules_saved.get_untracked(),
                            lists_saved.get_untracked(),
                            lead_saved.get_untracked(),
                            rounding_saved.get_untracked(),
                            weights_saved.get_untracked(),
                        );
                        let saves = SettingsSaves { save_rules, save_lists, save_lead, save_rounding, save_weights };
                        view! {
                            <For each=move || [(key, v.clone())] key=|(k, _)| *k let((_, v))>
                                <Settings view=v saves />
                            </For>
                        }.into_any()
                    }
                    Err(e) if e.code() == domain::ErrorCode::Unauthorized => view! { <SignInCard text="登录后设置。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert" id="settings-error">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The page's forms' actions, one per section.
#[derive(Clone, Copy)]
struct SettingsSaves {
    save_rules: ServerAction<SavePointRules>,
    save_lists: ServerAction<SaveListPolicy>,
    save_lead: ServerAction<SaveDeadlines>,
    save_rounding: ServerAction<SaveDuesRounding>,
    save_weights: ServerAction<SaveScoreWeights>,
}

#[component]
fn Settings(view: SettingsView, saves: SettingsSaves) -> impl IntoView {
    let SettingsSaves {
        save_rules,
        save_lists,
        save_lead,
        save_rounding,
        save_weights,
    } = saves;
    let SettingsView {
        today,
        rules,
        rules_from,
        scheduled,
        lists,
        deadlines,
        dues_rounding,
        weights,
        history,
    } = view;
    let in_force = match rules_from {
        Some(from) => format!("现行第 {} 版，自 {from} 起施行。", rules.version),
        None => "现行为系统默认规则（第 1 版）。".to_string(),
    };
    // The form starts from the table that will be in force last: the scheduled one, with its
    // day, if any (saving it unchanged then keeps the schedule).
    let (editing, from) = scheduled.as_ref().map_or_else(
        || (rules.clone(), today.to_string()),
        |(day, t)| (t.clone(), day.to_string()),
    );
    view! {
        <section class="card" id="settings-points">
            <h2>"积分规则"</h2>
            <p class="muted" id="settings-rules-version">{in_force}</p>
            <ul id="settings-rules-now">{describe_table(&rules).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            {scheduled.map(|(from, t)| view! {
                <p class="notice" id="settings-rules-scheduled">{format!("第 {} 版将自 {from} 起施行。", t.version)}</p>
            })}
            <RuleTableForm table=editing today=today.to_string() from save=save_rules />
        </section>
        <ListPolicyForm policy=lists save=save_lists />
        <LeadTimesForm lead=deadlines save=save_lead />
        <DuesRoundingForm rounding=dues_rounding save=save_rounding />
        <WeightsForm weights save=save_weights />
        <p class="muted">"排名和榜单对谁可见，在" <a href="/rankings">"排名页"</a> "设置；组织生活的次数要求在" <a href="/compliance">"组织生活检查页"</a> "设置。"</p>
        <crate::api_tokens::ApiTokensSection />
        <ChangeList id="settings-history" empty="还没有改过设置。" entries=history action=settings_action_label />
    }
}

#[component]
fn RuleTableForm(
    table: RuleTable,
    today: String,
    /// The day the form's table starts: a scheduled table's own day, else today.
    from: String,
    save: ServerAction<SavePointRules>,
) -> impl IntoView {
    let refusal = action_error(save);
    let error =
        move || refusal().map(|e| view! { <p class="alert" id="settings-rules-error">{e}</p> });
    let value = |n: Option<i32>| n.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <ActionForm action=save>
            {ActivityKey::ALL.iter().copied().map(|key| {
                let rule = table.rule(key).cloned();
                let id = |part: &str| format!("r-{}", rule_field(key, part));
                let name = |part: &str| format!("table[{}]", rule_field(key, part));
                let points = rule.as_ref().map(|r| r.points.abs().to_string()).unwrap_or_default();
                let caps = [("day", "每日上限"), ("month", "每月上限"), ("year", "每年上限")];
                view! {
                    <fieldset class="rule" id=id("rule")>
                        <legend>{key.label_zh()}</legend>
                        <label class="inline"><input type="checkbox" id=id("on") name=name("on") checked=rule.is_some() />"计分"</label>
                        <label for=id("points")>{if key.is_deduction() { "每次扣分" } else { "每次得分" }}</label>
                        <input id=id("points") name=name("points") type="number" value=points />
                        {(key == ActivityKey::QuizCompleted).then(|| view! {
                            <label for=id("imperfect")>"未满分得分"</label>
                            <input id=id("imperfect") name=name("imperfect") type="number" min="0" max="1000" value=value(rule.as_ref().and_then(|r| r.imperfect_points)) />
                        })}
                        {caps.into_iter().map(|(part, label)| {
                            let cap = rule.as_ref().and_then(|r| match part {
                                "day" => r.cap_per_day,
                                "month" => r.cap_per_month,
                                _ => r.cap_per_year,
                            });
                            view! {
                                <label for=id(part)>{label}</label>
                                <input id=id(part) name=name(part) type="number" min="1" value=value(cap) placeholder="不限" />
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <label for="r-study-cap">"学习类（文章、视频、答题）合计每日上限"</label>
            <input id="r-study-cap" name="table[study_cap]" type="number" min="1" value=value(table.daily_study_cap) placeholder="不限" />
            <label for="r-from">"生效日期"</label>
            <input id="r-from" name="table[from]" type="date" required min=today value=from />
            <p class="muted">"新规则从生效日期起计分，此前已计的积分不变。登录、在线时长和点击次数一律不计积分。"</p>
            {error}
            <button type="submit">"保存积分规则"</button>
        </ActionForm>
    }
}

#[component]
fn ListPolicyForm(policy: ListPolicy, save: ServerAction<SaveListPolicy>) -> impl IntoView {
    let refusal = action_error(save);
    let error =
        move || refusal().map(|e| view! { <p class="alert" id="settings-lists-error">{e}</p> });
    let (percentile, [a, b, c], [d, e, f]) = match policy.mode {
        ListMode::Percentile {
            gold_top_pct,
            silver_top_pct,
            yellow_bottom_pct,
        } => (
            true,
            [gold_top_pct, silver_top_pct, yellow_bottom_pct].map(|v| v.to_string()),
            ["100", "50", "10"].map(String::from),
        ),
        ListMode::Absolute {
            gold_min,
            silver_min,
            yellow_max,
        } => (
            false,
            ["10", "30", "10"].map(String::from),
            [gold_min, silver_min, yellow_max].map(|v| v.to_string()),
        ),
    };
    let trigger = |n: Option<u32>| n.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <section class="card" id="settings-lists">
            <h2>"金、银、黄、黑榜"</h2>
            <p class="muted" id="settings-lists-now">{policy.describe_mode_zh()} "；" {policy.describe_black_zh()} "。"</p>
            <ActionForm action=save>
                <label for="l-mode">"划分方式"</label>
                <select id="l-mode" name="lists[mode]">
                    <option value="percentile" selected=percentile>"按名次比例"</option>
                    <option value="absolute" selected=!percentile>"按积分分数线"</option>
                </select>
                <fieldset>
                    <legend>"按名次比例（%）"</legend>
                    <label for="l-gold-pct">"金榜：前"</label>
                    <input id="l-gold-pct" name="lists[gold_top_pct]" type="number" min="0" max="100" value=a />
                    <label for="l-silver-pct">"银榜：前（含金榜）"</label>
                    <input id="l-silver-pct" name="lists[silver_top_pct]" type="number" min="0" max="100" value=b />
                    <label for="l-yellow-pct">"黄榜：后"</label>
                    <input id="l-yellow-pct" name="lists[yellow_bottom_pct]" type="number" min="0" max="100" value=c />
                </fieldset>
                <fieldset>
                    <legend>"按积分分数线"</legend>
                    <label for="l-gold-min">"金榜：不低于"</label>
                    <input id="l-gold-min" name="lists[gold_min]" type="number" value=d />
                    <label for="l-silver-min">"银榜：不低于"</label>
                    <input id="l-silver-min" name="lists[silver_min]" type="number" value=e />
                    <label for="l-yellow-max">"黄榜：不高于"</label>
                    <input id="l-yellow-max" name="lists[yellow_max]" type="number" value=f />
                </fieldset>
                <fieldset>
                    <legend>"列入黑榜（留空为不适用）"</legend>
                    <label for="l-absent">"本年无故缺席组织生活达到（次）"</label>
                    <input id="l-absent" name="lists[absent_min]" type="number" min="1" value=trigger(policy.black_triggers.org_life_absent_unexcused_min) />
                    <label for="l-arrears">"连续欠交党费达到（月）"</label>
                    <input id="l-arrears" name="lists[arrears_months]" type="number" min="1" value=trigger(policy.black_triggers.dues_arrears_months_min) />
                </fieldset>
                {error}
                <button type="submit">"保存榜单划分"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn LeadTimesForm(lead: DeadlineSettings, save: ServerAction<SaveDeadlines>) -> impl IntoView {
    let refusal = action_error(save);
    let error =
        move || refusal().map(|e| view! { <p class="alert" id="settings-lead-error">{e}</p> });
    view! {
        <section class="card" id="settings-lead">
            <h2>"提醒时间"</h2>
            <ActionForm action=save>
                {LEAD_TIMES.iter().map(|(name, label, unit)| {
                    let id = format!("lead-{name}");
                    view! {
                        <label for=id.clone()>{format!("{label}（{unit}）")}</label>
                        <input id=id name=format!("lead[{name}]") type="number" min="1" required value=lead.lead(name).map(|v| v.to_string()).unwrap_or_default() />
                    }
                }).collect_view()}
                <p class="muted">"到时提醒组织的管理员；已发出的提醒不会重复。"</p>
                {error}
                <button type="submit">"保存提醒时间"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DuesRoundingForm(rounding: Rounding, save: ServerAction<SaveDuesRounding>) -> impl IntoView {
    let refusal = action_error(save);
    let error =
        move || refusal().map(|e| view! { <p class="alert" id="settings-dues-error">{e}</p> });
    view! {
        <section class="card" id="settings-dues">
            <h2>"党费计算"</h2>
            <p class="muted" id="settings-dues-now">{format!("现行：{}。", rounding.label_zh())}</p>
            <ActionForm action=save>
                <label for="dues-rounding">"按比例计算的党费取整方式"</label>
                <select id="dues-rounding" name="rounding">
                    {Rounding::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == rounding>{r.label_zh()}</option> }).collect_view()}
                </select>
                <p class="muted">"党员缴费、党费计算器和账单都按这里计算；已开出的账单不变。"</p>
                {error}
                <button type="submit">"保存取整方式"</button>
            </ActionForm>
        </section>
    }
}

/// The composite score's weights (docs/rules.md#branch-and-committee-scores).
#[component]
fn WeightsForm(
    weights: domain::points::ScoreWeights,
    save: ServerAction<SaveScoreWeights>,
) -> impl IntoView {
    let refusal = action_error(save);
    let error =
        move || refusal().map(|e| view! { <p class="alert" id="settings-weights-error">{e}</p> });
    let fields = [
        ("points", "党员积分", weights.points),
        ("org_life", "组织生活", weights.org_life),
        ("tasks", "任务按时完成", weights.tasks),
        ("dues", "党费收缴", weights.dues),
    ];
    view! {
        <section class="card" id="settings-weights">
            <h2>"综合评分权重"</h2>
            <p class="muted">"支部综合评分 = 各项得分按权重加权平均；党委得分为其下支部得分的平均。"</p>
            <ActionForm action=save>
                {fields.into_iter().map(|(name, label, value)| view! {
                    <label for=format!("w-{name}")>{label} "权重"</label>
                    <input id=format!("w-{name}") name=format!("weights[{name}]") type="number" min="0" max="1000" step="1" value=value required />
                }).collect_view()}
                <label for="w-points_full_scale">"积分满分线（党员平均积分达到即满分）"</label>
                <input id="w-points_full_scale" name="weights[points_full_scale]" type="number" min="1" max="100000" step="1" value=weights.points_full_scale required />
                {error}
                <button type="submit">"保存权重"</button>
            </ActionForm>
        </section>
    }
}
