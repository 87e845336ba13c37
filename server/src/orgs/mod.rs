//! Organizations: public information (leadership team, term of office), term changes, and the
//! tree reshaped from above (created, renamed, moved).

use crate::error::ServiceResult;

/// SQL for the organization that reviews the branch `o` (docs/rules.md#organizational-life):
/// its nearest ancestor that is not a branch. A macro so queries can `concat!` it.
macro_rules! reviewer_of_o {
    () => {
        "(SELECT r.id FROM organizations r WHERE o.path LIKE r.path || '%' \
         AND r.kind NOT LIKE '%branch' ORDER BY r.depth DESC LIMIT 1)"
    };
}
pub(crate) use reviewer_of_o;

mod create;
mod dissolve;
pub mod history;
mod merge;
mod relocate;
mod rename;
pub mod service;
mod team;
mod update;

pub use create::{create_child, NewOrg};
pub use dissolve::dissolve;
pub use merge::{merge, Merged};
pub use relocate::move_under;
pub use rename::rename;
pub use team::{appoint, remove as remove_leader, RoleFollow};
pub use update::{update_term, TermPatch};

use app::orgs::{Leader, OrgChild, OrgInfo};
use domain::{access::Action, ErrorCode, OrgId, OrgKind, OrgPath};

use crate::{
    access::Actor,
    storage::Db,
    trail::{
        records::{to_json, OrgRecord, ORG_COLUMNS},
        Change,
    },
    with_pool,
};

/// The organization, if it has not been dissolved: a dissolved one is only read.
fn live(org: OrgRecord) -> ServiceResult<OrgRecord> {
    if org.dissolved_at.is_some() {
        return Err(ErrorCode::OrgDissolved.into());
    }
    Ok(org)
}

/// Reading an organization again inside the transaction that changes it, under the trail's
/// lock: what the event records as "before" is then the current row.
trait OrgTx {
    fn org_row(
        &mut self,
        id: OrgId,
    ) -> impl std::future::Future<Output = sqlx::Result<Option<OrgRecord>>> + Send;
}

macro_rules! impl_org_tx {
    ($db:ty) => {
        impl OrgTx for sqlx::Transaction<'static, $db> {
            async fn org_row(&mut self, id: OrgId) -> sqlx::Result<Option<OrgRecord>> {
                sqlx::query_as(&format!(
                    "SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut **self)
                .await
            }
        }
    };
}
impl_org_tx!(sqlx::Sqlite);
impl_org_tx!(sqlx::Postgres);

/// The one log line of a change to the tree or a team.
fn logged(actor: &Actor, org_id: OrgId, what: &'static str) {
    tracing::info!(
        account_id = actor.account_id.get(),
        org_id = org_id.get(),
        "{what}"
    );
}

/// An organization's change as a trail event: the record before (when it existed) and after.
fn org_change(
    actor: domain::AccountId,
    action: &'static str,
    before: Option<&OrgRecord>,
    after: &OrgRecord,
) -> Change<'static> {
    Change {
        actor: Some(actor),
        action,
        entity: "organizations",
        entity_id: Some(after.id.to_string()),
        before: before.map(to_json),
        after: Some(to_json(after)),
    }
}

/// The organization, once the actor may do `action` there.
async fn locate(db: &Db, actor: &Actor, org_id: OrgId, action: Action) -> ServiceResult<OrgRecord> {
    let org = find(db, org_id).await?.ok_or_else(|| actor.missing())?;
    actor.require(action, actor.reach_org(&org.path))?;
    Ok(org)
}

pub async fn find(db: &Db, org_id: OrgId) -> ServiceResult<Option<OrgRecord>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
            .bind(org_id)
            .fetch_optional(pool)
            .await
            ?
    }))
}

/// The county root's path (`/1/`): county-wide boards and the whole trail hang from it.
pub async fn root_path(db: &Db) -> ServiceResult<OrgPath> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(pool)
            .await
            ?
    }))
}

/// (id, name) of an organization and its direct children, the organization first: where an
/// administrator may address study material or a notice.
pub async fn own_and_children(db: &Db, org_id: OrgId) -> ServiceResult<Vec<(OrgId, String)>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name FROM organizations WHERE id = $1 OR (parent_id = $1 AND dissolved_at IS NULL) \
             ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END, id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await
        ?
    }))
}

pub async fn info(db: &Db, org: OrgRecord) -> ServiceResult<OrgInfo> {
    let member_count: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE org_id = $1 AND standing = 'active'")
            .bind(org.id)
            .fetch_one(pool)
            .await
            ?
    });
    #[derive(sqlx::FromRow)]
    struct LeaderRow {
        member_id: domain::MemberId,
        name: String,
        position: String,
        since: String,
    }
    let leaders: Vec<LeaderRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT l.member_id, m.name, l.position, l.since FROM leadership l \
             JOIN members m ON m.id = l.member_id WHERE l.org_id = $1 ORDER BY l.position, m.id",
        )
        .bind(org.id)
        .fetch_all(pool)
        .await
        ?
    });
    Ok(OrgInfo {
        kind_label: org.kind.label_zh().to_string(),
        id: org.id,
        name: org.name,
        kind: org.kind.code().to_string(),
        parent_id: org.parent_id,
        city: org.city,
        address: org.address,
        term_days_left: org
            .term_end
            .as_deref()
            .and_then(|end| domain::Date::parse(end).ok())
            .map(|end| crate::clock::today_china().days_between(end)),
        term_start: org.term_start,
        term_end: org.term_end,
        dissolved_at: org.dissolved_at,
        member_count,
        leadership: leaders
            .into_iter()
            .map(|l| Leader {
                name: l.name,
                position: l.position,
                since: l.since,
                member_id: Some(l.member_id),
            })
            .collect(),
    })
}

