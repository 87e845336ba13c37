//! Notices (通知公告): a branch secretary, a committee or the county posts to the members of an
//! organization subtree — a flowing branch to its members wherever they work. Each post is an
//! event in the record trail and a message in every reader's inbox, in one transaction.

use crate::error::ServiceResult;
use app::notices::{ConversionWaiting, NoticeView, NoticesView, TodoView};
use domain::{
    access::{Action, Reach},
    ErrorCode,
};

use crate::{
    access::Actor,
    forms::text,
    storage::Db,
    trail::{
        records::{to_json, NoticeRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// A reader sees what was posted to their home organization or above; a poster also sees
/// everything posted inside their scope. Newest first, at most `limit`.
/// `home` is the reader's `study::home_path`.
async fn visible(
    db: &Db,
    actor: &Actor,
    home: &domain::OrgPath,
    limit: i64,
) -> ServiceResult<Vec<NoticeView>> {
    // `LIKE ''` matches no path: readers who may not post see only what is addressed to them.
    let inside = if actor.may(Action::PostNotice, Reach::ScopeRoot) {
        actor.scope_path.like_prefix()
    } else {
        String::new()
    };
    // Addressed to my organization or one above it: its path is one of my path's prefixes
    // (`/1/`, `/1/4/`, `/1/4/23/`), matched exactly so the index serves it.
    let ancestors = home.ancestors();
    let listed = if ancestors.is_empty() {
        "NULL".to_string()
    } else {
        (0..ancestors.len())
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT n.id, o.name AS org_name, n.title, n.body, n.created_at FROM notices n \
         JOIN organizations o ON o.id = n.org_id \
         WHERE n.audience_path IN ({listed}) OR n.audience_path LIKE $1 \
         ORDER BY n.id DESC LIMIT $2"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        org_name: String,
        title: String,
        body: String,
        created_at: String,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        let mut q = sqlx::query_as(&sql).bind(&inside).bind(limit);
        for a in &ancestors {
            q = q.bind(a.as_str());
        }
        q.fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|r| NoticeView {
            id: r.id,
            org_name: r.org_name,
            title: r.title,
            body: r.body,
            at: crate::clock::china_minute_of(&r.created_at),
        })
        .collect())
}

pub async fn view(db: &Db, actor: &Actor) -> ServiceResult<NoticesView> {
    let audiences = if actor.may(Action::PostNotice, Reach::ScopeRoot) {
        crate::orgs::own_and_children(db, actor.scope_org_id)
            .await?
            .into_iter()
            .map(|(id, name)| (id.get(), name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(NoticesView {
        notices: visible(db, actor, &crate::study::home_path(db, actor).await?, 50).await?,
        audiences,
    })
}

/// Posts a notice to `org_id`'s subtree; returns its id.
pub async fn post(
    db: &Db,
    actor: &Actor,
    org_id: domain::OrgId,
    title: &str,
    body: &str,
) -> ServiceResult<i64> {
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::PostNotice, actor.reach_org(&org.path))?;
    let title = text("title", title, 2, 50)?;
    let body = text("body", body, 2, 2000)?;
    let mut record = NoticeRecord {
        id: 0,
        org_id,
        audience_path: org.path.clone(),
        title,
        body,
        author_account_id: actor.account_id,
        created_at: crate::clock::now_rfc3339(),
    };
    let (id, readers) = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        record.id = sqlx::query_scalar(
            "INSERT INTO notices (org_id, audience_path, title, body, author_account_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(record.org_id)
        .bind(&record.audience_path)
        .bind(&record.title)
        .bind(&record.body)
        .bind(record.author_account_id)
        .bind(&record.created_at)
        .fetch_one(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "notice.post",
            entity: "notices",
            entity_id: Some(record.id.to_string()),
            before: None,
            after: Some(to_json(&record)),
        })
        .await
        ?;
        // Members by their branch, staff accounts by their scope; not the poster.
        let readers = sqlx::query(
            "INSERT INTO notifications (account_id, title, body, link, created_at) \
             SELECT a.id, $1, $2, $3, $4 FROM accounts a \
             LEFT JOIN members m ON m.id = a.member_id \
             JOIN organizations o ON o.id = COALESCE(m.org_id, a.scope_org_id) \
             WHERE o.path LIKE $5 AND a.id <> $6 AND COALESCE(m.standing, 'active') = 'active'",
        )
        .bind(format!("{}通知", org.name))
        .bind(&record.title)
        .bind(format!("/notices#n{}", record.id))
        .bind(&record.created_at)
        .bind(org.path.like_prefix())
        .bind(actor.account_id)
        .execute(&mut *tx)
        .await
        ?
        .rows_affected();
        tx.commit().await?;
        (record.id, readers)
    });
    tracing::info!(
        account_id = %actor.account_id,
        notice_id = id,
        org_id = %org_id,
        readers,
        "notice posted"
    );
    Ok(id)
}

/// "What needs me" on the home screen.
pub async fn todo(db: &Db, actor: &Actor, today: domain::Date) -> ServiceResult<TodoView> {
    let home = crate::study::home_path(db, actor).await?;
    let (without_secretary, without_secretary_first) = if actor.role.is_admin() {
        crate::orgs::without_secretary(db, &actor.scope_path, 10).await?
    } else {
        (0, Vec::new())
    };
    let conversions = crate::members::probation::waiting(db, actor, 10)
        .await?
        .into_iter()
        .map(|w| ConversionWaiting {
            member_id: w.member_id.get(),
            name: w.name,
            org_name: w.org_name,
            meeting_on: w.meeting_on,
        })
        .collect();
    Ok(TodoView {
        without_secretary,
        without_secretary_first,
        conversions,
        unread: crate::inbox::unread(db, actor.account_id).await?,
        study_left: crate::study::unfinished(db, actor, &home).await?,
        notices: visible(db, actor, &home, 3).await?,
        dues_due: crate::dues::mine::due(db, actor).await?,
        meetings: crate::orglife::coming_up(db, &home).await?,
        tasks: crate::tasks::view::todo(db, actor, today).await?,
        tasks_to_review: i64::try_from(
            crate::tasks::view::to_review(db, actor, today).await?.len(),
        )
        .unwrap_or(i64::MAX),
    })
}
