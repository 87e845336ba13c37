//! `/admin/study`: the county and committees publish study material to a subtree, schedule
//! it and withdraw it. Every change is an event in the record trail.

use crate::error::{ServiceError, ServiceResult};
use app::study::{markdown, AdminStudyView, AuthoredItem, StudyDraft, MAX_BODY_BYTES};
use domain::{
    access::{Action, Reach},
    study::{parse_quiz, StudyKind},
    Date, ErrorCode,
};

use super::repo::{self, ItemRow, ITEM_SELECT};
use crate::{
    access::Actor,
    storage::Db,
    trail::{records::to_json, Change, TrailTx},
    with_pool,
};

fn field(name: &'static str, code: ErrorCode) -> ServiceError {
    ServiceError::field(name, code)
}

fn text(label: &'static str, v: &str, min: usize, max: usize) -> ServiceResult<String> {
    let v = v.trim();
    let n = v.chars().count();
    if n < min
        || n > max
        || v.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(field(label, ErrorCode::InvalidText));
    }
    Ok(v.to_string())
}

/// An address a `<video>` may play: the web, or a file uploaded here.
fn video_url(v: &str) -> ServiceResult<String> {
    let v = v.trim();
    let ok = (v.starts_with("https://") || v.starts_with("http://") || v.starts_with("/files/"))
        && v.len() <= 500
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<');
    if ok {
        Ok(v.to_string())
    } else {
        Err(field("video_url", ErrorCode::InvalidVideoUrl))
    }
}

/// `YYYY-MM-DDTHH:MM` (seconds from a browser are dropped); empty means now.
fn publish_at(v: &str) -> ServiceResult<String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(crate::clock::now_china_minute());
    }
    let bad = || field("publish_at", ErrorCode::InvalidSchedule);
    let (day, time) = v
        .split_once('T')
        .or_else(|| v.split_once(' '))
        .ok_or_else(bad)?;
    let day = Date::parse(day).map_err(|_| bad())?;
    let mut hm = time.split(':');
    let hour: u8 = hm.next().and_then(|h| h.parse().ok()).ok_or_else(bad)?;
    let minute: u8 = hm.next().and_then(|m| m.parse().ok()).ok_or_else(bad)?;
    if hour > 23 || minute > 59 {
        return Err(bad());
    }
    Ok(format!("{day}T{hour:02}:{minute:02}"))
}

struct Valid {
    kind: StudyKind,
    column_name: String,
    title: String,
    body_md: String,
    video_url: Option<String>,
    quiz_src: Option<String>,
    publish_at: String,
}

fn validate(d: &StudyDraft) -> ServiceResult<Valid> {
    let kind = StudyKind::parse(&d.kind).map_err(|_| field("study_kind", ErrorCode::BadRequest))?;
    let column_name = text("column", &d.column_name, 1, 20)?;
    let title = text("title", &d.title, 2, 80)?;
    if d.body_md.len() > MAX_BODY_BYTES {
        return Err(field("article_body", ErrorCode::InvalidText));
    }
    let body_md = match kind {
        StudyKind::Article => text("article_body", &d.body_md, 1, MAX_BODY_BYTES)?,
        _ if d.body_md.trim().is_empty() => String::new(),
        _ => text("article_body", &d.body_md, 1, MAX_BODY_BYTES)?,
    };
    let video_url = match kind {
        StudyKind::Video => Some(video_url(&d.video_url)?),
        _ => None,
    };
    let quiz_src = match kind {
        StudyKind::Quiz => {
            parse_quiz(&d.quiz_src).map_err(|e| ServiceError::QuizQuestion {
                number: e.question,
                code: e.code,
            })?;
            Some(d.quiz_src.trim().replace("\r\n", "\n"))
        }
        _ => None,
    };
    Ok(Valid {
        kind,
        column_name,
        title,
        body_md,
        video_url,
        quiz_src,
        publish_at: publish_at(&d.publish_at)?,
    })
}

fn may_author(actor: &Actor) -> ServiceResult<()> {
    Ok(actor.require(Action::AuthorStudy, Reach::ScopeRoot)?)
}

