//! The HTTP face: the Leptos app (SSR + server functions), the public JSON API, the health
//! check and static assets.

mod actor;
pub(crate) mod api;
mod assets;
mod client;
mod command_map;
mod dues;
mod files;
mod fn_status;
mod form_errors;
mod headers;
mod health;
mod origin;
mod page_gate;
mod rankings;
pub mod routes;
mod setup_gate;
mod state;

pub use api::{document as openapi_document, ApiError};
pub use state::AppState;

use axum::{middleware, routing::get, serve::ListenerExt, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use routes::Routes;
use tower_http::compression::CompressionLayer;

use crate::{config::Config, storage::Db};

/// The routes outside the Leptos app (its pages and server functions are listed by Leptos).
/// `tokens` is where API tokens are checked, and their rate per minute: absent only when the
/// routes are listed, not served.
fn routes(tokens: Option<(Db, i64)>) -> Routes<AppState> {
    let api = match tokens {
        Some((db, per_minute)) => api::guard(api::routes(), db, per_minute),
        None => api::routes(),
    };
    Routes::new()
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
        .route("/rankings.xlsx", get(rankings::boards_xlsx))
        .route("/command/map", get(command_map::page_handler))
        .route("/command/map/branches/{id}", get(command_map::card_handler))
        .route("/files/{*key}", get(files::get))
        .nest("/api/v1", api)
}

/// Every path this server routes outside the Leptos app, the payment simulator's included when
/// it is built in: what the access table in the tests must cover.
pub fn route_paths() -> Vec<String> {
    #[allow(unused_mut)]
    let mut paths = routes(None).paths().to_vec();
    #[cfg(feature = "simulator")]
    paths.extend(
        crate::paysim::Simulator::route_paths()
            .into_iter()
            .map(|p| format!("{}{p}", crate::dues::gateway::SIM_PATH)),
    );
    paths
}

pub fn router(state: AppState) -> Router {
    let pages = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let backend = state.backend.clone();
    let hashed = state.leptos_options.hash_files;
    let public_origin = state.public_origin.clone();
    let hsts = state
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"));
    let context = move || {
        headers::provide_page_nonce();
        leptos::prelude::provide_context(backend.clone());
        leptos::prelude::provide_context(app::auth::SessionMemo::default());
    };
    #[cfg(feature = "simulator")]
    let sim = state.payments.sim.clone();
    let gate = state.setup_gate.clone();
    let page_state = state.clone();
    let gate_db = state.db.clone();
    let trusted = state.trusted_proxies.clone();
    let stream_sources = state.stream_sources.clone();
    let router = routes(Some((state.db.clone(), state.api_token_rate)))
        .into_router()
        .leptos_routes_with_context(&state, pages, context.clone(), move || {
            app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell));
    // The payment simulator plays WeChat Pay's servers in demo and test deployments, behind
    // the same layers as the site (the Origin check, the headers).
    #[cfg(feature = "simulator")]
    let router = match sim {
        Some(sim) => router.nest_service(crate::dues::gateway::SIM_PATH, sim.router()),
        None => router,
    };
    let sealer = form_errors::Sealer::new(state.db.clone());
    router
        .layer(middleware::from_fn(fn_status::apply))
        .layer(middleware::from_fn(move |req, next| {
            form_errors::apply(sealer.clone(), req, next)
        }))
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
        .layer(middleware::from_fn(move |req, next| {
            client::resolve(trusted.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            headers::apply(hsts, stream_sources.clone(), req, next)
        }))
        .layer(CompressionLayer::new())
        .with_state(state)
}

pub async fn serve(config: Config, db: Db) -> anyhow::Result<()> {
    refuse_public_demo(&config)?;
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
    tokio::spawn(crate::reminders::schedule(
        db,
        state.payments.clone(),
        state.files.clone(),
    ));
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

/// A demo's passwords are printed in the README: reachable from the network, anyone could sign
/// in as the county. It listens on loopback unless forced (docs/security.md#the-demo).
pub fn refuse_public_demo(config: &Config) -> anyhow::Result<()> {
    if config.demo && !config.listen.ip().is_loopback() && !config.demo_public {
        anyhow::bail!(
            "demo mode (well-known passwords, the payment simulator) listens on 127.0.0.1 only, \
             not {}: use DANGJIAN_LISTEN=127.0.0.1:PORT, or set DANGJIAN_DEMO_PUBLIC=1 to show \
             the demo over the network on purpose",
            config.listen
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_listens_on_loopback_unless_forced() {
        let at = |listen: &str, demo: bool, demo_public: bool| Config {
            listen: listen.parse().unwrap(),
            demo,
            demo_public,
            ..Config::default()
        };
        let refused = refuse_public_demo(&at("0.0.0.0:3000", true, false)).unwrap_err();
        assert!(
            refused.to_string().contains("DANGJIAN_DEMO_PUBLIC"),
            "{refused}"
        );
        assert!(refuse_public_demo(&at("192.168.1.10:3000", true, false)).is_err());
        assert!(refuse_public_demo(&at("0.0.0.0:3000", true, true)).is_ok());
        assert!(refuse_public_demo(&at("127.0.0.1:3000", true, false)).is_ok());
        assert!(refuse_public_demo(&at("[::1]:3000", true, false)).is_ok());
        assert!(refuse_public_demo(&at("0.0.0.0:3000", false, false)).is_ok());
    }
}
