//! Resolves each request's client once, behind the configured trusted proxies
//! (docs/security.md#client-addresses), for throttling, logs and the payer's address.

use std::{net::SocketAddr, sync::Arc};

use app::backend::ClientAddress;
use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::Response,
};

use crate::net::TrustedProxies;

pub async fn resolve(trusted: Arc<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let client = trusted.client(peer, &forwarded);
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}
