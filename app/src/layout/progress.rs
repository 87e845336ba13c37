use leptos::prelude::*;

/// A multipart upload form that, when JavaScript runs, is sent in the background with a
/// progress bar (`crate::upload::submit_with_progress`); without it, it is a plain form post.
#[derive(Clone, Copy)]
pub struct BackgroundUpload {
    percent: RwSignal<u32>,
    /// `Some(Ok)` while it runs, `Some(Err)` with the refusal.
    state: RwSignal<Option<Result<(), String>>>,
}

impl BackgroundUpload {
    pub fn new() -> Self {
        Self {
            percent: RwSignal::new(0),
            state: RwSignal::new(None),
        }
    }

    /// Still untouched (a refusal carried in the address may be shown instead).
    pub fn idle(self) -> bool {
        self.state.with(Option::is_none)
    }

    /// The form's submit handler; the page goes to `next` once the upload is kept.
    pub fn on_submit(self, next: String) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        move |ev| {
            #[cfg(feature = "hydrate")]
            crate::upload::submit_with_progress(&ev, self.percent, self.state, next.clone());
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &next);
        }
    }
}

impl Default for BackgroundUpload {
    fn default() -> Self {
        Self::new()
    }
}

/// The upload's progress, or its refusal in a paragraph with `error_id`.
#[component]
pub fn UploadProgress(upload: BackgroundUpload, error_id: &'static str) -> impl IntoView {
    let percent = upload.percent;
    move || match upload.state.get() {
        Some(Ok(())) => view! {
            <p class="upload-progress">"正在上传… " {move || percent.get()} "%"</p>
            <progress class="progress" max="100" value=move || percent.get()></progress>
        }
        .into_any(),
        Some(Err(m)) => view! { <p class="alert" role="alert" id=error_id>{m}</p> }.into_any(),
        None => ().into_any(),
    }
}
