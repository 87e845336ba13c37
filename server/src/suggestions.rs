//! Suggestions (意见建议): a member writes to their branch or committee; administrators in
//! scope reply, forward upward, or adopt — adoption books points through the rules. Every step
//! is in the record trail, and the author hears of it in the inbox.

use crate::error::{ServiceError, ServiceResult};
use app::suggestions::{SuggestionView, SuggestionsView};
use domain::{
    access::Action,
    points::Activity,
    suggestion::{Handling, SuggestionStatus},
    Date, ErrorCode, Role,
};

use crate::{
    access::Actor,
    forms::text,
    inbox::InboxTx,
    points::PointsTx,
    storage::Db,
    trail::{
        records::{to_json, SuggestionRecord, SUGGESTION_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    body: String,
    status: SuggestionStatus,
    org_name: String,
    reply: Option<String>,
    points_awarded: i64,
    created_at: String,
    author_name: String,
    photo_key: Option<String>,
}

const VIEW_SELECT: &str = "SELECT s.id, s.title, s.body, s.status, o.name AS org_name, s.reply, \
    s.points_awarded, s.created_at, m.name AS author_name, s.photo_key FROM suggestions s \
    JOIN organizations o ON o.id = s.org_id JOIN members m ON m.id = s.author_member_id";

fn to_view(r: Row) -> SuggestionView {
    SuggestionView {
        id: r.id,
        title: r.title,
        body: r.body,
        status_label: r.status.label_zh().to_string(),
        status: r.status,
        org_name: r.org_name,
        author_name: r.author_name,
        reply: r.reply,
        points_awarded: r.points_awarded,
        created_at: r.created_at,
        photo: r.photo_key.map(|key| format!("/files/{key}")),
    }
}

/// The photo a form names (`/files/suggestion/…` from the upload), checked to be the member's
/// own upload for a suggestion; `None` when the form has none.
async fn photo_key(db: &Db, actor: &Actor, photo: &str) -> ServiceResult<Option<String>> {
    let photo = photo.trim();
    if photo.is_empty() {
        return Ok(None);
    }
    let invalid = || ServiceError::field("photo", ErrorCode::InvalidImage);
    let key = photo.strip_prefix("/files/").ok_or_else(invalid)?;
    let found: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM uploads WHERE key = $1 AND purpose = 'suggestion' AND uploaded_by = $2",
        )
            .bind(key)
            .bind(actor.account_id)
            .fetch_one(pool)
            .await
            ?
    });
    if found == 0 {
        return Err(invalid());
    }
    Ok(Some(key.to_string()))
}

/// The member's branch, and the organization above it.
#[derive(sqlx::FromRow)]
struct MemberOrg {
    id: domain::OrgId,
    name: String,
    parent_id: Option<domain::OrgId>,
}

async fn org_of_member(db: &Db, member_id: domain::MemberId) -> ServiceResult<MemberOrg> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.id, o.name, o.parent_id FROM members m JOIN organizations o ON o.id = m.org_id \
             WHERE m.id = $1",
        )
        .bind(member_id)
        .fetch_one(pool)
        .await
        ?
    }))
}

pub async fn view(db: &Db, actor: &Actor) -> ServiceResult<SuggestionsView> {
    let mut destinations = Vec::new();
    if let Some(member_id) = actor.member_id {
        let MemberOrg {
            name: branch_name,
            parent_id: parent,
            ..
        } = org_of_member(db, member_id).await?;
        destinations.push(("branch".to_string(), branch_name));
        if let Some(parent) = parent {
            let name: String = with_pool!(db, pool => {
                sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
                    .bind(parent)
                    .fetch_one(pool)
                    .await
                    ?
            });
            destinations.push(("committee".to_string(), name));
        }
    }
    let mine: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&format!("{VIEW_SELECT} WHERE s.author_account_id = $1 ORDER BY s.id DESC LIMIT 50"))
            .bind(actor.account_id)
            .fetch_all(pool)
            .await
            ?
    });
    let handles = matches!(
        actor.role,
        Role::BranchAdmin | Role::CommitteeAdmin | Role::CountyAdmin
    );
    let queue = if handles {
        let rows: Vec<Row> = with_pool!(db, pool => {
            sqlx::query_as(&format!(
                "{VIEW_SELECT} WHERE o.path LIKE $1 AND s.author_account_id <> $2 \
                 ORDER BY CASE WHEN s.status IN ('submitted', 'forwarded') THEN 0 ELSE 1 END, s.id DESC \
                 LIMIT 100"
            ))
            .bind(actor.scope_path.like_prefix())
            .bind(actor.account_id)
            .fetch_all(pool)
            .await
            ?
        });
        Some(rows.into_iter().map(to_view).collect())
    } else {
        None
    };
    Ok(SuggestionsView {
        destinations,
        mine: mine.into_iter().map(to_view).collect(),
        queue,
    })
}

