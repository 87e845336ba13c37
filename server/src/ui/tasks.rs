//! Tasks: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    error::AppError,
    tasks::{TaskForm, TaskView, TasksApi, TasksView},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::{access::Actor, error::ServiceError, tasks};

#[async_trait::async_trait]
impl TasksApi for DbBackend {
    async fn tasks(&self, caller: &Caller) -> Result<TasksView, ErrorCode> {
        let actor = Actor::of(caller)?;
        tasks::view::tasks(&self.db, &actor, self.today())
            .await
            .map_err(Into::into)
    }

    async fn task(&self, caller: &Caller, id: i64, progress: &str) -> Result<TaskView, ErrorCode> {
        let actor = Actor::of(caller)?;
        tasks::view::task(&self.db, &actor, id, progress, self.today())
            .await
            .map_err(Into::into)
    }

    async fn dispatch_task(&self, caller: &Caller, form: TaskForm) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        // Ticked organizations arrive as `orgs[<id>]`; anything else is a form we did not send.
        let mut org_ids = Vec::new();
        for (key, value) in &form.orgs {
            let id = key
                .parse::<i64>()
                .map_err(|_| ServiceError::field("recipients", ErrorCode::InvalidForm))?;
            if value == "on" {
                org_ids.push(id);
            }
        }
        org_ids.sort_unstable();
        let under = match form.under.trim() {
            "" => None,
            raw => Some(
                raw.parse::<i64>()
                    .map_err(|_| ServiceError::field("under", ErrorCode::InvalidOrgId))?,
            ),
        };
        let draft = tasks::dispatch::TaskDraft {
            title: form.title,
            instructions: form.instructions,
            deadline: form.deadline,
            evidence: form.evidence,
            unit: form.unit,
            addressed: form.addressed,
            under,
            org_ids,
            member_ids: Vec::new(),
            member_mobiles: form.member_mobiles,
        };
        tasks::dispatch::dispatch(&self.db, &actor, &draft, self.today())
            .await
            .map_err(Into::into)
    }

    async fn report_task(
        &self,
        caller: &Caller,
        assignment_id: i64,
        text: &str,
        number: &str,
    ) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        let report = tasks::review::Report {
            text: text.to_string(),
            number: number.to_string(),
            ..tasks::review::Report::default()
        };
        tasks::review::report(&self.db, &actor, assignment_id, &report, self.today())
            .await
            .map_err(Into::into)
    }

    async fn review_task(
        &self,
        caller: &Caller,
        assignment_id: i64,
        decision: &str,
        note: &str,
    ) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        let accept = match decision {
            "accept" => true,
            "return" => false,
            _ => return Err(ServiceError::field("decision", ErrorCode::InvalidForm).into()),
        };
        tasks::review::review(&self.db, &actor, assignment_id, accept, note, self.today())
            .await
            .map_err(Into::into)
    }
}
