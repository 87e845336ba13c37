//! The two migration folders describe one schema: after migrating a fresh SQLite file and a
//! fresh PostgreSQL database, both have the same tables, columns, column types (under the
//! mapping in docs/architecture.md#two-engines-one-schema), nullability and indexes.

use std::collections::BTreeMap;

use server::storage::Db;
use sqlx::Row;

use crate::common::{fresh_database, Engine};

/// Column name → (type, nullable), per table.
type Columns = BTreeMap<String, BTreeMap<String, (String, bool)>>;
/// Index name → (table, unique, columns in order).
type Indexes = BTreeMap<String, (String, bool, Vec<String>)>;

/// Indexes one engine needs and the other does not, each with why. Anything else that differs
/// is a migration written for one engine only.
const ENGINE_SPECIFIC_INDEXES: &[(&str, &str)] = &[(
    "organizations_path_prefix",
    "PostgreSQL serves `path LIKE '/1/4/%'` only from a text_pattern_ops index; SQLite uses \
     the unique index on path",
)];

/// The type a column holds as SQLite declares it; PostgreSQL's names mapped onto those.
fn portable_type(pg: &str) -> String {
    match pg {
        "bigint" | "integer" | "smallint" => "INTEGER",
        "text" | "character varying" => "TEXT",
        "double precision" | "real" => "REAL",
        "bytea" => "BLOB",
        other => other,
    }
    .to_string()
}

async fn sqlite_schema(db: &Db) -> (Columns, Indexes) {
    let Db::Sqlite(pool) = db else {
        unreachable!("a SQLite database")
    };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut columns = Columns::new();
    let mut indexes = Indexes::new();
    for table in tables {
        let rows = sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .unwrap();
        let cols = columns.entry(table.clone()).or_default();
        for r in rows {
            let name: String = r.get(0);
            let ty: String = r.get(1);
            let not_null: i64 = r.get(2);
            let pk: i64 = r.get(3);
            // A primary key is never null, whether or not SQLite was told.
            cols.insert(name, (ty.to_uppercase(), not_null == 0 && pk == 0));
        }
        // Indexes written in the migrations (`origin = 'c'`), not those behind constraints.
        let list = sqlx::query(
            "SELECT name, \"unique\" FROM pragma_index_list($1) WHERE origin = 'c' ORDER BY name",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for ix in list {
            let name: String = ix.get(0);
            let unique: i64 = ix.get(1);
            let cols: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            indexes.insert(name, (table.clone(), unique != 0, cols));
        }
    }
    (columns, indexes)
}

async fn postgres_schema(db: &Db) -> (Columns, Indexes) {
    let Db::Postgres(pool) = db else {
        unreachable!("a PostgreSQL database")
    };
    #[derive(sqlx::FromRow)]
    struct Column {
        table_name: String,
        column_name: String,
        data_type: String,
        is_nullable: String,
    }
    let rows: Vec<Column> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut columns = Columns::new();
    for c in rows {
        columns.entry(c.table_name).or_default().insert(
            c.column_name,
            (portable_type(&c.data_type), c.is_nullable == "YES"),
        );
    }
    // Indexes written in the migrations: not those PostgreSQL makes for a constraint.
    #[derive(sqlx::FromRow)]
    struct Index {
        name: String,
        table_name: String,
        is_unique: bool,
        columns: Vec<String>,
    }
    let rows: Vec<Index> = sqlx::query_as(
        "SELECT i.relname::text AS name, t.relname::text AS table_name, ix.indisunique AS is_unique, \
                ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n) \
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                      ORDER BY k.n) AS columns \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = current_schema() AND t.relname <> '_sqlx_migrations' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut indexes = Indexes::new();
    for ix in rows {
        indexes.insert(ix.name, (ix.table_name, ix.is_unique, ix.columns));
    }
    (columns, indexes)
}

async fn migrated(engine: Engine, dir: &std::path::Path) -> Db {
    let url = fresh_database(engine, dir)
        .await
        .expect("the parity test needs both engines");
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    db
}

/// Everything one side has that the other lacks or holds differently, one line each.
fn differences<V: PartialEq + std::fmt::Debug>(
    what: &str,
    sqlite: &BTreeMap<String, V>,
    postgres: &BTreeMap<String, V>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in sqlite {
        match postgres.get(k) {
            None => out.push(format!("{what} {k}: only on SQLite")),
            Some(p) if p != v => out.push(format!("{what} {k}: SQLite {v:?}, PostgreSQL {p:?}")),
            Some(_) => {}
        }
    }
    for k in postgres.keys().filter(|k| !sqlite.contains_key(*k)) {
        out.push(format!("{what} {k}: only on PostgreSQL"));
    }
    out
}

#[tokio::test]
async fn schema_parity_between_sqlite_and_postgres() {
    if std::env::var("DANGJIAN_TEST_PG_URL").is_err() && std::env::var("DANGJIAN_SKIP_PG").is_ok() {
        eprintln!("schema parity skipped: DANGJIAN_SKIP_PG is set");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (lite, pg) = (
        migrated(Engine::Sqlite, dir.path()).await,
        migrated(Engine::Postgres, dir.path()).await,
    );
    let (lite_cols, lite_ix) = sqlite_schema(&lite).await;
    let (pg_cols, mut pg_ix) = postgres_schema(&pg).await;
    for (name, _why) in ENGINE_SPECIFIC_INDEXES {
        assert!(
            pg_ix.remove(*name).is_some(),
            "{name} is no longer created: drop it from the list"
        );
    }
    assert!(lite_cols.len() >= 20, "the schema was read: {lite_cols:?}");
    let flatten = |c: &Columns| -> BTreeMap<String, (String, bool)> {
        c.iter()
            .flat_map(|(t, cols)| {
                cols.iter()
                    .map(move |(n, v)| (format!("{t}.{n}"), v.clone()))
            })
            .collect()
    };
    let tables =
        |c: &Columns| -> BTreeMap<String, ()> { c.keys().map(|t| (t.clone(), ())).collect() };
    let mut problems = differences("table", &tables(&lite_cols), &tables(&pg_cols));
    problems.extend(differences(
        "column",
        &flatten(&lite_cols),
        &flatten(&pg_cols),
    ));
    problems.extend(differences("index", &lite_ix, &pg_ix));
    assert!(
        problems.is_empty(),
        "the migration folders disagree:\n{}",
        problems.join("\n")
    );
}