/// Where an organization of `kind` at `path` may be moved within `scope`: organizations that
/// may hold its kind, outside its own subtree, its present parent excluded.
pub async fn move_targets(
    db: &Db,
    scope: &OrgPath,
    org: &OrgRecord,
) -> ServiceResult<Vec<OrgChild>> {
    let rows: Vec<ListedOrg> = with_pool!(db, pool => {
        sqlx::query_as(&format!("{LISTED} WHERE o.path LIKE $1 AND o.dissolved_at IS NULL ORDER BY o.path"))
            .bind(scope.like_prefix())
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter(|r| {
            Some(r.id) != org.parent_id
                && domain::org::reshape::check_move(&org.path, org.kind, &r.path, r.kind).is_ok()
        })
        .map(OrgChild::from)
        .collect())
}

/// The live branches of `org`'s kind in the scope at `scope` that it may be merged into.
pub async fn merge_targets(
    db: &Db,
    scope: &OrgPath,
    org: &OrgRecord,
) -> ServiceResult<Vec<OrgChild>> {
    let rows: Vec<ListedOrg> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{LISTED} WHERE o.path LIKE $1 AND o.dissolved_at IS NULL AND o.kind = $2 ORDER BY o.path"
        ))
        .bind(scope.like_prefix())
        .bind(org.kind)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter(|r| domain::org::reshape::check_merge(org.id, org.kind, r.id, r.kind).is_ok())
        .map(OrgChild::from)
        .collect())
}

/// Full members of the subtree at `path` (probationary ones may not be elected), who may take
/// a seat on its team, by name: at most
/// `limit`, with whether there are more.
pub async fn team_candidates(
    db: &Db,
    path: &OrgPath,
    limit: usize,
) -> ServiceResult<(Vec<(i64, String)>, bool)> {
    let mut rows: Vec<(i64, String, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, o.name FROM members m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.status = 'full' AND m.standing = 'active' \
             ORDER BY o.path, m.name, m.id LIMIT $2",
        )
        .bind(path.like_prefix())
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?
    });
    let more = rows.len() > limit;
    rows.truncate(limit);
    let direct = rows
        .iter()
        .all(|(_, _, org)| rows.first().is_some_and(|f| f.2 == *org));
    Ok((
        rows.into_iter()
            .map(|(id, name, org)| {
                (
                    id,
                    if direct {
                        name
                    } else {
                        format!("{name}（{org}）")
                    },
                )
            })
            .collect(),
        more,
    ))
}

/// Branches in the subtree at `scope` whose team has no 书记: how many,
/// and the first `limit` of them.
pub async fn without_secretary(
    db: &Db,
    scope: &OrgPath,
    limit: usize,
) -> ServiceResult<(i64, Vec<OrgChild>)> {
    let rows: Vec<ListedOrg> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{LISTED} WHERE o.path LIKE $1 AND o.dissolved_at IS NULL \
             AND o.kind IN ('branch', 'flowing_branch') \
             AND NOT EXISTS (SELECT 1 FROM leadership l WHERE l.org_id = o.id AND l.position = $2) \
             ORDER BY o.path"
        ))
        .bind(scope.like_prefix())
        .bind(domain::org::leadership::SECRETARY)
        .fetch_all(pool)
        .await?
    });
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    Ok((
        total,
        rows.into_iter().take(limit).map(OrgChild::from).collect(),
    ))
}

pub async fn children(db: &Db, org_id: OrgId) -> ServiceResult<Vec<OrgChild>> {
    let rows: Vec<ListedOrg> = with_pool!(db, pool => {
        sqlx::query_as(&format!("{LISTED} WHERE o.parent_id = $1 AND o.dissolved_at IS NULL ORDER BY o.id"))
            .bind(org_id)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().map(OrgChild::from).collect())
}

/// An organization as the lists show it.
#[derive(sqlx::FromRow)]
struct ListedOrg {
    id: OrgId,
    name: String,
    kind: OrgKind,
    path: OrgPath,
    term_end: Option<String>,
}

const LISTED: &str = "SELECT o.id, o.name, o.kind, o.path, o.term_end FROM organizations o";

impl From<ListedOrg> for OrgChild {
    fn from(r: ListedOrg) -> Self {
        OrgChild {
            id: r.id,
            name: r.name,
            kind_label: r.kind.label_zh().to_string(),
            term_end: r.term_end,
        }
    }
}
