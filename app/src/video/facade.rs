//! Grid-centre video: what this feature's server functions ask of the server.
#![cfg(feature = "ssr")]

use std::collections::HashMap;

use super::{StreamsView, VideoPageView};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait VideoApi: Send + Sync {
    async fn streams(&self, caller: &Caller) -> Result<StreamsView, AppError>;
    async fn video_page(&self, caller: &Caller, org: i64) -> Result<VideoPageView, AppError>;
    /// `form` is checked (`super::stream_request`) once the caller may manage `org`'s stream.
    async fn register_stream(
        &self,
        caller: &Caller,
        org: i64,
        form: HashMap<String, String>,
    ) -> Result<(), AppError>;
    async fn remove_stream(&self, caller: &Caller, org: i64) -> Result<(), AppError>;
}
