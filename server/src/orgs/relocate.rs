//! 调整隶属关系: a subtree moved under another parent. Every path below it is rewritten in one
//! transaction; what hangs on organization ids (members, meetings, reminders, the boards'
//! totals) follows by itself, and what is addressed by path (notices, study material) is
//! rewritten with it (docs/rules.md#reshaping-the-tree).

use domain::{access::Action, org::reshape::check_move, ErrorCode, OrgId, OrgPath};

use super::{live, locate, logged, org_change, OrgTx};
use crate::{
    access::Actor,
    error::ServiceResult,
    storage::Db,
    trail::{
        records::{to_json, NoticeRecord, OrgRecord, ORG_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// `path` re-rooted: the part under `from` placed under `to`.
fn rebase(path: &OrgPath, from: &OrgPath, to: &OrgPath) -> ServiceResult<OrgPath> {
    let rest = path.as_str().get(from.as_str().len()..).unwrap_or_default();
    Ok(OrgPath::parse(&format!("{}{rest}", to.as_str()))?)
}

pub async fn move_under(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    new_parent_id: OrgId,
) -> ServiceResult<OrgRecord> {
    let org = live(locate(db, actor, org_id, Action::ReshapeOrg).await?)?;
    // Placing a subtree somewhere is creating under that parent: the actor must be allowed both.
    let parent = live(locate(db, actor, new_parent_id, Action::CreateOrg).await?)?;
    check_move(&org.path, org.kind, &parent.path, parent.kind)?;
    if org.parent_id == Some(parent.id) {
        return Ok(org);
    }
    let moved = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        // Read again under the lock: another move may have changed either path meanwhile.
        let org = live(tx.org_row(org.id).await?.ok_or(ErrorCode::NotFound)?)?;
        let parent = live(tx.org_row(parent.id).await?.ok_or(ErrorCode::NotFound)?)?;
        actor.require(Action::ReshapeOrg, actor.reach_org(&org.path))?;
        actor.require(Action::CreateOrg, actor.reach_org(&parent.path))?;
        check_move(&org.path, org.kind, &parent.path, parent.kind)?;
        let from = org.path.clone();
        let to = parent.path.child(org.id);
        let depth_shift = parent.depth + 1 - org.depth;
        let subtree: Vec<OrgRecord> = sqlx::query_as(&format!(
            "SELECT {ORG_COLUMNS} FROM organizations WHERE path LIKE $1 ORDER BY path"
        ))
        .bind(from.like_prefix())
        .fetch_all(&mut *tx)
        .await?;
        let mut changes = Vec::with_capacity(subtree.len());
        let mut moved = None;
        for before in subtree {
            let top = before.id == org.id;
            let after = OrgRecord {
                parent_id: if top { Some(parent.id) } else { before.parent_id },
                path: rebase(&before.path, &from, &to)?,
                depth: before.depth + depth_shift,
                ..before.clone()
            };
            sqlx::query("UPDATE organizations SET parent_id = $1, path = $2, depth = $3 WHERE id = $4")
                .bind(after.parent_id)
                .bind(&after.path)
                .bind(after.depth)
                .bind(after.id)
                .execute(&mut *tx)
                .await?;
            // The organization moved is `org.move`; those below it only followed.
            let action = if top { "org.move" } else { "org.follow" };
            changes.push(org_change(actor.account_id, action, Some(&before), &after));
            if top {
                moved = Some(after);
            }
        }
        let notices: Vec<NoticeRecord> = sqlx::query_as(
            "SELECT id, org_id, audience_path, title, body, author_account_id, created_at \
             FROM notices WHERE audience_path LIKE $1 ORDER BY id",
        )
        .bind(from.like_prefix())
        .fetch_all(&mut *tx)
        .await?;
        for before in notices {
            let after = NoticeRecord { audience_path: rebase(&before.audience_path, &from, &to)?, ..before.clone() };
            sqlx::query("UPDATE notices SET audience_path = $1 WHERE id = $2")
                .bind(&after.audience_path)
                .bind(after.id)
                .execute(&mut *tx)
                .await?;
            changes.push(Change {
                actor: Some(actor.account_id),
                action: "notice.follow",
                entity: "notices",
                entity_id: Some(after.id.to_string()),
                before: Some(to_json(&before)),
                after: Some(to_json(&after)),
            });
        }
        let study: Vec<(i64, OrgPath)> =
            sqlx::query_as("SELECT id, audience_path FROM study_items WHERE audience_path LIKE $1")
                .bind(from.like_prefix())
                .fetch_all(&mut *tx)
                .await?;
        for (id, path) in study {
            sqlx::query("UPDATE study_items SET audience_path = $1 WHERE id = $2")
                .bind(rebase(&path, &from, &to)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.append_all(changes).await?;
        tx.commit().await?;
        moved.ok_or(domain::ErrorCode::NotFound)?
    });
    logged(actor, moved.id, "organization moved");
    Ok(moved)
}
