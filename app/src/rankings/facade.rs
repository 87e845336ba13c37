//! Rankings and lists: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use domain::ranking::VisibilityPolicy;

use super::{MyStanding, RankingsView};
use crate::backend::Caller;

#[async_trait::async_trait]
pub trait RankingsApi: Send + Sync {
    /// The ranking boards this account may see under the county's visibility policy.
    /// `year` 0 is this year; a past year's boards are as they stood at its end. `list` keeps
    /// only the rows on that list.
    async fn rankings(
        &self,
        caller: &Caller,
        full: bool,
        year: i32,
        list: Option<domain::ranking::ListKind>,
    ) -> Result<RankingsView, ErrorCode>;

    /// The account's own standing for the home screen (`None` without a member file).
    async fn my_standing(&self, caller: &Caller) -> Result<Option<MyStanding>, ErrorCode>;

    /// Sets the county's visibility policy (county administrators only).
    async fn set_visibility(
        &self,
        caller: &Caller,
        policy: VisibilityPolicy,
    ) -> Result<(), ErrorCode>;
}
