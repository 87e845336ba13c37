use leptos::prelude::*;

/// A background upload's progress (`state` `Some(Ok)`) or its refusal (`Some(Err)`), as
/// `crate::upload::submit_with_progress` reports them.
#[component]
pub fn UploadProgress(
    percent: RwSignal<u32>,
    state: RwSignal<Option<Result<(), String>>>,
    /// The `id` of the refusal's paragraph.
    error_id: &'static str,
) -> impl IntoView {
    move || match state.get() {
        Some(Ok(())) => view! {
            <p class="upload-progress">"正在上传… " {move || percent.get()} "%"</p>
            <progress class="progress" max="100" value=move || percent.get()></progress>
        }
        .into_any(),
        Some(Err(m)) => view! { <p class="alert" role="alert" id=error_id>{m}</p> }.into_any(),
        None => ().into_any(),
    }
}
