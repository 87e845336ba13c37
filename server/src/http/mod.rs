//! The HTTP face: the Leptos app (SSR + server functions), the public JSON API, the health
//! check and static assets.

mod actor;
pub(crate) mod api;
mod assets;
mod dues;
mod files;
mod health;
mod origin;
mod page_gate;
mod setup_gate;
mod state;

pub use api::ApiError;
pub use state::AppState;

use axum::{middleware, routing::get, serve::ListenerExt, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

use crate::{config::Config, storage::Db};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let backend = state.backend.clone();
    let hashed = state.leptos_options.hash_files;
    let public_origin = state.public_origin.clone();
    let context = move || {
        leptos::prelude::provide_context(backend.clone());
        leptos::prelude::provide_context(app::auth::SessionMemo::default());
    };
    #[cfg(feature = "simulator")]
    let sim = state.payments.sim.clone();
    let gate = state.setup_gate.clone();
    let page_state = state.clone();
    let gate_db = state.db.clone();
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/dues/pay", axum::routing::post(dues::pay))
        .route(
            "/admin/import/upload",
            axum::routing::post(api::import::form_upload).layer(
                axum::extract::DefaultBodyLimit::max(api::import::MAX_WORKBOOK),
            ),
        )
        .route("/dues/wechat/oauth", get(dues::wechat_oauth))
        .route("/dues/ledger.xlsx", get(dues::ledger_xlsx))
        .route("/files/{*key}", get(files::get))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(middleware::from_fn(move |req, next| {
            page_gate::check(page_state.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            origin::reject_cross_site(public_origin.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            assets::cache_headers(hashed, req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            gate.clone().check(gate_db.clone(), req, next)
        }))
        .layer(CompressionLayer::new())
        .with_state(state);
    // The payment simulator plays WeChat Pay's servers in demo and test deployments.
    #[cfg(feature = "simulator")]
    if let Some(sim) = sim {
        return router.nest(crate::dues::gateway::SIM_PATH, sim.router());
    }
    router
}

pub async fn serve(config: Config, db: Db) -> anyhow::Result<()> {
    if !config.demo && db.meta(crate::seed::SEEDED_KEY).await?.is_some() {
        anyhow::bail!(
            "this database holds the demo county and its well-known demo passwords: a production \
             start refuses it (run with DANGJIAN_DEMO=1 for a demo, or use a fresh database)"
        );
    }
    // Daily reminders (ranking nudges, deadlines): every instance runs the schedule; the first
    // to claim a day does it.
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(&config, db.clone(), addr)?;
    tokio::spawn(crate::reminders::schedule(db, state.payments.clone()));
    let listener = listener.tap_io(no_delay);
    tracing::info!(%addr, engine = state.db.engine(), "serving");
    println!("党建云已启动: http://{addr}/");
    // Peer addresses reach the login log.
    let service = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, service).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stopping.send(true);
    });
    // Requests in flight may finish, but a request that never ends must not keep a restart
    // waiting forever.
    let deadline = async move {
        while !*stop_seen.borrow() {
            if stop_seen.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        served = server => served?,
        () = deadline => tracing::warn!(
            seconds = SHUTDOWN_GRACE.as_secs(),
            "requests still open after the stop signal: exiting without them"
        ),
    }
    Ok(())
}

/// How long requests in flight may take to finish once the server is told to stop.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Pages are streamed in several writes: with Nagle's algorithm each response waited ~40 ms
/// for the client's delayed ACK (every page at 32 clients took 44 ms at the median).
pub fn no_delay(tcp: &mut tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!(error = %e, "TCP_NODELAY not set");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
