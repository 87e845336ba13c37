//! A trail-backed change list (a member's file, an organization): each event's time, what kind
//! of step it was when the page names steps, who took it, and each field before and after.

use leptos::prelude::*;

use super::HistoryEntry;

#[component]
pub fn ChangeList(
    /// The section's element id.
    id: &'static str,
    /// What an empty list says.
    empty: &'static str,
    entries: Vec<HistoryEntry>,
    /// Names an event's action, for lists that mix several kinds of step.
    #[prop(optional)]
    action: Option<fn(&str) -> &'static str>,
) -> impl IntoView {
    view! {
        <section class="card" id=id>
            <h2>"变更记录"</h2>
            {if entries.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="ledger">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <p class="muted">
                                    {e.at.replace('T', " ").chars().take(16).collect::<String>()} " · "
                                    {action.map(|name| format!("{} · ", name(&e.action)))}
                                    {e.actor.unwrap_or_else(|| "系统".into())}
                                </p>
                                <ul>
                                    {e.changes.into_iter().map(|c| view! {
                                        <li>{c.label} "：" {c.before.unwrap_or_else(|| "（空）".into())} " → " {c.after.unwrap_or_else(|| "（空）".into())}</li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
