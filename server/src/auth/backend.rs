use app::{
    assistance::{AssistanceView, TeamDetail, TeamDraft, TeamEdit},
    auth::SessionUser,
    backend::{Backend, LoginOk},
    dues::{AdminDuesView, DuesCommand, LedgerView, MyDuesView},
    error::AppError,
    inbox::Notice,
    members::{MemberPatch, MemberView},
    notices::{NoticesView, TodoView},
    orglife::{
        ComplianceView, MeetingCommand, MeetingDetail, MeetingDraft, OrgLifeView, ReviewQueue,
    },
    orgs::OrgView,
    rankings::{MyStanding, RankingsView},
    study::{AdminStudyView, StudyDraft, StudyItemView, StudyListView},
    suggestions::SuggestionsView,
};
use domain::{points::LedgerEntry, ranking::VisibilityPolicy, Date, ErrorCode, Mobile, Role};

use super::{
    password,
    session::{new_token, now_epoch, token_hash},
    throttle,
};
use crate::{
    access::Actor,
    members::{self, service::EditError},
    orgs,
    storage::{internal, Db},
    trail::{
        records::{to_json, AccountRecord},
        Change, TrailTx,
    },
    with_pool,
};

const ACCOUNT_RECORD: &str = "SELECT id, member_id, mobile, display_name, password_hash, role, \
    scope_org_id, must_change_password, created_at FROM accounts WHERE id = $1";

pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;

pub struct DbBackend {
    db: Db,
    secure_cookies: bool,
    public_origin: Option<String>,
    /// Argon2 takes ~19 MiB and tens of milliseconds per check: bound how many run at once so
    /// a flood of login attempts queues instead of exhausting memory.
    hashing: tokio::sync::Semaphore,
    boards: crate::rankings::BoardCache,
    payments: crate::dues::provider::Payments,
}

impl DbBackend {
    pub fn new(
        db: Db,
        config: &crate::config::Config,
        payments: crate::dues::provider::Payments,
    ) -> Self {
        let slots = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        Self {
            db,
            secure_cookies: config.secure_cookies,
            public_origin: config.public_origin.clone(),
            hashing: tokio::sync::Semaphore::new(slots),
            boards: crate::rankings::BoardCache::default(),
            payments,
        }
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    display_name: String,
    password_hash: String,
    role: String,
    scope_org_id: i64,
    must_change_password: i64,
    scope_org_name: String,
    member_id: Option<i64>,
}

const ACCOUNT_SELECT: &str = "SELECT a.id, a.display_name, a.password_hash, a.role, \
    a.scope_org_id, a.must_change_password, o.name AS scope_org_name, a.member_id \
    FROM accounts a JOIN organizations o ON o.id = a.scope_org_id";

fn session_user(row: AccountRow) -> Result<SessionUser, ErrorCode> {
    Ok(SessionUser {
        account_id: row.id,
        name: row.display_name,
        role: Role::parse(&row.role)?,
        scope_org_id: row.scope_org_id,
        scope_org_name: row.scope_org_name,
        member_id: row.member_id,
        must_change_password: row.must_change_password != 0,
    })
}

#[async_trait::async_trait]
impl Backend for DbBackend {
    async fn login(
        &self,
        mobile: &str,
        password_input: &str,
        client: &str,
    ) -> Result<LoginOk, AppError> {
        let mobile = Mobile::parse(mobile)?;
        let now = now_epoch();
        let account_key = format!("m:{}", mobile.as_str());
        // An unknown peer (no socket address) is not one client: throttle by account only.
        let client_key = (client != "unknown").then(|| format!("ip:{client}"));
        let keys: Vec<String> = std::iter::once(account_key.clone())
            .chain(client_key.clone())
            .collect();
        if let Some(until) = throttle::locked_until(&self.db, &keys, now)
            .await
            .map_err(internal)?
        {
            tracing::info!(mobile = %mobile.masked(), client, "login throttled");
            return Err(AppError::Throttled {
                retry_after_minutes: ((until - now) + 59) / 60,
            });
        }
        let row: Option<AccountRow> = with_pool!(&self.db, pool => {
            sqlx::query_as(&format!("{ACCOUNT_SELECT} WHERE a.mobile = $1"))
            .bind(mobile.as_str())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
        });
        // Verify against a real hash even for unknown numbers, so timing does not reveal
        // which mobile numbers have accounts.
        let stored = row
            .as_ref()
            .map(|r| r.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let input = password_input.to_string();
        let _slot = self.hashing.acquire().await.map_err(internal)?;
        let ok = tokio::task::spawn_blocking(move || password::verify(&input, &stored))
            .await
            .map_err(internal)?;
        let Some(row_for_session) = row.filter(|_| ok) else {
            tracing::info!(mobile = %mobile.masked(), client, "login failed");
            throttle::record_failure(&self.db, &account_key, throttle::ACCOUNT_LIMIT, now)
                .await
                .map_err(internal)?;
            if let Some(key) = &client_key {
                throttle::record_failure(&self.db, key, throttle::CLIENT_LIMIT, now)
                    .await
                    .map_err(internal)?;
            }
            return Err(ErrorCode::InvalidCredentials.into());
        };
        throttle::clear(&self.db, &account_key)
            .await
            .map_err(internal)?;
        let account_id = row_for_session.id;
        let token = new_token();
        with_pool!(&self.db, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash(&token))
                .bind(account_id)
                .bind(now.to_string())
                .bind(now + SESSION_SECONDS)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(internal)?
        });
        tracing::info!(account_id, client, "login");
        Ok(LoginOk {
            token,
            user: session_user(row_for_session)?,
        })
    }

