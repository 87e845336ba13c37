//! The in-app inbox: short messages with a link, and an unread count for the badge.

use crate::error::ServiceResult;
use app::inbox::Notice;

use crate::{storage::Db, with_pool};

/// Writes a message inside the caller's transaction, with the event that caused it.
pub trait InboxTx {
    fn notify(
        &mut self,
        account_id: domain::AccountId,
        title: &str,
        body: &str,
        link: &str,
    ) -> impl std::future::Future<Output = ServiceResult<()>> + Send;

    /// The same, to the account of a member (nothing when the member has none).
    fn notify_member(
        &mut self,
        member_id: domain::MemberId,
        title: &str,
        body: &str,
        link: &str,
    ) -> impl std::future::Future<Output = ServiceResult<()>> + Send;

    /// The same, to every officer account of an organization (its secretary, a committee's or
    /// the county's administrators).
    fn notify_admins_of(
        &mut self,
        org_id: domain::OrgId,
        title: &str,
        body: &str,
        link: &str,
    ) -> impl std::future::Future<Output = ServiceResult<()>> + Send;
}

macro_rules! impl_inbox_tx {
    ($db:ty) => {
        impl InboxTx for sqlx::Transaction<'static, $db> {
            async fn notify(
                &mut self,
                account_id: domain::AccountId,
                title: &str,
                body: &str,
                link: &str,
            ) -> ServiceResult<()> {
                sqlx::query(
                    "INSERT INTO notifications (account_id, title, body, link, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(account_id)
                .bind(title)
                .bind(body)
                .bind(link)
                .bind(crate::clock::now_rfc3339())
                .execute(&mut **self)
                .await?;
                Ok(())
            }

            async fn notify_member(
                &mut self,
                member_id: domain::MemberId,
                title: &str,
                body: &str,
                link: &str,
            ) -> ServiceResult<()> {
                sqlx::query(
                    "INSERT INTO notifications (account_id, title, body, link, created_at) \
                     SELECT id, $2, $3, $4, $5 FROM accounts WHERE member_id = $1",
                )
                .bind(member_id)
                .bind(title)
                .bind(body)
                .bind(link)
                .bind(crate::clock::now_rfc3339())
                .execute(&mut **self)
                .await?;
                Ok(())
            }

            async fn notify_admins_of(
                &mut self,
                org_id: domain::OrgId,
                title: &str,
                body: &str,
                link: &str,
            ) -> ServiceResult<()> {
                sqlx::query(
                    "INSERT INTO notifications (account_id, title, body, link, created_at) \
                     SELECT DISTINCT account_id, $2, $3, $4, $5 FROM account_roles WHERE scope_org_id = $1 \
                     AND role IN ('branch_admin', 'committee_admin', 'county_admin')",
                )
                .bind(org_id)
                .bind(title)
                .bind(body)
                .bind(link)
                .bind(crate::clock::now_rfc3339())
                .execute(&mut **self)
                .await?;
                Ok(())
            }
        }
    };
}

impl_inbox_tx!(sqlx::Sqlite);
impl_inbox_tx!(sqlx::Postgres);

pub async fn unread(db: &Db, account_id: domain::AccountId) -> ServiceResult<i64> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL")
            .bind(account_id)
            .fetch_one(pool)
            .await
            ?
    }))
}

/// The newest messages, then marks them read (opening the inbox is reading it).
pub async fn open(db: &Db, account_id: domain::AccountId) -> ServiceResult<Vec<Notice>> {
    #[derive(sqlx::FromRow)]
    struct NoticeRow {
        id: i64,
        title: String,
        body: String,
        link: String,
        created_at: String,
        read_at: Option<String>,
    }
    let rows: Vec<NoticeRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, title, body, link, created_at, read_at FROM notifications \
             WHERE account_id = $1 ORDER BY id DESC LIMIT 100",
        )
        .bind(account_id)
        .fetch_all(pool)
        .await
        ?
    });
    with_pool!(db, pool => {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL")
            .bind(crate::clock::now_rfc3339())
            .bind(account_id)
            .execute(pool)
            .await
            .map(|_| ())
            ?
    });
    Ok(rows
        .into_iter()
        .map(|r| Notice {
            id: r.id,
            title: r.title,
            body: r.body,
            link: r.link,
            at: r.created_at,
            unread: r.read_at.is_none(),
        })
        .collect())
}