pub async fn submit(
    db: &Db,
    actor: &Actor,
    to: &str,
    title: &str,
    body: &str,
    photo: &str,
) -> ServiceResult<i64> {
    let member_id = actor.member_id.ok_or(ErrorCode::Forbidden)?;
    let title = text("title", title, 2, 50)?;
    let body = text("body", body, 5, 2000)?;
    let photo_key = photo_key(db, actor, photo).await?;
    let MemberOrg {
        id: branch,
        parent_id: parent,
        ..
    } = org_of_member(db, member_id).await?;
    let org_id = match to {
        "branch" => branch,
        "committee" => parent.ok_or(ErrorCode::BadRequest)?,
        _ => return Err(ErrorCode::BadRequest.into()),
    };
    let now = crate::clock::now_rfc3339();
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let mut record = SuggestionRecord {
            id: 0,
            author_member_id: member_id,
            author_account_id: actor.account_id,
            org_id,
            title,
            body,
            status: SuggestionStatus::Submitted,
            reply: None,
            handled_by: None,
            points_awarded: 0,
            created_at: now.clone(),
            updated_at: now,
            photo_key,
        };
        record.id = sqlx::query_scalar(
            "INSERT INTO suggestions (author_member_id, author_account_id, org_id, title, body, \
             status, points_awarded, created_at, updated_at, photo_key) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9) RETURNING id",
        )
        .bind(record.author_member_id)
        .bind(record.author_account_id)
        .bind(record.org_id)
        .bind(&record.title)
        .bind(&record.body)
        .bind(record.status)
        .bind(&record.created_at)
        .bind(&record.updated_at)
        .bind(&record.photo_key)
        .fetch_one(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "suggestion.submit",
            entity: "suggestions",
            entity_id: Some(record.id.to_string()),
            before: None,
            after: Some(to_json(&record)),
        })
        .await
        ?;
        tx.commit().await?;
        record.id
    });
    tracing::info!(
        account_id = %actor.account_id,
        suggestion_id = id,
        "suggestion submitted"
    );
    Ok(id)
}

/// `verb`: `reply` (text required), `adopt` (books the author's points), `forward` (to the
/// parent organization, still open there).
pub async fn handle(
    db: &Db,
    actor: &Actor,
    id: i64,
    verb: &str,
    reply: &str,
    today: Date,
) -> ServiceResult<()> {
    let handling = Handling::ALL
        .iter()
        .copied()
        .find(|h| h.code() == verb)
        .ok_or(ErrorCode::BadRequest)?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: SuggestionRecord =
            sqlx::query_as(&format!("SELECT {SUGGESTION_COLUMNS} FROM suggestions WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                ?
                .ok_or(ErrorCode::NotFound)?;
        let (path, parent): (domain::OrgPath, Option<domain::OrgId>) =
            sqlx::query_as("SELECT path, parent_id FROM organizations WHERE id = $1")
                .bind(before.org_id)
                .fetch_one(&mut *tx)
                .await
                ?;
        actor.require(Action::HandleSuggestion, actor.reach_org(&path))?;
        // Nobody answers or adopts their own suggestion (the points would be their own): those
        // above, whose queue it is in too, handle it (docs/security.md#self-service).
        if before.author_account_id == actor.account_id
            || actor.member_id == Some(before.author_member_id)
        {
            return Err(ErrorCode::OwnSuggestion.into());
        }
        // The answer is judged once who may give it is settled.
        let reply = match (handling, reply.trim().is_empty()) {
            (Handling::Reply, _) | (_, false) => Some(text("reply", reply, 2, 2000)?),
            (Handling::Adopt | Handling::Forward, true) => None,
        };
        let status = before.status.handle(handling)?;
        let mut after = SuggestionRecord {
            status,
            reply: reply.clone().or(before.reply.clone()),
            handled_by: Some(actor.account_id),
            updated_at: crate::clock::now_rfc3339(),
            ..before.clone()
        };
        let (title, body) = match handling {
            Handling::Reply => {
                ("您的建议有了答复".to_string(), format!("《{}》：{}", before.title, reply.clone().unwrap_or_default()))
            }
            Handling::Adopt => {
                let entry = tx
                    .award_points(actor.account_id, before.author_member_id, &Activity::SuggestionAdopted, today)
                    .await?;
                after.points_awarded = i64::from(entry.points);
                ("您的建议被采纳".to_string(), format!("《{}》已被采纳，获得 {} 分。", before.title, entry.points))
            }
            Handling::Forward => {
                after.org_id = parent.ok_or(ErrorCode::InvalidTransition)?;
                ("您的建议已转上级党组织".to_string(), format!("《{}》已转上级党组织处理。", before.title))
            }
        };
        sqlx::query(
            "UPDATE suggestions SET org_id = $1, status = $2, reply = $3, handled_by = $4, \
             points_awarded = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(after.org_id)
        .bind(after.status)
        .bind(&after.reply)
        .bind(after.handled_by)
        .bind(after.points_awarded)
        .bind(&after.updated_at)
        .bind(id)
        .execute(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: match handling {
                Handling::Reply => "suggestion.reply",
                Handling::Adopt => "suggestion.adopt",
                Handling::Forward => "suggestion.forward",
            },
            entity: "suggestions",
            entity_id: Some(id.to_string()),
            before: Some(to_json(&before)),
            after: Some(to_json(&after)),
        })
        .await
        ?;
        tx.notify(before.author_account_id, &title, &body, "/suggestions").await?;
        tx.commit().await?;
    });
    tracing::info!(
        account_id = %actor.account_id,
        suggestion_id = id,
        verb,
        "suggestion handled"
    );
    Ok(())
}