    async fn change_password(
        &self,
        account_id: i64,
        current: &str,
        new: &str,
    ) -> Result<(), ErrorCode> {
        let stored: String = with_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(pool)
                .await
                .map_err(internal)?
        });
        let (current, new) = (current.to_string(), new.to_string());
        let _slot = self.hashing.acquire().await.map_err(internal)?;
        let hash = tokio::task::spawn_blocking(move || {
            password::verify(&current, &stored).then(|| password::hash(&new))
        })
        .await
        .map_err(internal)?
        .ok_or(ErrorCode::InvalidCredentials)?;
        with_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(internal)?;
            tx.lock().await.map_err(internal)?;
            let before: AccountRecord = sqlx::query_as(ACCOUNT_RECORD)
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(internal)?;
            let after = AccountRecord {
                password_hash: hash,
                must_change_password: 0,
                ..before.clone()
            };
            sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = 0 WHERE id = $2")
                .bind(&after.password_hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            tx.append(Change {
                actor: Some(account_id),
                action: "account.password",
                entity: "accounts",
                entity_id: Some(account_id.to_string()),
                before: Some(to_json(&before)),
                after: Some(to_json(&after)),
            })
            .await
            .map_err(internal)?;
            tx.commit().await.map_err(internal)?
        });
        tracing::info!(account_id, "password changed");
        Ok(())
    }

    async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, ErrorCode> {
        let row: Option<AccountRow> = with_pool!(&self.db, pool => {
            sqlx::query_as(&format!(
                "{ACCOUNT_SELECT} JOIN sessions s ON s.account_id = a.id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2"
            ))
            .bind(token_hash(token))
            .bind(now_epoch())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
        });
        row.map(session_user).transpose()
    }

    async fn logout(&self, token: &str) -> Result<(), ErrorCode> {
        with_pool!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(token))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(internal)?
        });
        Ok(())
    }

    async fn points_ledger(
        &self,
        account_id: i64,
        from: Date,
    ) -> Result<Vec<LedgerEntry>, ErrorCode> {
        crate::points::ledger_of_account(&self.db, account_id, from).await
    }

    async fn member_view(&self, account_id: i64, member_id: i64) -> Result<MemberView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        members::service::view(&self.db, &actor, member_id).await
    }

    async fn update_member(
        &self,
        account_id: i64,
        member_id: i64,
        patch: MemberPatch,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        match members::service::edit(&self.db, &actor, member_id, &patch).await {
            Ok(_) => Ok(()),
            Err(EditError::Code(ErrorCode::MobileTaken)) => Err(AppError::Field {
                label: app::members::field_label("mobile").to_string(),
                code: ErrorCode::MobileTaken,
            }),
            Err(EditError::Code(code)) => Err(code.into()),
            Err(EditError::Field(f)) => Err(AppError::Field {
                label: app::members::field_label(f.field).to_string(),
                code: f.code,
            }),
        }
    }

    async fn org_view(
        &self,
        account_id: i64,
        org_id: Option<i64>,
        page: i64,
    ) -> Result<OrgView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        orgs::service::overview(&self.db, &actor, org_id, page).await
    }

    async fn rankings(&self, account_id: i64, full: bool) -> Result<RankingsView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::rankings::boards::view(&self.db, &self.boards, &actor, self.today().year(), full)
            .await
    }

    async fn my_standing(&self, account_id: i64) -> Result<Option<MyStanding>, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::rankings::boards::my_standing(&self.db, &self.boards, &actor, self.today()).await
    }

    async fn set_visibility(
        &self,
        account_id: i64,
        policy: VisibilityPolicy,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::settings::set_visibility(&self.db, &actor, &policy).await
    }

    async fn notices(&self, account_id: i64) -> Result<NoticesView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::notices::view(&self.db, &actor).await
    }

    async fn post_notice(
        &self,
        account_id: i64,
        org_id: i64,
        title: &str,
        body: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::notices::post(&self.db, &actor, org_id, title, body)
            .await
            .map(|_| ())
    }

    async fn my_dues(
        &self,
        account_id: i64,
        paid: Option<String>,
    ) -> Result<MyDuesView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::dues::mine::view(
            &self.db,
            &self.payments,
            &actor,
            paid.as_deref(),
            self.today(),
        )
        .await
    }

    async fn submit_dues_base(
        &self,
        account_id: i64,
        category: &str,
        base: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::dues::bases::submit(&self.db, &actor, category, base, self.today()).await
    }

    async fn admin_dues(&self, account_id: i64) -> Result<AdminDuesView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::dues::admin::view(&self.db, &actor).await
    }

    async fn dues_admin(&self, account_id: i64, command: DuesCommand) -> Result<(), AppError> {
        use crate::dues::{admin, bases, hardship, pay};
        let actor = Actor::from_account(&self.db, account_id).await?;
        let (db, today) = (&self.db, self.today());
        match command {
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
                pay::record_cash(db, &actor, member_id, through, today).await
            }
            DuesCommand::ProposeHardship {
                member_id,
                kind,
                monthly,
                reason,
            } => hardship::propose(db, &actor, member_id, &kind, &monthly, &reason).await,
            DuesCommand::DecideHardship { id, approve, note } => {
                hardship::decide(db, &actor, id, approve, &note, today).await
            }
            DuesCommand::NoteArrears { member_id, reason } => {
                admin::note_arrears(db, &actor, member_id, &reason).await
            }
            DuesCommand::SetQuarterly { allowed } => {
                admin::set_quarterly(db, &actor, allowed).await
            }
        }
    }

    async fn dues_ledger(
        &self,
        account_id: i64,
        org_id: Option<i64>,
        year: Option<i32>,
    ) -> Result<LedgerView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        let year = year.unwrap_or(self.today().year());
        crate::dues::ledger::view(&self.db, &actor, org_id, year).await
    }

    async fn assistance(
        &self,
        account_id: i64,
        month: Option<String>,
    ) -> Result<AssistanceView, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::assistance::overview(&self.db, &actor, month, self.today()).await
    }

    async fn station_team(&self, account_id: i64, draft: TeamDraft) -> Result<i64, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::assistance::station(&self.db, &actor, draft, self.today()).await
    }

    async fn assistance_team(&self, account_id: i64, id: i64) -> Result<TeamDetail, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::assistance::detail(&self.db, &actor, id, self.today()).await
    }

    async fn update_team(
        &self,
        account_id: i64,
        id: i64,
        edit: TeamEdit,
    ) -> Result<bool, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::assistance::edit::update(&self.db, &actor, id, edit, self.today()).await
    }

    async fn write_summary(
        &self,
        account_id: i64,
        team_id: i64,
        month: String,
        content: String,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::assistance::write_summary(&self.db, &actor, team_id, &month, &content, self.today())
            .await
    }

    async fn org_life(&self, account_id: i64) -> Result<OrgLifeView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::orglife::overview(&self.db, &actor).await
    }

    async fn meeting(
        &self,
        account_id: i64,
        id: i64,
        site: &str,
    ) -> Result<MeetingDetail, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::orglife::record::detail(&self.db, &actor, id, site).await
    }

    async fn meeting_command(
        &self,
        account_id: i64,
        command: MeetingCommand,
    ) -> Result<i64, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::orglife::command(&self.db, &actor, command).await
    }

    async fn review_queue(
        &self,
        account_id: i64,
        kind: Option<String>,
        branch: Option<i64>,
        min_days: i64,
    ) -> Result<ReviewQueue, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        let kind = kind
            .filter(|k| !k.is_empty())
            .map(|k| domain::orglife::MeetingKind::parse(&k))
            .transpose()
            .map_err(|_| ErrorCode::BadRequest)?;
        Ok(crate::orglife::review::queue(&self.db, &actor, kind, branch, min_days).await?)
    }

    async fn compliance(
        &self,
        account_id: i64,
        detail: Option<i64>,
    ) -> Result<ComplianceView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::orglife::compliance::overview(&self.db, &actor, detail).await
    }

    async fn set_orglife_rules(
        &self,
        account_id: i64,
        rules: domain::orglife::OrgLifeRules,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::settings::set_orglife_rules(&self.db, &actor, &rules, self.today()).await
    }

    async fn plan_meeting(&self, account_id: i64, draft: MeetingDraft) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::orglife::plan(&self.db, &actor, draft)
            .await
            .map(|_| ())
    }

    async fn todo(&self, account_id: i64) -> Result<TodoView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::notices::todo(&self.db, &actor).await
    }

    async fn suggestions(&self, account_id: i64) -> Result<SuggestionsView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::suggestions::view(&self.db, &actor).await
    }

    async fn submit_suggestion(
        &self,
        account_id: i64,
        to: &str,
        title: &str,
        body: &str,
        photo: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::suggestions::submit(&self.db, &actor, to, title, body, photo)
            .await
            .map(|_| ())
    }

    async fn handle_suggestion(
        &self,
        account_id: i64,
        id: i64,
        verb: &str,
        reply: &str,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::suggestions::handle(&self.db, &actor, id, verb, reply, self.today()).await
    }

    async fn study_list(&self, account_id: i64) -> Result<StudyListView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::list(&self.db, &actor, self.today()).await
    }

    async fn study_item(&self, account_id: i64, id: i64) -> Result<StudyItemView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::item(&self.db, &actor, id, self.today()).await
    }

    async fn save_study_progress(
        &self,
        account_id: i64,
        id: i64,
        position: i64,
        percent: i64,
    ) -> Result<(), ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::save_progress(&self.db, &actor, id, position, percent).await
    }

    async fn finish_study(&self, account_id: i64, id: i64) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::finish(&self.db, &actor, id, None, self.today()).await
    }

    async fn submit_quiz(
        &self,
        account_id: i64,
        id: i64,
        answers: Vec<Vec<u8>>,
    ) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::finish(&self.db, &actor, id, Some(answers), self.today()).await
    }

    async fn admin_study(&self, account_id: i64, edit: i64) -> Result<AdminStudyView, ErrorCode> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::authoring::view(&self.db, &actor, edit).await
    }

    async fn save_study_item(&self, account_id: i64, draft: StudyDraft) -> Result<i64, AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::authoring::save(&self.db, &actor, draft).await
    }

    async fn withdraw_study_item(&self, account_id: i64, id: i64) -> Result<(), AppError> {
        let actor = Actor::from_account(&self.db, account_id).await?;
        crate::study::authoring::withdraw(&self.db, &actor, id).await
    }

    async fn inbox(&self, account_id: i64) -> Result<Vec<Notice>, ErrorCode> {
        crate::inbox::open(&self.db, account_id).await
    }

    async fn unread(&self, account_id: i64) -> Result<i64, ErrorCode> {
        crate::inbox::unread(&self.db, account_id).await
    }

    fn today(&self) -> Date {
        crate::clock::today_china()
    }

    fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    fn site_origin(&self, host: Option<&str>) -> String {
        if let Some(origin) = &self.public_origin {
            return origin.clone();
        }
        let scheme = if self.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{}", host.unwrap_or("127.0.0.1"))
    }
}

static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password::hash("not a real password"));
