//! Per-deployment settings the county sets in the app, kept in `app_meta` as JSON. Changes go
//! through the record trail like any other write.

use domain::{ranking::VisibilityPolicy, ErrorCode, Role};

use crate::{
    access::Actor,
    storage::{internal, Db},
    trail::{Change, TrailTx},
    with_pool,
};

const VISIBILITY_KEY: &str = "visibility_policy";

/// The county's policy, or the conservative default until it sets one.
pub async fn visibility(db: &Db) -> Result<VisibilityPolicy, ErrorCode> {
    let stored = db.meta(VISIBILITY_KEY).await.map_err(internal)?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub async fn set_visibility(
    db: &Db,
    actor: &Actor,
    policy: &VisibilityPolicy,
) -> Result<(), ErrorCode> {
    // County-wide settings: the county organization department only (not auditors).
    if actor.role != Role::CountyAdmin {
        tracing::info!(
            account_id = actor.account_id,
            role = actor.role.code(),
            "settings change denied"
        );
        return Err(ErrorCode::Forbidden);
    }
    let after = serde_json::to_string(policy).map_err(internal)?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await.map_err(internal)?;
        tx.lock().await.map_err(internal)?;
        let before: Option<String> = sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
            .bind(VISIBILITY_KEY)
            .fetch_optional(&mut *tx)
            .await
            .map_err(internal)?;
        sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(VISIBILITY_KEY)
        .bind(&after)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "settings.visibility",
            entity: "settings",
            entity_id: Some(VISIBILITY_KEY.to_string()),
            before,
            after: Some(after),
        })
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
    });
    tracing::info!(account_id = actor.account_id, "visibility policy changed");
    Ok(())
}
