//! Image upload in the browser (study editor, suggestion photo): the same multipart form a page
//! without JavaScript posts, sent with `fetch` so the image shows at once.

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
