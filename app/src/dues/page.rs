use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::calculate::{field_id, PAYSLIP_LINES};
use super::{load_my_dues, MyDuesView, SubmitDuesBase};
use crate::layout::{saves, SignInCard};
use domain::{dues::DuesCategory, ErrorCode};

/// `/dues`: my base, open bills with online payment, receipts, and arrears.
#[component]
pub fn DuesPage() -> impl IntoView {
    let query = use_query_map();
    let paid = query.with_untracked(|q| q.get("paid"));
    let submitted = move || query.with(|q| q.get("submitted").is_some());
    let pay_error = move || {
        query
            .with(|q| q.get("pay_error"))
            .map(|c| ErrorCode::message_for_code(&c))
    };
    let submit = ServerAction::<SubmitDuesBase>::new();
    let submit_saves = saves(submit);
    let data = Resource::new(
        move || submit_saves.get(),
        move |_| load_my_dues(paid.clone()),
    );
    view! {
        <Title text="我的党费" />
        <h1>"我的党费"</h1>
        {move || submitted().then(|| view! { <p class="notice" id="base-submitted">"基数已提交，等待支部确认。"</p> })}
        {move || pay_error().map(|m| view! { <p class="alert" role="alert" id="pay-error">{m}</p> })}
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <MyDues view=v submit /> }.into_any(),
                    Ok(None) => view! { <SignInCard text="登录后查看和交纳党费。" /> }.into_any(),
                    Err(e) => view! { <section class="card"><p class="alert">{e.message()}</p></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MyDues(view: MyDuesView, submit: ServerAction<SubmitDuesBase>) -> impl IntoView {
    let returned = view.returned.map(|state| {
        use domain::dues::PaymentStatus;
        let text = match state {
            Some(PaymentStatus::Paid) => "支付成功，党费已到账。",
            Some(PaymentStatus::Pending) => "正在确认支付结果，请稍后刷新本页。",
            _ => "这笔支付没有完成，可以重新支付。",
        };
        let state = state.map_or("unknown", PaymentStatus::code);
        view! { <p class="notice" id="pay-returned" data-state=state>{text}</p> }
    });
    let arrears = (view.arrears_months > 0).then(|| {
        let class = if view.arrears_level == domain::dues::ArrearsLevel::None {
            "notice"
        } else {
            "alert"
        };
        view! {
            <p class=class id="arrears" data-level=view.arrears_level.code()>
                {format!("已连续欠交 {} 个月。{}", view.arrears_months, view.arrears_label)}
            </p>
        }
    });
    view! {
        {returned}
        <section class="card" id="dues-summary">
            <p class="muted">{format!("{} · {}", view.member_name, view.branch_name)}</p>
            <p>{format!("{}，月交纳基数 {} 元", view.category_label, view.base)}</p>
            <p class="amount" id="dues-monthly">{format!("每月 {} 元", view.monthly)}</p>
            {view.relief.clone().map(|r| view! { <p class="muted">{format!("困难减免：{r}")}</p> })}
            <p class="muted" id="paid-through">
                {match &view.paid_through {
                    Some(m) => format!("已交至 {m}"),
                    None => "尚无交纳记录".to_string(),
                }}
            </p>
            {arrears}
        </section>
        <OpenBills view=view.clone() />
        <Receipts view=view.clone() />
        <BaseForm view=view.clone() submit />
    }
}

#[component]
fn OpenBills(view: MyDuesView) -> impl IntoView {
    let has_open = !view.open.is_empty();
    view! {
        <section class="card" id="bills">
            <h2>"待交党费"</h2>
            {if has_open {
                view! {
                    <ul class="bills" id="open-bills">
                        {view.open.iter().map(|b| view! {
                            <li data-month=b.month.clone()>{format!("{} {} · {} 元", b.month, b.kind_label, b.amount)}</li>
                        }).collect_view()}
                    </ul>
                    <p class="amount" id="open-total">{format!("合计 {} 元", view.open_total)}</p>
                    {view.online.then(|| view! {
                        <form method="post" action="/dues/pay">
                            <input type="hidden" name="what" value="open" />
                            <div class="form-actions"><button type="submit" id="pay-open">"微信支付"</button></div>
                        </form>
                    })}
                }.into_any()
            } else {
                view! { <p class="muted" id="no-bills">"目前没有待交的党费。"</p> }.into_any()
            }}
            {(view.online && !view.quarter_ahead.is_empty()).then(|| view! {
                <form method="post" action="/dues/pay">
                    <input type="hidden" name="what" value="quarter" />
                    <p class="muted">{format!("支部同意按季度交纳：可一并交纳 {}。", view.quarter_ahead.join("、"))}</p>
                    <button type="submit" id="pay-quarter">"按季度交纳"</button>
                </form>
            })}
            {view.online.then(|| view! {
                <details>
                    <summary>"自愿多交党费"</summary>
                    <form method="post" action="/dues/pay" id="voluntary-form">
                        <input type="hidden" name="what" value="voluntary" />
                        <label for="voluntary-amount">"金额（元）"</label>
                        <input id="voluntary-amount" name="amount" inputmode="decimal" required />
                        <p class="muted">"一次自愿交纳 1000 元以上为大额党费，全部上缴中央。"</p>
                        <button type="submit">"支付"</button>
                    </form>
                </details>
            })}
            {(!view.online).then(|| view! { <p class="muted">"本平台未开通在线支付，请向支部交纳现金。"</p> })}
        </section>
    }
}

#[component]
fn Receipts(view: MyDuesView) -> impl IntoView {
    view! {
        <section class="card" id="receipts">
            <h2>"交费记录"</h2>
            {if view.receipts.is_empty() {
                view! { <p class="muted">"暂无交费记录。"</p> }.into_any()
            } else {
                view! {
                    <ul class="receipts" id="receipt-list">
                        {view.receipts.iter().map(|r| view! {
                            <li data-trade=r.out_trade_no.clone()>
                                <strong>{format!("{} 元", r.amount)}</strong>
                                " " {r.covers.clone()}
                                <p class="muted">{format!("{} · {} · 单号 {}", r.channel_label, r.paid_at, r.out_trade_no)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Submitting this year's base: typed, or worked out from the payslip — the amount shows as the
/// member types, computed in the browser by `domain` (the calculator's code), with no request.
#[component]
fn BaseForm(view: MyDuesView, submit: ServerAction<SubmitDuesBase>) -> impl IntoView {
    let category = RwSignal::new(view.category_code.clone());
    let rules = view.rules.clone();
    let base = RwSignal::new(String::new());
    let lines: Vec<RwSignal<String>> = PAYSLIP_LINES
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let result = super::calculator::calculation(category, base, lines.clone(), rules);
    // The base sent is the payslip's when one was entered.
    let sent_base = move || match result.get() {
        Ok(Some(r)) => r.payslip_base_yuan.unwrap_or_else(|| base.get()),
        _ => base.get(),
    };
    let error = move || {
        submit
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    let uses_base = move || {
        DuesCategory::parse(&category.get())
            .map(|c| c.uses_base())
            .unwrap_or(true)
    };
    view! {
        <section class="card" id="base">
            <h2>"申报党费基数"</h2>
            <p class="muted">"每年年初申报一次，由支部确认。填写工资条可自动计算基数。"</p>
            <ActionForm action=submit>
                <label for="base-category">"党员类别"</label>
                <select id="base-category" name="category" on:change=move |ev| category.set(event_target_value(&ev))>
                    {DuesCategory::ALL.iter().map(|c| view! {
                        <option value=c.code() selected=view.category_code == c.code()>{c.label_zh()}</option>
                    }).collect_view()}
                </select>
                <div class:hidden=move || !uses_base()>
                    <label for="base-amount">"月交纳基数（元）"</label>
                    <input id="base-amount" name="base" inputmode="decimal" autocomplete="off"
                        prop:value=sent_base on:input=move |ev| base.set(event_target_value(&ev)) />
                    <details>
                        <summary>"按工资条计算基数"</summary>
                        {PAYSLIP_LINES.iter().zip(lines.iter().copied()).map(|(kind, signal)| {
                            let id = format!("base-{}", field_id(*kind));
                            view! {
                                <label for=id.clone()>{kind.label_zh()}</label>
                                <input id=id inputmode="decimal" autocomplete="off"
                                    on:input=move |ev| signal.set(event_target_value(&ev)) />
                            }
                        }).collect_view()}
                    </details>
                </div>
                <p class="amount" id="base-preview" aria-live="polite">
                    {move || match result.get() {
                        Ok(Some(r)) => format!("每月应交 {} 元", r.amount_yuan),
                        Ok(None) => "填写基数后显示每月应交党费".to_string(),
                        Err(e) => e.message,
                    }}
                </p>
                {move || error().map(|m| view! { <p class="alert" role="alert" id="base-error">{m}</p> })}
                <div class="form-actions"><button type="submit" id="base-submit" disabled=move || submit.pending().get()>"提交支部确认"</button></div>
            </ActionForm>
            {(!view.bases.is_empty()).then(|| view! {
                <ul class="bases" id="base-history">
                    {view.bases.iter().map(|b| view! {
                        <li>{format!("{} 年 · {} · 基数 {} 元 · 每月 {} 元 · {}", b.year, b.category_label, b.base, b.monthly, b.status_label)}
                            {b.note.clone().map(|n| view! { <p class="muted">{format!("更正原因：{n}")}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
