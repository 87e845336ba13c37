//! `/api/v1/openapi.json` and `/api/v1/docs`: the API's description for machines, and the
//! same description as a page for the people writing an integration (no script, nothing
//! fetched from elsewhere).

use std::sync::OnceLock;

use axum::{
    http::header,
    response::{Html, IntoResponse},
};
use utoipa::openapi::{path::Operation, OpenApi};

use super::openapi::document;

fn cached() -> &'static (OpenApi, String) {
    static DOC: OnceLock<(OpenApi, String)> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc = document();
        // Serializing plain structs of strings and maps cannot fail; were it to, the
        // description would read as empty rather than take the server down.
        let json = doc.to_json().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the OpenAPI description did not serialize");
            "{}".to_string()
        });
        (doc, json)
    })
}

pub async fn json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        cached().1.as_str(),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Who may call an operation, in words.
fn who(op: &Operation) -> String {
    let Some(ways) = &op.security else {
        return "公开".into();
    };
    let json = serde_json::to_value(ways).unwrap_or_default();
    let token = json
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.get("token"))
        .filter_map(|scopes| scopes.as_array())
        .flatten()
        .filter_map(|s| s.as_str())
        .collect::<Vec<_>>();
    match token.as_slice() {
        [] => "登录会话".into(),
        scopes => format!("登录会话，或带 {} 权限的 API 令牌", scopes.join("、")),
    }
}

fn params(op: &Operation) -> String {
    op.parameters
        .iter()
        .flatten()
        .map(|p| {
            let place = match serde_json::to_value(&p.parameter_in)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
            {
                Some(p) if p == "path" => "路径",
                _ => "查询",
            };
            let required = matches!(p.required, utoipa::openapi::Required::True);
            format!(
                "{}（{place}{}）",
                p.name,
                if required { "，必填" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("、")
}

pub async fn page() -> Html<String> {
    let doc = &cached().0;
    let mut rows = String::new();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            rows.push_str(&format!(
                "<tr class=\"operation\"><td>{}</td><td><code>{method} /api/v1{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&op.tags.clone().unwrap_or_default().join("、")),
                escape(path),
                escape(op.summary.as_deref().unwrap_or_default()),
                escape(&params(op)),
                escape(&who(op)),
            ));
        }
    }
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>党建云 API 说明</title></head><body>\
         <h1>党建云 API 说明</h1>\
         <p>机器可读的完整说明（OpenAPI 3.1）：<a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>。\
         其他系统用 API 令牌调用：请求头 <code>Authorization: Bearer djt_…</code>；令牌由县级管理员在“县级设置”创建，只读，\
         每分钟次数有上限（超出答复 429 并带 Retry-After）。错误一律为 <code>{{\"error\": {{\"code\", \"message\"}}}}</code>。</p>\
         <table><thead><tr><th>类别</th><th>接口</th><th>用途</th><th>参数</th><th>谁能调用</th></tr></thead><tbody>\n{rows}</tbody></table>\
         </body></html>"
    ))
}
