//! Organizational life: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{
    ComplianceView, MeetingCommand, MeetingDetail, MeetingDraft, OrgLifeView, ReviewQueue,
};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait OrgLifeApi: Send + Sync {
    /// Meetings coming up for this account, and the branches it may plan for.
    async fn org_life(&self, caller: &Caller) -> Result<OrgLifeView, ErrorCode>;

    async fn plan_meeting(&self, caller: &Caller, draft: MeetingDraft) -> Result<(), AppError>;

    /// One meeting's record, as this account may see it; `site` is the address members open
    /// (`https://dj.example.cn`), which the sign-in QR code carries.
    async fn meeting(
        &self,
        caller: &Caller,
        id: i64,
        site: &str,
    ) -> Result<MeetingDetail, ErrorCode>;

    /// Sign-in, leave, attendance, minutes, submission or review; the meeting's id.
    async fn meeting_command(
        &self,
        caller: &Caller,
        command: MeetingCommand,
    ) -> Result<i64, AppError>;

    /// Records waiting for this reviewer: kind code, branch id, at least `min_days` waiting.
    async fn review_queue(
        &self,
        caller: &Caller,
        kind: Option<String>,
        branch: Option<i64>,
        min_days: i64,
    ) -> Result<ReviewQueue, AppError>;

    /// Required vs held meetings per branch this year, with one branch's drill-down.
    async fn compliance(
        &self,
        caller: &Caller,
        detail: Option<i64>,
    ) -> Result<ComplianceView, ErrorCode>;

    /// Sets the meetings every branch must hold and how often (county administrators only).
    async fn set_orglife_rules(
        &self,
        caller: &Caller,
        rules: domain::orglife::OrgLifeRules,
    ) -> Result<(), ErrorCode>;
}
