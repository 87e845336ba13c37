//! Study: the facade the app's server functions call, over the services.

use app::backend::Backend as _;
use app::{
    backend::Caller,
    error::AppError,
    study::{AdminStudyView, StudyApi, StudyDraft, StudyItemView, StudyListView},
};
use domain::ErrorCode;

use super::DbBackend;
use crate::access::Actor;

#[async_trait::async_trait]
impl StudyApi for DbBackend {
    async fn study_list(&self, caller: &Caller) -> Result<StudyListView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::study::list(&self.db, &actor, self.today())
            .await
            .map_err(Into::into)
    }

    async fn study_item(&self, caller: &Caller, id: i64) -> Result<StudyItemView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::study::item(&self.db, &actor, id, self.today())
            .await
            .map_err(Into::into)
    }

    async fn save_study_progress(
        &self,
        caller: &Caller,
        id: i64,
        position: i64,
        percent: i64,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::study::save_progress(&self.db, &actor, id, position, percent)
            .await
            .map_err(Into::into)
    }

    async fn finish_study(&self, caller: &Caller, id: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::study::finish(&self.db, &actor, id, None, self.today())
            .await
            .map_err(Into::into)
    }

    async fn submit_quiz(
        &self,
        caller: &Caller,
        id: i64,
        answers: Vec<Vec<u8>>,
    ) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::study::finish(&self.db, &actor, id, Some(answers), self.today())
            .await
            .map_err(Into::into)
    }

    async fn admin_study(&self, caller: &Caller, edit: i64) -> Result<AdminStudyView, ErrorCode> {
        let actor = Actor::of(caller)?;
        crate::study::authoring::view(&self.db, &actor, edit)
            .await
            .map_err(Into::into)
    }

    async fn save_study_item(&self, caller: &Caller, draft: StudyDraft) -> Result<i64, AppError> {
        let actor = Actor::of(caller)?;
        crate::study::authoring::save(&self.db, &actor, draft)
            .await
            .map_err(Into::into)
    }

    async fn withdraw_study_item(&self, caller: &Caller, id: i64) -> Result<(), AppError> {
        let actor = Actor::of(caller)?;
        crate::study::authoring::withdraw(&self.db, &actor, id)
            .await
            .map_err(Into::into)
    }
}
