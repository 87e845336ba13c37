//! Members' files: the facade the app's server functions call, over the services.

use app::{
    backend::Caller,
    error::AppError,
    members::{
        ConversionDecisionForm, ConversionForm, MemberPatch, MemberView, MembersApi, NewMemberForm,
        StandingForm,
    },
};
use domain::ErrorCode;

use super::DbBackend;
use crate::{access::Actor, error::ServiceError, members};

#[async_trait::async_trait]
impl MembersApi for DbBackend {
    async fn member_view(&self, caller: &Caller, member_id: i64) -> Result<MemberView, ErrorCode> {
        let actor = Actor::of(caller)?;
        members::service::view(&self.db, &actor, domain::MemberId::new(member_id)?)
            .await
            .map_err(Into::into)
    }

    async fn update_member(
        &self,
        caller: &Caller,
        member_id: i64,
        patch: MemberPatch,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let member_id = domain::MemberId::new(member_id)?;
        match members::service::edit(&self.db, &actor, member_id, &patch).await {
            Ok(_) => Ok(()),
            // The form shows a number taken by someone else beside the mobile field.
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::MobileTaken | ErrorCode::MobileUnavailable
                ) =>
            {
                Err(ServiceError::field("mobile", e.code()).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn create_member(&self, caller: &Caller, form: NewMemberForm) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        let form = members::NewMember {
            org_id: form.org_id,
            name: form.name,
            sex: form.sex,
            ethnicity: form.ethnicity,
            id_number: form.id_number,
            mobile: form.mobile,
            education: form.education,
            joined_on: form.joined_on,
            full_on: form.full_on,
            dues_category: form.dues_category,
            flowing_destination: form.flowing_destination,
            remarks: form.remarks,
        };
        match members::create(&self.db, &actor, &form).await? {
            Ok(id) => Ok(id.get()),
            Err(problems) => Err(AppError::Problems(
                problems
                    .into_iter()
                    .map(|p| format!("{}：{}", form_label(p.column), p.message))
                    .collect(),
            )),
        }
    }

    async fn propose_conversion(
        &self,
        caller: &Caller,
        member_id: i64,
        form: ConversionForm,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let form = members::probation::ProposalForm {
            meeting_on: form.meeting_on,
            entitled: form.entitled,
            in_favour: form.in_favour,
            against: form.against,
            abstaining: form.abstaining,
        };
        members::probation::propose(&self.db, &actor, domain::MemberId::new(member_id)?, &form)
            .await?;
        Ok(())
    }

    async fn decide_conversion(
        &self,
        caller: &Caller,
        member_id: i64,
        form: ConversionDecisionForm,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let decision = members::probation::DecisionForm {
            decision: form.decision,
            months: form.months,
            note: form.note,
        };
        members::probation::decide(
            &self.db,
            &actor,
            domain::MemberId::new(member_id)?,
            form.conversion_id,
            &decision,
        )
        .await?;
        Ok(())
    }

    async fn change_standing(
        &self,
        caller: &Caller,
        member_id: i64,
        form: StandingForm,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        let form = members::standing::StandingForm {
            change: form.change,
            on: form.on,
            reason: form.reason,
        };
        members::standing::change(&self.db, &actor, domain::MemberId::new(member_id)?, &form)
            .await?;
        Ok(())
    }
}

/// The form's own words for the import's column names.
fn form_label(column: &str) -> &str {
    match column {
        "" => "表单",
        other => other,
    }
}
