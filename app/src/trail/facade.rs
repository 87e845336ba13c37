//! The trail: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use super::{TrailCheck, TrailFilter, TrailView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait TrailApi: Send + Sync {
    /// One page of events matching the filters, newest first (county administrators and
    /// auditors).
    async fn trail(&self, caller: &Caller, filter: TrailFilter) -> Result<TrailView, AppError>;

    /// The whole chain checked against every tracked record: seconds on a large county, so
    /// only when asked.
    async fn check_trail(&self, caller: &Caller) -> Result<TrailCheck, AppError>;
}
