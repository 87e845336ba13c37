//! The archive (docs/rules.md#the-archive): one page of one section of a subtree's records,
//! newest first. Each section reads its own tables (`meetings`, `dues`, `points`,
//! `assistance`); all are scoped to the subtree by its path and refused outside the reader's
//! reach.

mod assistance;
mod dues;
mod meetings;
mod points;

use app::archive::{ArchiveRow, ArchiveView};
use domain::{
    access::Action,
    archive::{Filter, Section, PAGE_SIZE},
    OrgId,
};

use crate::{access::Actor, error::ServiceResult, orgs, storage::Db, with_pool};

/// What every section's query is given: the subtree (a `LIKE` prefix), the dates as stored
/// text bounds, the kind and state codes, and the page.
pub(crate) struct Ask {
    pub inside: String,
    pub kind: Option<String>,
    pub state: Option<String>,
    /// First day, inclusive, and the day after the last (exclusive).
    pub from: Option<String>,
    pub until: Option<String>,
    /// The last day itself (a month's bills are selected by the months the days touch).
    pub to: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// One page: the rows, and how many match in all.
pub(crate) struct Found {
    pub rows: Vec<ArchiveRow>,
    pub total: i64,
}

pub async fn page(db: &Db, actor: &Actor, filter: Filter) -> ServiceResult<ArchiveView> {
    let org = orgs::find(db, filter.org.unwrap_or(actor.scope_org_id))
        .await?
        .ok_or_else(|| actor.missing())?;
    actor.require(Action::ViewArchive, actor.reach_org(&org.path))?;
    let ask = Ask {
        inside: org.path.like_prefix(),
        kind: filter.kind.clone(),
        state: filter.state.clone(),
        from: filter.from.map(|d| d.to_string()),
        until: filter
            .to
            .map(|d| d.add_days(1).map(|d| d.to_string()))
            .transpose()?,
        to: filter.to.map(|d| d.to_string()),
        limit: i64::from(PAGE_SIZE),
        offset: i64::from(filter.offset()),
    };
    let found = match filter.section {
        Section::ThemeDay => meetings::page(db, &ask, true).await?,
        Section::ThreeMeetings => meetings::page(db, &ask, false).await?,
        Section::Dues => dues::page(db, &ask).await?,
        Section::Points => points::page(db, &ask).await?,
        Section::Assistance => assistance::page(db, &ask).await?,
    };
    let total = u64::try_from(found.total).unwrap_or(0);
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX);
    Ok(ArchiveView {
        orgs: choices(db, actor, org.id, &org.name).await?,
        org_name: org.name,
        filter,
        rows: found.rows,
        total,
        pages,
    })
}

/// The reader's scope and the organizations one level below it, and the one shown.
async fn choices(
    db: &Db,
    actor: &Actor,
    shown: OrgId,
    shown_name: &str,
) -> ServiceResult<Vec<(OrgId, String)>> {
    let rows: Vec<(OrgId, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name FROM organizations WHERE (id = $1 OR parent_id = $1) \
             AND dissolved_at IS NULL ORDER BY depth, path",
        )
        .bind(actor.scope_org_id)
        .fetch_all(pool)
        .await?
    });
    let mut out = rows;
    if !out.iter().any(|(id, _)| *id == shown) {
        out.push((shown, shown_name.to_string()));
    }
    Ok(out)
}

/// A section's page: `filters` is its `FROM … WHERE …` with `binds` as `$1…$n` (all text, absent
/// filters as NULL); the same clause counts every match and selects `columns` ordered by `order`,
/// with the page's limit and offset bound after them.
pub(crate) async fn fetch<R>(
    db: &Db,
    columns: &str,
    filters: &str,
    order: &str,
    binds: &[Option<&str>],
    ask: &Ask,
) -> ServiceResult<(i64, Vec<R>)>
where
    R: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let n = binds.len();
    let count = format!("SELECT COUNT(*) {filters}");
    let select = format!(
        "SELECT {columns} {filters} ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let total: i64 = with_pool!(db, pool => {
        let mut q = sqlx::query_scalar(&count);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(pool).await?
    });
    let rows: Vec<R> = with_pool!(db, pool => {
        let mut q = sqlx::query_as(&select);
        for b in binds {
            q = q.bind(*b);
        }
        q.bind(ask.limit).bind(ask.offset).fetch_all(pool).await?
    });
    Ok((total, rows))
}

/// Thumbnails of each record's photos, at most four per record, from a table of
/// (`owner` column, `thumb_key`).
pub(crate) async fn thumbs(
    db: &Db,
    table: &str,
    owner: &str,
    ids: &[i64],
) -> ServiceResult<std::collections::HashMap<i64, Vec<String>>> {
    let mut out: std::collections::HashMap<i64, Vec<String>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are this page's own (integers), never the reader's text.
    let sql =
        format!("SELECT {owner}, thumb_key FROM {table} WHERE {owner} IN ({list}) ORDER BY id");
    let rows: Vec<(i64, String)> = with_pool!(db, pool => {
        sqlx::query_as(&sql).fetch_all(pool).await?
    });
    for (id, key) in rows {
        let v = out.entry(id).or_default();
        if v.len() < 4 {
            v.push(format!("/files/{key}"));
        }
    }
    Ok(out)
}
