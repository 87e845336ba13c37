//! Who is asking is looked up once per request: the session's one query resolves the caller
//! (account, role, scope and its place in the tree), and every server function and service in
//! that request uses it. Counted from the SQL statements the server runs (sqlx's own log).

use std::sync::{Mutex, Once};

use crate::common;
use server::seed::DemoPlan;

/// The statements that read an account with its scope: the session lookup (which joins the
/// session's active role), or any other lookup of an identity.
const IDENTITY: [&str; 2] = [
    "FROM accounts a JOIN organizations o ON o.id = a.scope_org_id",
    "JOIN organizations o ON o.id = COALESCE(g.scope_org_id, a.scope_org_id)",
];

static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Collects every statement sqlx logs (target `sqlx::query`, field `db.statement`).
struct Collect;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Collect {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        // sqlx puts a short statement in `summary` and a long one in `db.statement`.
        struct Statement(String);
        impl tracing::field::Visit for Statement {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if matches!(field.name(), "summary" | "db.statement") {
                    self.0.push_str(&format!("{value:?}"));
                }
            }
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                if matches!(field.name(), "summary" | "db.statement") {
                    self.0.push_str(value);
                }
            }
        }
        if event.metadata().target() == "sqlx::query" {
            let mut s = Statement(String::new());
            event.record(&mut s);
            STATEMENTS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(s.0);
        }
    }
}

fn listen() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        use tracing_subscriber::{filter::Targets, layer::SubscriberExt};
        let subscriber = tracing_subscriber::registry().with(
            Collect.with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)),
        );
        tracing::subscriber::set_global_default(subscriber)
            .expect("one subscriber per test binary");
    });
}

/// Identity statements run while `request` is answered.
async fn identity_lookups(request: reqwest::RequestBuilder) -> (u16, usize) {
    STATEMENTS.lock().unwrap_or_else(|e| e.into_inner()).clear();
    // The whole answer: a page streams, and its data is looked up while it does.
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    response.text().await.unwrap();
    let n = STATEMENTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|s| IDENTITY.iter().any(|marker| s.contains(marker)))
        .count();
    (status, n)
}

use tracing_subscriber::Layer as _;

on_both_engines! {
    async fn a_request_resolves_its_caller_with_one_query(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        listen();
        let cookie = common::login_cookie(&app, "13800000002").await;
        // A page whose layout and data both need the caller, and which calls several services.
        for page in ["/", "/study", "/org-life", "/dues", "/rankings"] {
            let get = app.client.get(app.url(page)).header("cookie", &cookie);
            assert_eq!(identity_lookups(get).await, (200, 1), "{page}");
        }
        // A server function called by a script.
        let call = app
            .client
            .post(app.url("/api/study"))
            .header("cookie", &cookie)
            .header("origin", app.url("").trim_end_matches('/'))
            .header("accept", "application/json");
        assert_eq!(identity_lookups(call).await, (200, 1));
    }
}
