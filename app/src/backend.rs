//! What server functions need from the server, as a trait: `app` cannot depend on `server`
//! (the server depends on `app`), so the server implements this and provides it as context.
//! Server functions stay thin: read the session, check permission, call this.

use std::sync::Arc;

use domain::{points::LedgerEntry, Date, ErrorCode};

use crate::assistance::{AssistanceView, TeamDetail, TeamDraft, TeamEdit};
use crate::auth::SessionUser;
use crate::dues::{AdminDuesView, DuesCommand, LedgerView, MyDuesView};
use crate::error::AppError;
use crate::inbox::Notice;
use crate::members::{MemberPatch, MemberView};
use crate::notices::{NoticesView, TodoView};
use crate::orglife::{
    ComplianceView, MeetingCommand, MeetingDetail, MeetingDraft, OrgLifeView, ReviewQueue,
};
use crate::orgs::OrgView;
use crate::rankings::{MyStanding, RankingsView};
use crate::study::{AdminStudyView, StudyDraft, StudyItemView, StudyListView};
use crate::suggestions::SuggestionsView;
use domain::ranking::VisibilityPolicy;

pub struct LoginOk {
    pub token: String,
    pub user: SessionUser,
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    /// Checks the password and opens a session.
    async fn login(&self, mobile: &str, password: &str, client: &str) -> Result<LoginOk, AppError>;
    /// Replaces the password (already checked against the policy) after verifying the current
    /// one, and clears the one-time-password flag.
    async fn change_password(
        &self,
        account_id: i64,
        current: &str,
        new: &str,
    ) -> Result<(), ErrorCode>;
    async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, ErrorCode>;
    async fn logout(&self, token: &str) -> Result<(), ErrorCode>;
    /// The account's own points ledger from `from` on (the member's, never anyone else's).
    async fn points_ledger(
        &self,
        account_id: i64,
        from: Date,
    ) -> Result<Vec<LedgerEntry>, ErrorCode>;
    /// A member's file with its history, if this account may see it.
    async fn member_view(&self, account_id: i64, member_id: i64) -> Result<MemberView, ErrorCode>;
    /// Changes a member's file, if this account may; field errors name the field.
    async fn update_member(
        &self,
        account_id: i64,
        member_id: i64,
        patch: MemberPatch,
    ) -> Result<(), AppError>;
    /// An organization (default: the account's scope) with its children and a roster page.
    async fn org_view(
        &self,
        account_id: i64,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode>;
    /// The ranking boards this account may see under the county's visibility policy.
    async fn rankings(&self, account_id: i64, full: bool) -> Result<RankingsView, ErrorCode>;
    /// The account's own standing for the home screen (`None` without a member file).
    async fn my_standing(&self, account_id: i64) -> Result<Option<MyStanding>, ErrorCode>;
    /// Sets the county's visibility policy (county administrators only).
    async fn set_visibility(
        &self,
        account_id: i64,
        policy: VisibilityPolicy,
    ) -> Result<(), ErrorCode>;
    async fn suggestions(&self, account_id: i64) -> Result<SuggestionsView, ErrorCode>;
    /// Notices for this account, and where it may post.
    async fn notices(&self, account_id: i64) -> Result<NoticesView, ErrorCode>;
    async fn post_notice(
        &self,
        account_id: i64,
        org_id: i64,
        title: &str,
        body: &str,
    ) -> Result<(), AppError>;
    /// The home screen's "what needs me".
    async fn todo(&self, account_id: i64) -> Result<TodoView, ErrorCode>;
    async fn submit_suggestion(
        &self,
        account_id: i64,
        to: &str,
        title: &str,
        body: &str,
        photo: &str,
    ) -> Result<(), AppError>;
    async fn handle_suggestion(
        &self,
        account_id: i64,
        id: i64,
        verb: &str,
        reply: &str,
    ) -> Result<(), AppError>;
    /// Study material published to the account's organization, with its progress.
    async fn study_list(&self, account_id: i64) -> Result<StudyListView, ErrorCode>;
    async fn study_item(&self, account_id: i64, id: i64) -> Result<StudyItemView, ErrorCode>;
    async fn save_study_progress(
        &self,
        account_id: i64,
        id: i64,
        position: i64,
        percent: i64,
    ) -> Result<(), ErrorCode>;
    /// Marks an article or video finished and books its points (once per item).
    async fn finish_study(&self, account_id: i64, id: i64) -> Result<(), AppError>;
    /// Scores a quiz and books its points (once per quiz).
    async fn submit_quiz(
        &self,
        account_id: i64,
        id: i64,
        answers: Vec<Vec<u8>>,
    ) -> Result<(), AppError>;
    async fn admin_study(&self, account_id: i64, edit: i64) -> Result<AdminStudyView, ErrorCode>;
    /// Creates or changes an item; returns its id.
    async fn save_study_item(&self, account_id: i64, draft: StudyDraft) -> Result<i64, AppError>;
    async fn withdraw_study_item(&self, account_id: i64, id: i64) -> Result<(), AppError>;
    /// The inbox, newest first; opening it marks the messages read.
    async fn inbox(&self, account_id: i64) -> Result<Vec<Notice>, ErrorCode>;
    async fn unread(&self, account_id: i64) -> Result<i64, ErrorCode>;
    /// My dues; `paid` is an order the member comes back from (checked with the provider).
    async fn my_dues(&self, account_id: i64, paid: Option<String>)
        -> Result<MyDuesView, ErrorCode>;
    async fn submit_dues_base(
        &self,
        account_id: i64,
        category: &str,
        base: &str,
    ) -> Result<(), AppError>;
    async fn admin_dues(&self, account_id: i64) -> Result<AdminDuesView, ErrorCode>;
    async fn dues_admin(&self, account_id: i64, command: DuesCommand) -> Result<(), AppError>;
    async fn dues_ledger(
        &self,
        account_id: i64,
        org_id: Option<i64>,
        year: Option<i32>,
    ) -> Result<LedgerView, ErrorCode>;
    /// Meetings coming up for this account, and the branches it may plan for.
    async fn org_life(&self, account_id: i64) -> Result<OrgLifeView, ErrorCode>;
    async fn plan_meeting(&self, account_id: i64, draft: MeetingDraft) -> Result<(), AppError>;
    /// One meeting's record, as this account may see it; `site` is the address members open
    /// (`https://dj.example.cn`), which the sign-in QR code carries.
    async fn meeting(
        &self,
        account_id: i64,
        id: i64,
        site: &str,
    ) -> Result<MeetingDetail, ErrorCode>;
    /// Sign-in, leave, attendance, minutes, submission or review; the meeting's id.
    async fn meeting_command(
        &self,
        account_id: i64,
        command: MeetingCommand,
    ) -> Result<i64, AppError>;
    /// Records waiting for this reviewer: kind code, branch id, at least `min_days` waiting.
    async fn review_queue(
        &self,
        account_id: i64,
        kind: Option<String>,
        branch: Option<i64>,
        min_days: i64,
    ) -> Result<ReviewQueue, AppError>;
    /// Required vs held meetings per branch this year, with one branch's drill-down.
    async fn compliance(
        &self,
        account_id: i64,
        detail: Option<i64>,
    ) -> Result<ComplianceView, ErrorCode>;
    /// Sets the meetings every branch must hold and how often (county administrators only).
    async fn set_orglife_rules(
        &self,
        account_id: i64,
        rules: domain::orglife::OrgLifeRules,
    ) -> Result<(), ErrorCode>;
    /// Village-assistance teams this account is on or oversees, with `month`'s reports.
    async fn assistance(
        &self,
        account_id: i64,
        month: Option<String>,
    ) -> Result<AssistanceView, AppError>;
    /// Stations a team; its id.
    async fn station_team(&self, account_id: i64, draft: TeamDraft) -> Result<i64, AppError>;
    async fn assistance_team(&self, account_id: i64, id: i64) -> Result<TeamDetail, ErrorCode>;
    /// Changes a team's name, village, people or withdrawal day; whether anything changed.
    async fn update_team(&self, account_id: i64, id: i64, edit: TeamEdit)
        -> Result<bool, AppError>;
    async fn write_summary(
        &self,
        account_id: i64,
        team_id: i64,
        month: String,
        content: String,
    ) -> Result<(), AppError>;
    /// Today where the county is (China Standard Time).
    fn today(&self) -> Date;
    /// Whether cookies must be `Secure` (`__Host-` prefix): the site is served over HTTPS.
    fn secure_cookies(&self) -> bool;
    /// The site's address as members' phones reach it: the configured public origin, else the
    /// scheme this deployment serves and the request's `Host`.
    fn site_origin(&self, host: Option<&str>) -> String;
}

pub type SharedBackend = Arc<dyn Backend>;

pub fn backend() -> Result<SharedBackend, ErrorCode> {
    leptos::prelude::use_context::<SharedBackend>().ok_or(ErrorCode::Internal)
}
