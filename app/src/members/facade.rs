//! Members' files: what this feature's server functions ask of the server. The server implements
//! it in its `ui` facade; nothing else in the app reaches the server.
#![cfg(feature = "ssr")]

use domain::ErrorCode;

use super::{
    ConversionDecisionForm, ConversionForm, MemberPatch, MemberView, NewMemberForm, StandingForm,
};
use crate::{backend::Caller, error::AppError};

#[async_trait::async_trait]
pub trait MembersApi: Send + Sync {
    /// A member's file with its history, if this account may see it.
    async fn member_view(&self, caller: &Caller, member_id: i64) -> Result<MemberView, ErrorCode>;

    /// Changes a member's file, if this account may; field errors name the field.
    async fn update_member(
        &self,
        caller: &Caller,
        member_id: i64,
        patch: MemberPatch,
    ) -> Result<(), AppError>;

    /// Adds a member to an organization in the caller's scope, checked as an import row; the
    /// new member's id, or every problem.
    async fn create_member(&self, caller: &Caller, form: NewMemberForm) -> Result<i64, AppError>;

    /// Files the branch assembly's proposal to make a probationary member full.
    async fn propose_conversion(
        &self,
        caller: &Caller,
        member_id: i64,
        form: ConversionForm,
    ) -> Result<(), AppError>;

    /// The committee's decision on a member's open proposal.
    async fn decide_conversion(
        &self,
        caller: &Caller,
        member_id: i64,
        form: ConversionDecisionForm,
    ) -> Result<(), AppError>;

    /// Records a change of the member's standing (党籍状态).
    async fn change_standing(
        &self,
        caller: &Caller,
        member_id: i64,
        form: StandingForm,
    ) -> Result<(), AppError>;
}
