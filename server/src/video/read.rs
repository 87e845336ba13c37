//! Reading streams: the page of one organization, and the streams beside records a reader
//! already may see (meetings, the review queue, the map's card).

use std::collections::HashMap;

use app::video::{StreamView, StreamsView, VideoPageView};
use domain::{
    access::Action,
    video::{may_hold_stream, LiveHours},
    ErrorCode, OrgId,
};

use crate::{access::Actor, error::ServiceResult, storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct StreamRow {
    org_id: OrgId,
    org_name: String,
    name: String,
    address: String,
    kind: String,
    live_from: i64,
    live_until: i64,
}

impl StreamRow {
    fn view(self, minute: u16) -> StreamView {
        let hours = u16::try_from(self.live_from)
            .ok()
            .zip(u16::try_from(self.live_until).ok())
            .and_then(|(from, until)| LiveHours::from_minutes(from, until).ok());
        StreamView {
            org_id: self.org_id.get(),
            org_name: self.org_name,
            name: self.name,
            url: self.address,
            kind: self.kind,
            hours: hours.map(LiveHours::text).unwrap_or_default(),
            live_now: hours.is_some_and(|h| h.is_live_at(minute)),
        }
    }
}

const SELECT: &str = "SELECT s.org_id, o.name AS org_name, s.name, s.address, s.kind, \
     s.live_from, s.live_until FROM grid_streams s JOIN organizations o ON o.id = s.org_id";

/// The streams of these organizations, for records whose reader the caller has checked.
pub async fn of_orgs(db: &Db, orgs: &[OrgId]) -> ServiceResult<HashMap<OrgId, StreamView>> {
    if orgs.is_empty() {
        return Ok(HashMap::new());
    }
    let listed = (1..=orgs.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("{SELECT} WHERE s.org_id IN ({listed}) AND o.dissolved_at IS NULL");
    let rows: Vec<StreamRow> = with_pool!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for id in orgs {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await?
    });
    let minute = crate::clock::china_minute_of_day();
    Ok(rows
        .into_iter()
        .map(|r| (r.org_id, r.view(minute)))
        .collect())
}

/// One organization's stream, when the reader may watch it there (else `None`, silently: the
/// record beside it is shown either way).
pub async fn beside(
    db: &Db,
    actor: &Actor,
    org_id: OrgId,
    org_path: &domain::OrgPath,
) -> ServiceResult<Option<StreamView>> {
    if !actor.may(Action::WatchStream, actor.reach_org(org_path)) {
        return Ok(None);
    }
    Ok(of_orgs(db, &[org_id]).await?.remove(&org_id))
}

/// The most streams `/video` lists: far more than a county's village grid centres.
const LISTED: i64 = 1000;

/// `/video`: the streams of the reader's subtree (a member's: their branch's), by name.
pub async fn in_scope(db: &Db, actor: &Actor) -> ServiceResult<StreamsView> {
    actor.require(Action::WatchStream, domain::access::Reach::ScopeRoot)?;
    let sql = format!(
        "{SELECT} WHERE o.path LIKE $1 AND o.dissolved_at IS NULL ORDER BY o.path LIMIT $2"
    );
    let rows: Vec<StreamRow> = with_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(actor.scope_path.like_prefix())
            .bind(LISTED)
            .fetch_all(pool)
            .await?
    });
    let minute = crate::clock::china_minute_of_day();
    let own = if actor.may(Action::ManageStream, domain::access::Reach::ScopeRoot) {
        crate::orgs::find(db, actor.scope_org_id)
            .await?
            .filter(|o| may_hold_stream(o.kind, o.is_village != 0).is_ok())
            .map(|o| (o.id.get(), o.name))
    } else {
        None
    };
    Ok(StreamsView {
        streams: rows.into_iter().map(|r| r.view(minute)).collect(),
        own,
    })
}

/// `/video/{org}`.
pub async fn page(db: &Db, actor: &Actor, org_id: OrgId) -> ServiceResult<VideoPageView> {
    let org = crate::orgs::find(db, org_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let reach = actor.reach_org(&org.path);
    actor.require(Action::WatchStream, reach)?;
    let stream = of_orgs(db, &[org.id]).await?.remove(&org.id);
    let may_manage = actor.may(Action::ManageStream, reach)
        && may_hold_stream(org.kind, org.is_village != 0).is_ok()
        && org.dissolved_at.is_none();
    Ok(VideoPageView {
        org_id: org.id.get(),
        stream,
        org_name: org.name,
        may_manage,
    })
}