pub async fn view(db: &Db, actor: &Actor, edit: i64) -> ServiceResult<AdminStudyView> {
    may_author(actor)?;
    let audiences: Vec<(i64, String)> = crate::orgs::own_and_children(db, actor.scope_org_id)
        .await?
        .into_iter()
        .map(|(id, name)| (id.get(), name))
        .collect();
    let now = crate::clock::now_china_minute();
    let (rows, counts): (Vec<ItemRow>, Vec<(i64, i64)>) = with_pool!(db, pool => {
        let items = sqlx::query_as(&format!(
            "{ITEM_SELECT} WHERE i.audience_path LIKE $1 ORDER BY i.id DESC LIMIT 100"
        ))
        .bind(actor.scope_path.like_prefix())
        .fetch_all(pool)
        .await
        ?;
        // Completions of the same items (the newest 100 in scope), in one query.
        let counts = sqlx::query_as(
            "SELECT p.item_id, COUNT(*) FROM study_progress p \
             WHERE p.completed_at IS NOT NULL AND p.item_id IN \
               (SELECT i.id FROM study_items i WHERE i.audience_path LIKE $1 ORDER BY i.id DESC LIMIT 100) \
             GROUP BY p.item_id",
        )
        .bind(actor.scope_path.like_prefix())
        .fetch_all(pool)
        .await
        ?;
        (items, counts)
    });
    let counts: std::collections::HashMap<i64, i64> = counts.into_iter().collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let completions = counts.get(&r.id).copied().unwrap_or(0);
            let status =
                domain::study::ItemStatus::of(r.withdrawn_at.is_some(), &r.publish_at, &now);
            Ok(AuthoredItem {
                id: r.id,
                kind: StudyKind::parse(&r.kind)?,
                title: r.title,
                column_name: r.column_name,
                audience_name: r.audience_name,
                publish_at: r.publish_at,
                status,
                completions,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let draft = if edit > 0 {
        let r = repo::find(db, edit).await?.ok_or(ErrorCode::NotFound)?;
        actor.require(Action::AuthorStudy, actor.reach_org(&r.audience_path))?;
        StudyDraft {
            id: r.id,
            kind: r.kind,
            column_name: r.column_name,
            title: r.title,
            body_md: r.body_md,
            video_url: r.video_url.unwrap_or_default(),
            quiz_src: r.quiz_src.unwrap_or_default(),
            audience_org_id: r.audience_org_id.get(),
            publish_at: r.publish_at,
        }
    } else {
        StudyDraft {
            kind: "article".into(),
            audience_org_id: actor.scope_org_id.get(),
            ..StudyDraft::default()
        }
    };
    // An item published lower down (a committee's item seen by the county) keeps its audience
    // when edited: the choice is offered even though it is not one of the usual ones.
    let mut audiences = audiences;
    if !audiences.iter().any(|(id, _)| *id == draft.audience_org_id) {
        let name: String = with_pool!(db, pool => {
            sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
                .bind(draft.audience_org_id)
                .fetch_one(pool)
                .await
                ?
        });
        audiences.insert(0, (draft.audience_org_id, name));
    }
    Ok(AdminStudyView {
        audiences,
        items,
        preview_html: markdown::render(&draft.body_md),
        draft,
    })
}

pub async fn save(db: &Db, actor: &Actor, draft: StudyDraft) -> ServiceResult<i64> {
    may_author(actor)?;
    let audience_org_id =
        domain::OrgId::new(draft.audience_org_id).map_err(|c| field("audience", c))?;
    let audience_path: domain::OrgPath = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE id = $1")
            .bind(draft.audience_org_id)
            .fetch_optional(pool)
            .await
            ?
            .ok_or_else(|| field("audience", ErrorCode::InvalidOrgId))?
    });
    actor.require(Action::AuthorStudy, actor.reach_org(&audience_path))?;
    let now = crate::clock::now_rfc3339();
    let before = if draft.id > 0 {
        let r = repo::find(db, draft.id).await?.ok_or(ErrorCode::NotFound)?;
        actor.require(Action::AuthorStudy, actor.reach_org(&r.audience_path))?;
        Some(r)
    } else {
        None
    };
    // What is written is judged once who may write it there is settled.
    let v = validate(&draft)?;
    let mut after = ItemRow {
        id: draft.id,
        kind: v.kind.code().to_string(),
        column_name: v.column_name,
        title: v.title,
        body_md: v.body_md,
        video_url: v.video_url,
        quiz_src: v.quiz_src,
        audience_org_id,
        audience_path,
        audience_name: String::new(),
        author_account_id: before
            .as_ref()
            .map_or(actor.account_id, |b| b.author_account_id),
        publish_at: v.publish_at,
        withdrawn_at: before.as_ref().and_then(|b| b.withdrawn_at.clone()),
        created_at: before
            .as_ref()
            .map_or(now.clone(), |b| b.created_at.clone()),
        updated_at: now,
    };
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        if before.is_some() {
            after.withdrawn_at = sqlx::query_scalar("SELECT withdrawn_at FROM study_items WHERE id = $1")
                .bind(after.id)
                .fetch_one(&mut *tx)
                .await
                ?;
            sqlx::query(
                "UPDATE study_items SET kind = $1, column_name = $2, title = $3, body_md = $4, \
                 video_url = $5, quiz_src = $6, audience_org_id = $7, audience_path = $8, \
                 publish_at = $9, updated_at = $10 WHERE id = $11",
            )
            .bind(&after.kind)
            .bind(&after.column_name)
            .bind(&after.title)
            .bind(&after.body_md)
            .bind(&after.video_url)
            .bind(&after.quiz_src)
            .bind(after.audience_org_id)
            .bind(&after.audience_path)
            .bind(&after.publish_at)
            .bind(&after.updated_at)
            .bind(after.id)
            .execute(&mut *tx)
            .await
            ?;
        } else {
            after.id = sqlx::query_scalar(
                "INSERT INTO study_items (kind, column_name, title, body_md, video_url, quiz_src, \
                 audience_org_id, audience_path, author_account_id, publish_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(&after.kind)
            .bind(&after.column_name)
            .bind(&after.title)
            .bind(&after.body_md)
            .bind(&after.video_url)
            .bind(&after.quiz_src)
            .bind(after.audience_org_id)
            .bind(&after.audience_path)
            .bind(after.author_account_id)
            .bind(&after.publish_at)
            .bind(&after.created_at)
            .bind(&after.updated_at)
            .fetch_one(&mut *tx)
            .await
            ?;
        }
        tx.append(Change {
            actor: Some(actor.account_id),
            action: if before.is_some() { "study.update" } else { "study.publish" },
            entity: "study_items",
            entity_id: Some(after.id.to_string()),
            before: before.as_ref().map(to_json),
            after: Some(to_json(&after)),
        })
        .await
        ?;
        tx.commit().await?;
        after.id
    });
    tracing::info!(account_id = %actor.account_id, item = id, "study item saved");
    Ok(id)
}

