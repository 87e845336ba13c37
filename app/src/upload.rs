//! Image upload in the browser (study editor, suggestion photo): the same multipart form a page
//! without JavaScript posts, sent with `fetch` so the image shows at once.

use leptos::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Uploaded {
    url: String,
}

/// The public API's refusal, `{"error": {code, message}}`: the message is shown as it is.
#[derive(Deserialize)]
pub(crate) struct Failure {
    pub error: FailureBody,
}

#[derive(Deserialize)]
pub(crate) struct FailureBody {
    pub message: String,
}

pub(crate) const NETWORK: &str = "网络连接失败，请检查网络后重试";

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

/// Posts `data` to `action` with XMLHttpRequest (`fetch` cannot report upload progress);
/// `percent` follows the bytes sent. The server's message when it refuses.
pub async fn send_with_progress(
    action: &str,
    data: web_sys::FormData,
    percent: RwSignal<u32>,
) -> Result<(), String> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let network = || NETWORK.to_string();
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| network())?;
    xhr.open("POST", action).map_err(|_| network())?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(|_| network())?;
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                percent.try_set((e.loaded() * 100.0 / e.total()) as u32);
            }
        });
    xhr.upload()
        .map_err(|_| network())?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_form_data(Some(&data))
        .map_err(|_| network())?;
    let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    match xhr.status() {
        Ok(s) if (200..300).contains(&s) => Ok(()),
        Ok(0) | Err(_) => Err(network()),
        Ok(_) => Err(xhr
            .response_text()
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<Failure>(&t).ok())
            .map(|f| f.error.message)
            .unwrap_or_else(network)),
    }
}

/// Sends the upload form being submitted in the background with a progress bar instead of
/// leaving the page: `state` is `Some(Ok)` while it runs and `Some(Err)` with the refusal;
/// when it is done the page goes to `next` (which shows what was kept).
pub fn submit_with_progress(
    ev: &leptos::ev::SubmitEvent,
    percent: RwSignal<u32>,
    state: RwSignal<Option<Result<(), String>>>,
    next: String,
) {
    ev.prevent_default();
    let form: web_sys::HtmlFormElement = event_target(ev);
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let action = form.action();
    percent.set(0);
    state.set(Some(Ok(())));
    leptos::task::spawn_local(async move {
        match send_with_progress(&action, data, percent).await {
            Ok(()) => {
                // A fresh address each time: going to the same one again would only scroll.
                let (path, anchor) = next.split_once('#').unwrap_or((&next, ""));
                let sep = if path.contains('?') { '&' } else { '?' };
                let stamp = js_sys::Date::now() as u64;
                let _ = window()
                    .location()
                    .set_href(&format!("{path}{sep}t={stamp}#{anchor}"));
            }
            Err(m) => {
                state.try_set(Some(Err(m)));
            }
        }
    });
}
