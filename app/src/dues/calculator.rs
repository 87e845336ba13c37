use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    api::county_dues_rules,
    calculate::{calculate, field_id, CalcError, CalcInput, CalcResult, PAYSLIP_LINES},
};
use domain::dues::{DuesCategory, DuesRules};

/// `/dues/calculator`, public. Without JavaScript it is a GET form the server answers; once the
/// WASM runs, every keystroke recomputes in the browser with the same `domain` code and no
/// request at all.
#[component]
pub fn DuesCalculatorPage() -> impl IntoView {
    // The county's rules, read once with the page: the amount shown is the one billed.
    let rules = Resource::new(|| (), |_| county_dues_rules());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Without the county's rules the national defaults still give an amount, said
                // to be one that may differ from the bill.
                let (rules, fallback) = match rules.await {
                    Ok(rules) => (rules, None),
                    Err(_) => (DuesRules::default(), Some(view! {
                        <p class="alert" id="dues-rules-fallback">"未能读取本县的党费计算规则，以下按全国统一规定计算，可能与实际账单略有不同。"</p>
                    })),
                };
                view! { {fallback} <Calculator rules /> }
            })}
        </Suspense>
    }
}

#[component]
fn Calculator(rules: DuesRules) -> impl IntoView {
    let query = use_query_map();
    let initial = query.with_untracked(|q| CalcInput {
        category: q.get("category").unwrap_or_default(),
        base: q.get("base").unwrap_or_default(),
        payslip: PAYSLIP_LINES
            .iter()
            .map(|k| q.get(&format!("p_{}", k.code())).unwrap_or_default())
            .collect(),
    });
    let category = RwSignal::new(if initial.category.is_empty() {
        "employed".to_string()
    } else {
        initial.category.clone()
    });
    let base = RwSignal::new(initial.base.clone());
    let lines: Vec<RwSignal<String>> = initial.payslip.iter().cloned().map(RwSignal::new).collect();
    let payslip_open = initial.payslip.iter().any(|v| !v.trim().is_empty());

    let result = calculation(category, base, lines.clone(), rules);
    let error_for = move |field: String| {
        move || match result.get() {
            Err(e) if e.field == field => {
                Some(view! { <p class="field-error" role="alert">{e.message}</p> })
            }
            _ => None,
        }
    };
    let uses_base = move || {
        DuesCategory::parse(&category.get())
            .map(|c| c.uses_base())
            .unwrap_or(true)
    };
    let hint = move || {
        DuesCategory::parse(&category.get())
            .map(|c| c.base_hint_zh())
            .unwrap_or("")
    };

    view! {
        <Title text="党费计算器" />
        <h1>"党费计算器"</h1>
        <p class="muted">"按《关于中国共产党党费收缴、使用和管理的规定》计算，比例适用于全部基数。"</p>
        <form class="card" method="get" action="/dues/calculator" id="dues-form">
            <label for="dues-category">"党员类别"</label>
            <select
                id="dues-category"
                name="category"
                on:change=move |ev| category.set(event_target_value(&ev))
            >
                {DuesCategory::ALL
                    .iter()
                    .map(|c| {
                        let code = c.code();
                        view! {
                            <option value=code selected=initial.category == code>
                                {c.label_zh()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {error_for("dues-category".into())}
            <div class:hidden=move || !uses_base()>
                <label for="dues-base">"月交纳基数（元）"</label>
                <input
                    id="dues-base"
                    name="base"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="例如 4500 或 4500.50"
                    value=initial.base.clone()
                    on:input=move |ev| base.set(event_target_value(&ev))
                />
                <p class="muted">{hint}</p>
                {error_for("dues-base".into())}
                <details open=payslip_open>
                    <summary>"按工资条计算基数"</summary>
                    <p class="muted">
                        "填写工资条上的项目（不填即为没有）。住房、交通、通讯等改革性补贴和不固定奖金不计入基数，无需填写。"
                    </p>
                    {PAYSLIP_LINES
                        .iter()
                        .zip(lines.iter().copied())
                        .zip(initial.payslip.clone())
                        .map(|((kind, signal), value)| {
                            let id = field_id(*kind);
                            view! {
                                <label for=id.clone()>{kind.label_zh()}</label>
                                <input
                                    id=id.clone()
                                    name=format!("p_{}", kind.code())
                                    inputmode="decimal"
                                    autocomplete="off"
                                    value=value
                                    on:input=move |ev| signal.set(event_target_value(&ev))
                                />
                                {error_for(id)}
                            }
                        })
                        .collect_view()}
                </details>
            </div>
            <div class="form-actions">
                <button type="submit">"计算"</button>
            </div>
        </form>
        <section class="card quote" aria-live="polite" id="dues-result">
            {move || match result.get() {
                Ok(Some(r)) => {
                    view! {
                        <p class="muted">"每月应交党费"</p>
                        <p class="amount" id="dues-amount">{format!("{} 元", r.amount_yuan)}</p>
                        {r.payslip_base_yuan.map(|b| view! {
                            <p id="dues-payslip-base">{format!("按工资条计算的交纳基数：{b} 元")}</p>
                        })}
                        <p id="dues-explanation">{r.explanation}</p>
                    }
                        .into_any()
                }
                Ok(None) => view! { <p class="muted" id="dues-amount-empty">"输入月交纳基数后显示应交党费。"</p> }.into_any(),
                Err(_) => view! { <p class="muted">"请先更正上面标红的输入。"</p> }.into_any(),
            }}
        </section>
    }
}

/// The calculation as the fields change, by the county's `rules`: recomputed in the browser on
/// every keystroke (the calculator here, the base form on `/dues`).
pub(super) fn calculation(
    category: RwSignal<String>,
    base: RwSignal<String>,
    lines: Vec<RwSignal<String>>,
    rules: DuesRules,
) -> Memo<Result<Option<CalcResult>, CalcError>> {
    Memo::new(move |_| {
        calculate(
            &CalcInput {
                category: category.get(),
                base: base.get(),
                payslip: lines.iter().map(|s| s.get()).collect(),
            },
            &rules,
        )
    })
}
