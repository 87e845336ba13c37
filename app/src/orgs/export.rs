use leptos::prelude::*;

/// The roster's workbook, for the organization's subtree: masked by default; in full only with
/// a reason, which the trail keeps with the row count (docs/operations.md#exporting). Plain GET
/// forms to the download address, so they work with or without the page's script.
#[component]
pub fn RosterExport(org_id: i64, may_unmask: bool) -> impl IntoView {
    let action = format!("/api/v1/orgs/{org_id}/members.xlsx");
    view! {
        <details id="roster-export">
            <summary>"导出 Excel"</summary>
            <form method="get" action=action.clone() id="export-masked">
                <Filters prefix="x" />
                <p class="muted">"导出的名册隐藏身份证号和手机号的部分数字。"</p>
                <div class="form-actions"><button type="submit" class="secondary">"导出名册"</button></div>
            </form>
            {may_unmask.then(|| view! {
                <form method="get" action=action id="export-full">
                    <h3>"完整导出"</h3>
                    <input type="hidden" name="unmasked" value="1" />
                    <Filters prefix="u" />
                    <label for="export-reason">"用途（必填，记入记录链）"</label>
                    <input id="export-reason" name="reason" required maxlength="200" placeholder="例如：换届选举资格审查" />
                    <div class="form-actions"><button type="submit" class="secondary">"完整导出"</button></div>
                </form>
            })}
        </details>
    }
}

#[component]
fn Filters(prefix: &'static str) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <label for=id("status")>"党员类别"</label>
        <select id=id("status") name="status">
            <option value="">"全部"</option>
            {domain::MemberStatus::ALL.iter().map(|s| view! { <option value=s.code()>{s.label_zh()}</option> }).collect_view()}
        </select>
        <label for=id("category")>"党费类别"</label>
        <select id=id("category") name="category">
            <option value="">"全部"</option>
            {domain::dues::DuesCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.label_zh()}</option> }).collect_view()}
        </select>
        <label for=id("flowing")>"流动情况"</label>
        <select id=id("flowing") name="flowing">
            <option value="">"全部"</option>
            <option value="1">"外出流动党员"</option>
            <option value="0">"不含流动党员"</option>
        </select>
    }
}
