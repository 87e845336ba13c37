use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::CreateMember;

/// `/org/new-member?org=ID`: 新增党员 for an administrator of that organization. Checked on the
/// server exactly as a row of the import workbook; every problem is listed with its field.
#[component]
pub fn NewMemberPage() -> impl IntoView {
    let query = use_query_map();
    let org = move || {
        query
            .with(|q| q.get("org"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let create = ServerAction::<CreateMember>::new();
    let error = move || {
        create
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message())
    };
    view! {
        <Title text="新增党员" />
        <h1>"新增党员"</h1>
        <section class="card">
            <ActionForm action=create>
                <input type="hidden" name="org_id" value=org />
                <label for="n-name">"姓名"</label>
                <input id="n-name" name="name" required />
                <label for="n-sex">"性别"</label>
                <select id="n-sex" name="sex"><option value="男">"男"</option><option value="女">"女"</option></select>
                <label for="n-ethnicity">"民族"</label>
                <input id="n-ethnicity" name="ethnicity" value="汉族" required />
                <label for="n-id">"公民身份号码"</label>
                <input id="n-id" name="id_number" required maxlength="18" autocomplete="off" />
                <label for="n-mobile">"手机号码"</label>
                <input id="n-mobile" name="mobile" type="tel" inputmode="numeric" required />
                <label for="n-education">"学历"</label>
                <input id="n-education" name="education" placeholder="例如：本科、大专、高中" required />
                <label for="n-joined">"入党日期"</label>
                <input id="n-joined" name="joined_on" type="date" required />
                <label for="n-full">"转正日期（预备党员不填）"</label>
                <input id="n-full" name="full_on" type="date" />
                <label for="n-category">"党费类别"</label>
                <select id="n-category" name="dues_category">
                    {domain::dues::DuesCategory::ALL.iter().map(|c| view! { <option value=c.label_zh()>{c.label_zh()}</option> }).collect_view()}
                </select>
                <label for="n-flowing">"流动去向（外出务工经商的填写）"</label>
                <input id="n-flowing" name="flowing_destination" maxlength="60" />
                <label for="n-remarks">"备注（选填）"</label>
                <textarea id="n-remarks" name="remarks" rows="2" maxlength="200"></textarea>
                {move || error().map(|m| view! { <p class="alert" role="alert" id="new-member-error">{m}</p> })}
                <div class="form-actions">
                    <button type="submit" id="new-member-submit" disabled=move || create.pending().get()>"保存"</button>
                </div>
            </ActionForm>
        </section>
    }
}
