use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;

use crate::storage::Db;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    storage: String,
    version: &'static str,
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise (load balancers read the code).
pub async fn healthz(State(db): State<Db>) -> (StatusCode, Json<Health>) {
    let version = env!("CARGO_PKG_VERSION");
    match db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                storage: format!("{} ok", db.engine()),
                version,
            }),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: storage unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    storage: format!("{} unavailable", db.engine()),
                    version,
                }),
            )
        }
    }
}