pub async fn withdraw(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    may_author(actor)?;
    let before = repo::find(db, id).await?.ok_or(ErrorCode::NotFound)?;
    actor.require(Action::AuthorStudy, actor.reach_org(&before.audience_path))?;
    if before.withdrawn_at.is_some() {
        return Err(ErrorCode::InvalidTransition.into());
    }
    let now = crate::clock::now_rfc3339();
    let after = ItemRow {
        withdrawn_at: Some(now.clone()),
        updated_at: now,
        ..before.clone()
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let changed = sqlx::query(
            "UPDATE study_items SET withdrawn_at = $1, updated_at = $2 \
             WHERE id = $3 AND withdrawn_at IS NULL",
        )
        .bind(&after.withdrawn_at)
        .bind(&after.updated_at)
        .bind(id)
        .execute(&mut *tx)
        .await
        ?
        .rows_affected();
        // Another withdrawal won the race: one event only.
        if changed != 1 {
            return Err(ErrorCode::InvalidTransition.into());
        }
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "study.withdraw",
            entity: "study_items",
            entity_id: Some(id.to_string()),
            before: Some(to_json(&before)),
            after: Some(to_json(&after)),
        })
        .await
        ?;
        tx.commit().await?;
    });
    tracing::info!(
        account_id = %actor.account_id,
        item = id,
        "study item withdrawn"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_times() {
        assert_eq!(publish_at("2026-12-01T08:30").unwrap(), "2026-12-01T08:30");
        assert_eq!(
            publish_at("2026-12-01T08:30:15").unwrap(),
            "2026-12-01T08:30"
        );
        assert_eq!(publish_at("2026-12-01 8:05").unwrap(), "2026-12-01T08:05");
        for bad in [
            "明天",
            "2026-13-01T08:00",
            "2026-12-01T24:00",
            "2026-12-01T08",
            "2026-12-01",
        ] {
            assert!(publish_at(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn video_addresses() {
        assert!(video_url("https://v.example.cn/a.mp4").is_ok());
        assert!(video_url("/files/study/a.mp4").is_ok());
        for bad in ["javascript:alert(1)", "ftp://x", "", "https://a b"] {
            assert!(video_url(bad).is_err(), "{bad}");
        }
    }
}
