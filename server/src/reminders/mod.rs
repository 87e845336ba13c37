//! Daily reminders into the inbox: the morning ranking nudge, where the county's
//! policy allows it, the deadlines `domain::deadlines` computes (换届, 预备党员转正), and dues
//! (bills, month-end reminders, arrears warnings and flags; `dues`), and
//! organizational life (meetings due this period, and periods missed; `orglife`; with the
//! 重点警示 to committees, `alerts`), and tasks
//! near or past their deadline (`tasks`).
//! Whichever server instance claims the day first does the work (`job_runs`), so any number of
//! instances may run the schedule; a deadline's message carries a key so it reaches each person
//! once when it comes near and once when overdue.

use crate::error::ServiceResult;
mod alerts;
mod assistance;
mod deadlines;
mod dues;
mod nudges;
mod orglife;
mod tasks;

use std::{fmt, time::Duration};

use domain::Date;

use crate::{storage::Db, with_pool};

const JOB: &str = "daily_reminders";
/// Nudges are read in the morning ("该起床学习了"), so the day's run waits until 07:00 China time.
const FIRST_HOUR: u32 = 7;
const CHECK_EVERY: Duration = Duration::from_secs(300);

/// One inbox message to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub account_id: domain::AccountId,
    pub title: String,
    pub body: String,
    pub link: String,
    /// `None` for messages that belong to one day's run anyway (nudges).
    pub dedupe_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DailyReport {
    Done {
        nudges: usize,
        reminders: usize,
        /// Dues reminders, warnings and flags (`dues`).
        dues: usize,
        /// Organizational-life reminders to branches and warnings to committees.
        orglife: usize,
        /// Task reminders to recipients and overdue notes to committees.
        tasks: usize,
    },
    /// Another run (or instance) already did this day.
    AlreadyDone,
}

impl fmt::Display for DailyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DailyReport::Done {
                nudges,
                reminders,
                dues,
                orglife,
                tasks,
            } => {
                write!(
                    f,
                    "已发送排名提醒 {nudges} 条，期限提醒 {reminders} 条，党费提醒 {dues} 条，组织生活提醒 {orglife} 条，任务提醒 {tasks} 条"
                )
            }
            DailyReport::AlreadyDone => write!(f, "今天的提醒已经发送过"),
        }
    }
}

/// The day's reminders, once per day across all instances.
pub async fn run_daily(db: &Db, today: Date) -> ServiceResult<DailyReport> {
    // Bills and arrears deductions are idempotent on their own: any run may bring them up to date.
    dues::prepare(db, today).await?;
    if claimed(db, today).await? {
        return Ok(DailyReport::AlreadyDone);
    }
    let nudges = nudges::ranking_nudges(db, today).await?;
    let reminders = deadlines::deadline_reminders(db, today).await?;
    let dues = dues::messages(db, today).await?;
    // Village assistance is part of organizational life: counted with it.
    let mut orglife = orglife::orglife_reminders(db, today).await?;
    orglife.extend(assistance::assistance_reminders(db, today).await?);
    // Key warnings to committees are about organizational life and study: counted with it.
    orglife.extend(alerts::key_warnings(db, today).await?);
    let tasks = tasks::task_reminders(db, today).await?;
    let day = today.to_string();
    let now = crate::clock::now_rfc3339();
    let written = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let claim = sqlx::query(
            "INSERT INTO job_runs (job, day, finished_at) VALUES ($1, $2, $3) \
             ON CONFLICT (job, day) DO NOTHING",
        )
        .bind(JOB)
        .bind(&day)
        .bind(&now)
        .execute(&mut *tx)
        .await
        ?;
        if claim.rows_affected() == 0 {
            return Ok(DailyReport::AlreadyDone);
        }
        let mut counts = [0usize; 5];
        for (i, batch) in [&nudges, &reminders, &dues, &orglife, &tasks].into_iter().enumerate() {
            for chunk in batch.chunks(500) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO notifications (account_id, title, body, link, created_at, dedupe_key) ",
                );
                q.push_values(chunk, |mut row, m| {
                    row.push_bind(m.account_id)
                        .push_bind(&m.title)
                        .push_bind(&m.body)
                        .push_bind(&m.link)
                        .push_bind(&now)
                        .push_bind(&m.dedupe_key);
                });
                q.push(" ON CONFLICT (account_id, dedupe_key) DO NOTHING");
                let written = q.build().execute(&mut *tx).await?.rows_affected();
                if let Some(n) = counts.get_mut(i) {
                    *n += usize::try_from(written).unwrap_or(usize::MAX);
                }
            }
        }
        tx.commit().await?;
        counts
    });
    // Housekeeping once a day, by the instance that claimed it.
    crate::auth::purge_expired(db).await?;
    crate::api_tokens::purge_old_uses(db, crate::auth::now_epoch()).await?;
    tracing::info!(day = %day, nudges = written[0], reminders = written[1], dues = written[2], orglife = written[3], tasks = written[4], "daily reminders sent");
    Ok(DailyReport::Done {
        nudges: written[0],
        reminders: written[1],
        dues: written[2],
        orglife: written[3],
        tasks: written[4],
    })
}

async fn claimed(db: &Db, today: Date) -> ServiceResult<bool> {
    let n: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM job_runs WHERE job = $1 AND day = $2")
            .bind(JOB)
            .bind(today.to_string())
            .fetch_one(pool)
            .await
            ?
    });
    Ok(n > 0)
}

/// Runs for the life of the server: every few minutes, once the morning has come in China,
/// sends the day's reminders unless some instance already has.
pub async fn schedule(
    db: Db,
    payments: crate::dues::gateway::Payments,
    files: crate::files::SharedFileStore,
) {
    loop {
        // Online payments whose notification never came are settled by asking the provider.
        if let Err(e) = crate::dues::payments::reconcile(
            &db,
            &payments,
            crate::dues::payments::Pending::All,
            crate::clock::today_china(),
        )
        .await
        {
            tracing::warn!(error = ?e, "payment reconciliation failed; retrying later");
        }
        if crate::clock::china_hour() >= FIRST_HOUR {
            match run_daily(&db, crate::clock::today_china()).await {
                // The instance that did the day also clears the file store of what nothing uses.
                Ok(DailyReport::Done { .. }) => {
                    if let Err(e) = crate::files::uploads::purge_orphans(&db, files.as_ref()).await
                    {
                        tracing::warn!(error = ?e, "orphaned uploads not purged; retrying tomorrow");
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "daily reminders failed; retrying later"),
            }
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}

/// (organization, account) for every account that manages an organization directly: its
/// secretary or admins — the county's admins for the county root.
pub async fn admins_of(db: &Db) -> ServiceResult<Vec<(domain::OrgId, domain::AccountId)>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT DISTINCT scope_org_id, account_id FROM account_roles \
             WHERE role IN ('branch_admin', 'committee_admin', 'county_admin') \
             ORDER BY account_id, scope_org_id",
        )
        .fetch_all(pool)
        .await
        ?
    }))
}
