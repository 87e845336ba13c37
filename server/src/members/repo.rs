use crate::error::ServiceResult;

use app::members::RosterEntry;
use domain::{MemberId, OrgPath};

use super::view::{roster_entry, RosterRow};
use crate::{
    storage::Db,
    trail::records::{MemberRecord, MEMBER_COLUMNS},
    with_pool,
};

/// The member, once `actor` may do `action` to them, with where they stand from the actor.
pub async fn locate(
    db: &Db,
    actor: &crate::access::Actor,
    id: MemberId,
    action: domain::access::Action,
) -> ServiceResult<(Located, domain::access::Reach)> {
    let found = find(db, id).await?.ok_or_else(|| actor.missing())?;
    let reach = actor.reach_member(found.member.id, &found.org_path);
    actor.require(action, reach)?;
    Ok((found, reach))
}

/// A member's file read again inside the transaction that changes it, under the trail's lock:
/// what the event records as "before" is then the current row.
pub trait MemberTx {
    fn member_row(
        &mut self,
        id: MemberId,
    ) -> impl std::future::Future<Output = sqlx::Result<MemberRecord>> + Send;
}

macro_rules! impl_member_tx {
    ($db:ty) => {
        impl MemberTx for sqlx::Transaction<'static, $db> {
            async fn member_row(&mut self, id: MemberId) -> sqlx::Result<MemberRecord> {
                sqlx::query_as(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"
                ))
                .bind(id)
                .fetch_one(&mut **self)
                .await
            }
        }
    };
}
impl_member_tx!(sqlx::Sqlite);
impl_member_tx!(sqlx::Postgres);

/// A member's row with where it sits in the tree (for the permission check).
pub struct Located {
    pub member: MemberRecord,
    pub org_path: OrgPath,
    pub org_name: String,
}

pub async fn find(db: &Db, member_id: MemberId) -> ServiceResult<Option<Located>> {
    let member: Option<MemberRecord> = with_pool!(db, pool => {
        sqlx::query_as(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"))
            .bind(member_id)
            .fetch_optional(pool)
            .await
            ?
    });
    let Some(member) = member else {
        return Ok(None);
    };
    let (org_path, org_name): (OrgPath, String) = with_pool!(db, pool => {
        sqlx::query_as("SELECT path, name FROM organizations WHERE id = $1")
            .bind(member.org_id)
            .fetch_one(pool)
            .await
            ?
    });
    Ok(Some(Located {
        member,
        org_path,
        org_name,
    }))
}

/// "中共某村支部委员会 书记" for each position the member holds.
pub async fn positions(db: &Db, member_id: MemberId) -> ServiceResult<Vec<String>> {
    let rows: Vec<(String, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.name, l.position FROM leadership l JOIN organizations o ON o.id = l.org_id \
             WHERE l.member_id = $1 ORDER BY o.id, l.position",
        )
        .bind(member_id)
        .fetch_all(pool)
        .await
        ?
    });
    Ok(rows.into_iter().map(|(o, p)| format!("{o} {p}")).collect())
}

/// One page of the members of the subtree under `path`, and how many there are in all,
/// grouped by organization. `CROSS JOIN` makes SQLite walk the (small) organization table
/// first and each organization's members by index, instead of every member in the county;
/// PostgreSQL plans it as an ordinary join.
pub async fn roster(
    db: &Db,
    path: &OrgPath,
    page: i64,
    per_page: i64,
) -> ServiceResult<(i64, Vec<RosterEntry>)> {
    let prefix = path.like_prefix();
    let total: i64 = with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM organizations o CROSS JOIN members m \
             WHERE m.org_id = o.id AND o.path LIKE $1",
        )
        .bind(&prefix)
        .fetch_one(pool)
        .await
        ?
    });
    let rows: Vec<RosterRow> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.name, m.sex, m.org_id, o.name AS org_name, m.status, m.mobile, \
             m.id_number, m.joined_on FROM organizations o CROSS JOIN members m \
             WHERE m.org_id = o.id AND o.path LIKE $1 ORDER BY o.path, m.id LIMIT $2 OFFSET $3",
        )
        .bind(&prefix)
        .bind(per_page)
        .bind((page - 1) * per_page)
        .fetch_all(pool)
        .await
        ?
    });
    Ok((total, rows.into_iter().map(roster_entry).collect()))
}
