//! Registering, changing and removing a grid-centre stream: one row per organization, each
//! step an event in the record trail; only on a site the deployment allows.

use std::collections::HashMap;

use domain::{
    access::Action,
    video::{may_hold_stream, StreamAddress, StreamSite},
    ErrorCode, OrgId,
};
use serde::Serialize;

use crate::{
    access::Actor,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, OrgRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// What the trail holds of a registration.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
struct StreamRecord {
    org_id: OrgId,
    name: String,
    address: String,
    origin: String,
    kind: String,
    live_from: i64,
    live_until: i64,
    registered_by: domain::AccountId,
    updated_at: String,
}

const SELECT: &str = "SELECT org_id, name, address, origin, kind, live_from, live_until, \
     registered_by, updated_at FROM grid_streams WHERE org_id = $1";

/// The organization, once the actor may manage its stream there.
async fn managed(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<OrgRecord> {
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::ManageStream, actor.reach_org(&org.path))?;
    Ok(org)
}

/// Registers `org_id`'s stream from the form's fields (`app::video::stream_request`), checked
/// once the actor may manage it there.
pub async fn register(
    db: &Db,
    sites: &[StreamSite],
    actor: &Actor,
    org_id: OrgId,
    form: &HashMap<String, String>,
) -> ServiceResult<()> {
    let org = managed(db, actor, org_id).await?;
    if org.dissolved_at.is_some() {
        return Err(ErrorCode::OrgDissolved.into());
    }
    may_hold_stream(org.kind, org.is_village != 0)?;
    let app::video::StreamRequest {
        org_id: asked,
        name,
        address,
        hours,
    } = app::video::stream_request(form)?;
    if asked != org_id {
        return Err(ErrorCode::BadRequest.into());
    }
    if !sites.iter().any(|s| s.allows(&address)) {
        return Err(ServiceError::field("url", ErrorCode::StreamSiteNotAllowed));
    }
    let record = record(actor, org_id, name.as_str(), &address, hours);
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: Option<StreamRecord> =
            sqlx::query_as(SELECT).bind(org_id).fetch_optional(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO grid_streams (org_id, name, address, origin, kind, live_from, live_until, \
             registered_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (org_id) DO UPDATE SET name = excluded.name, address = excluded.address, \
             origin = excluded.origin, kind = excluded.kind, live_from = excluded.live_from, \
             live_until = excluded.live_until, registered_by = excluded.registered_by, \
             updated_at = excluded.updated_at",
        )
        .bind(record.org_id)
        .bind(&record.name)
        .bind(&record.address)
        .bind(&record.origin)
        .bind(&record.kind)
        .bind(record.live_from)
        .bind(record.live_until)
        .bind(record.registered_by)
        .bind(&record.updated_at)
        .execute(&mut *tx)
        .await?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "stream.register",
            entity: "grid_streams",
            entity_id: Some(org_id.to_string()),
            before: before.as_ref().map(to_json),
            after: Some(to_json(&record)),
        })
        .await?;
        tx.commit().await?;
    });
    tracing::info!(account_id = %actor.account_id, org_id = %org_id, "grid-centre stream registered");
    Ok(())
}

/// Also for an organization dissolved or merged since: its stream must not outlive it.
pub async fn remove(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<()> {
    managed(db, actor, org_id).await?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: Option<StreamRecord> =
            sqlx::query_as(SELECT).bind(org_id).fetch_optional(&mut *tx).await?;
        // Removing what is already gone changes nothing (a second tap, another tab).
        let Some(before) = before else {
            return Ok(());
        };
        sqlx::query("DELETE FROM grid_streams WHERE org_id = $1")
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action: "stream.remove",
            entity: "grid_streams",
            entity_id: Some(org_id.to_string()),
            before: Some(to_json(&before)),
            after: None,
        })
        .await?;
        tx.commit().await?;
    });
    tracing::info!(account_id = %actor.account_id, org_id = %org_id, "grid-centre stream removed");
    Ok(())
}

fn record(
    actor: &Actor,
    org_id: OrgId,
    name: &str,
    address: &StreamAddress,
    hours: domain::video::LiveHours,
) -> StreamRecord {
    StreamRecord {
        org_id,
        name: name.to_string(),
        address: address.as_str().to_string(),
        origin: address.origin(),
        kind: address.kind().code().to_string(),
        live_from: i64::from(hours.from()),
        live_until: i64::from(hours.until()),
        registered_by: actor.account_id,
        updated_at: crate::clock::now_rfc3339(),
    }
}
