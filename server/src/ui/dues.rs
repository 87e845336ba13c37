//! Dues: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    dues::{AdminDuesView, DuesApi, DuesCommand, LedgerView, MyDuesView},
    error::AppError,
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl DuesApi for DbBackend {
    async fn my_dues(
        &self,
        caller: &Caller,
        paid: Option<String>,
    ) -> Result<MyDuesView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::dues::mine::view(
            &self.db,
            &self.payments,
            &actor,
            paid.as_deref(),
            self.today(),
        )
        .await
        .map_err(Into::into)
    }

    async fn submit_dues_base(
        &self,
        caller: &Caller,
        category: &str,
        base: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::dues::bases::submit(&self.db, &actor, category, base, self.today())
            .await
            .map_err(Into::into)
    }

    async fn admin_dues(&self, caller: &Caller) -> Result<AdminDuesView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::dues::admin::view(&self.db, &actor)
            .await
            .map_err(Into::into)
    }

    async fn dues_admin(&self, caller: &Caller, command: DuesCommand) -> Result<(), AppError> {
        use crate::dues::{admin, bases, hardship, payments};
        let actor = Actor::of(caller)?;
        let (db, today) = (&self.db, self.today());
        let done = match command {
            DuesCommand::ConfirmBase { id } => bases::decide(db, &actor, id, None, today).await,
            DuesCommand::CorrectBase {
                id,
                category,
                base,
                reason,
            } => bases::decide(db, &actor, id, Some((&category, &base, &reason)), today).await,
            DuesCommand::RecordCash { member_id, through } => {
                let through =
                    domain::YearMonth::parse(through.trim()).map_err(|code| AppError::Field {
                        label: "交至月份".into(),
                        code,
                    })?;
                payments::record_cash(
                    db,
                    &actor,
                    domain::MemberId::new(member_id)?,
                    through,
                    today,
                )
                .await
            }
            DuesCommand::ProposeHardship {
                member_id,
                kind,
                monthly,
                reason,
            } => {
                let member_id = domain::MemberId::new(member_id)?;
                hardship::propose(db, &actor, member_id, &kind, &monthly, &reason).await
            }
            DuesCommand::DecideHardship { id, approve, note } => {
                hardship::decide(db, &actor, id, approve, &note, today).await
            }
            DuesCommand::NoteArrears { member_id, reason } => {
                admin::note_arrears(db, &actor, domain::MemberId::new(member_id)?, &reason).await
            }
            DuesCommand::SetQuarterly { allowed } => {
                admin::set_quarterly(db, &actor, allowed).await
            }
        };
        Ok(done?)
    }

    async fn dues_ledger(
        &self,
        caller: &Caller,
        org_id: Option<i64>,
        year: Option<i32>,
    ) -> Result<LedgerView, ErrorCode> {
        let actor = Actor::of(caller)?;
        let year = year.unwrap_or(self.today().year());
        let org_id = org_id.map(domain::OrgId::new).transpose()?;
        crate::dues::ledger::view(&self.db, &actor, org_id, year)
            .await
            .map_err(Into::into)
    }

    async fn dues_rules(&self) -> Result<domain::dues::DuesRules, ErrorCode> {
        crate::dues::rules(&self.db).await.map_err(|e| e.code())
    }
}
