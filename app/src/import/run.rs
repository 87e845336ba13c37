//! In the browser: the upload, then polling the job until it ends.

use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::JsCast as _;

use super::ImportJob;

use crate::upload::{Failure, NETWORK};

#[derive(Deserialize)]
struct Started {
    job: u64,
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn refusal(response: gloo_net::http::Response) -> String {
    response
        .json::<Failure>()
        .await
        .map(|f| f.error.message)
        .unwrap_or_else(|_| NETWORK.to_string())
}

/// Sends the form's workbook to the import address and follows the job, twice a second, into
/// `job`; a refusal of the upload itself goes to `note`.
pub fn submit(
    ev: &leptos::ev::SubmitEvent,
    kind: String,
    dry_run: bool,
    job: RwSignal<Option<ImportJob>>,
    note: RwSignal<Option<String>>,
) {
    ev.prevent_default();
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let url = format!(
        "/api/v1/import/{kind}{}",
        if dry_run { "?dry_run=1" } else { "" }
    );
    job.set(None);
    note.set(Some("正在上传…".into()));
    leptos::task::spawn_local(async move {
        let sent = match gloo_net::http::Request::post(&url)
            .header("Accept", "application/json")
            .body(data)
        {
            Ok(request) => request.send().await,
            Err(_) => {
                note.set(Some(NETWORK.into()));
                return;
            }
        };
        let started = match sent {
            Ok(r) if r.ok() => r.json::<Started>().await.map_err(|_| NETWORK.to_string()),
            Ok(r) => Err(refusal(r).await),
            Err(_) => Err(NETWORK.to_string()),
        };
        let id = match started {
            Ok(s) => s.job,
            Err(m) => {
                note.set(Some(m));
                return;
            }
        };
        note.set(None);
        poll(id, job, note).await;
    });
}

/// Follows a job already started (the page was opened on it) until it ends.
pub fn follow(id: u64, job: RwSignal<Option<ImportJob>>, note: RwSignal<Option<String>>) {
    leptos::task::spawn_local(poll(id, job, note));
}

/// Asks for the job twice a second into `job` until it ends.
async fn poll(id: u64, job: RwSignal<Option<ImportJob>>, note: RwSignal<Option<String>>) {
    {
        // A weak network drops a poll now and then: keep asking.
        let mut failures = 0;
        loop {
            let answer = match gloo_net::http::Request::get(&format!("/api/v1/import/jobs/{id}"))
                .send()
                .await
            {
                Ok(r) if r.ok() => r.json::<ImportJob>().await.ok(),
                _ => None,
            };
            match answer {
                Some(now) => {
                    failures = 0;
                    let running = now.state == "running";
                    job.set(Some(now));
                    if !running {
                        return;
                    }
                }
                None => {
                    failures += 1;
                    if failures > 20 {
                        note.set(Some(NETWORK.into()));
                        return;
                    }
                }
            }
            sleep(500).await;
        }
    }
}
