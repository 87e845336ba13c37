//! Image upload in the browser (study editor, suggestion photo): the same multipart form a page
//! without JavaScript posts, sent with `fetch` so the image shows at once.

use leptos::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Uploaded {
    url: String,
}

#[derive(Deserialize)]
struct Failure {
    error: FailureBody,
}

#[derive(Deserialize)]
struct FailureBody {
    message: String,
}

const NETWORK: &str = "网络连接失败，请检查网络后重试";

/// Posts the form to `action` (the form's own address); the uploaded image's address, or a
/// message to show.
pub async fn send(action: &str, data: web_sys::FormData) -> Result<String, String> {
    let response = gloo_net::http::Request::post(action)
        .header("Accept", "application/json")
        .body(data)
        .map_err(|_| NETWORK.to_string())?
        .send()
        .await
        .map_err(|_| NETWORK.to_string())?;
    if response.ok() {
        response
            .json::<Uploaded>()
            .await
            .map(|u| u.url)
            .map_err(|_| NETWORK.to_string())
    } else {
        Err(response
            .json::<Failure>()
            .await
            .map(|f| f.error.message)
            .unwrap_or_else(|_| NETWORK.to_string()))
    }
}

/// Sends the upload form being submitted with `fetch` instead of leaving the page: `note`
/// says it is under way and shows any refusal; `done` gets the image's address.
pub fn send_form(
    ev: &leptos::ev::SubmitEvent,
    note: RwSignal<Option<String>>,
    done: impl FnOnce(String) + 'static,
) {
    ev.prevent_default();
    let form: web_sys::HtmlFormElement = event_target(ev);
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let action = form.action();
    note.set(Some("正在上传…".into()));
    leptos::task::spawn_local(async move {
        match send(&action, data).await {
            Ok(url) => done(url),
            Err(m) => {
                note.try_set(Some(m));
            }
        }
    });
}
