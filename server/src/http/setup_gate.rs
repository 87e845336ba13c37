//! Before `dangjian init`, a production server has no county and nobody who could sign in: every
//! page says how to create them instead of failing (docs/operations.md#first-start). The health
//! check still answers, so a supervisor sees the process is up.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use axum::{
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

use crate::storage::Db;

/// Whether the database has a county. Looked up on each request until it has one (`init` runs
/// beside the server), then never again.
#[derive(Clone)]
pub struct SetupGate {
    open: Arc<AtomicBool>,
}

impl SetupGate {
    /// A demo deployment is seeded before it serves: no gate.
    pub fn new(demo: bool) -> Self {
        Self {
            open: Arc::new(AtomicBool::new(demo)),
        }
    }

    pub async fn check(self, db: Db, req: Request, next: Next) -> Response {
        if self.open.load(Ordering::Relaxed) || req.uri().path() == "/healthz" {
            return next.run(req).await;
        }
        match crate::setup::county(&db).await {
            Ok(Some(_)) => {
                self.open.store(true, Ordering::Relaxed);
                next.run(req).await
            }
            Ok(None) => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                Html(NOT_INITIALIZED),
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "looking up the county");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

const NOT_INITIALIZED: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>党建云尚未初始化</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.6">
<h1 id="not-initialized">党建云尚未初始化</h1>
<p>数据库中还没有县级党组织和管理员。请在服务器上运行（用本县名称和管理员手机号）：</p>
<pre style="background:#f4f4f4; padding: .8em; overflow-x: auto">dangjian init --county "某某县委组织部" --admin-mobile 13800000000 --admin-name "张三"</pre>
<p>命令会显示一次性密码，只显示这一次。用它登录后须立即修改密码，然后导入组织和党员。</p>
</body></html>
"#;
