//! `dangjian bench queries`: p50/p99 of the key storage queries on the configured database,
//! measured through the same service functions the app calls. Run by `bench/storage.sh`.

// A benchmark over a seeded county: indices stay inside lists checked non-empty above.
#![allow(clippy::indexing_slicing)]

use std::{fmt, time::Instant};

use crate::{members, rankings, storage::Db, with_pool};

pub struct QueryTiming {
    pub name: &'static str,
    pub runs: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub struct BenchReport {
    pub engine: &'static str,
    pub members: i64,
    pub timings: Vec<QueryTiming>,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.timings {
            writeln!(
                f,
                "| {} | {} | {} | {} | {:.2} | {:.2} |",
                self.engine, self.members, t.name, t.runs, t.p50_ms, t.p99_ms
            )?;
        }
        Ok(())
    }
}

fn summarize(name: &'static str, mut ms: Vec<f64>) -> QueryTiming {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    QueryTiming {
        name,
        runs: ms.len(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    }
}

pub async fn queries(db: &Db, iterations: usize) -> anyhow::Result<BenchReport> {
    let iterations = iterations.max(1);
    let year = crate::clock::today_china().year();
    let members: i64;
    let committees: Vec<domain::OrgPath>;
    let branches: Vec<domain::OrgId>;
    let root: domain::OrgPath;
    (members, committees, branches, root) = with_pool!(db, pool => {
        (
            sqlx::query_scalar("SELECT COUNT(*) FROM members").fetch_one(pool).await?,
            sqlx::query_scalar(
                "SELECT path FROM organizations WHERE kind IN \
                 ('party_committee', 'work_committee', 'flowing_committee') ORDER BY id",
            )
            .fetch_all(pool)
            .await?,
            sqlx::query_scalar(
                "SELECT o.id FROM organizations o WHERE EXISTS \
                 (SELECT 1 FROM members m WHERE m.org_id = o.id) ORDER BY o.id",
            )
            .fetch_all(pool)
            .await?,
            sqlx::query_scalar("SELECT path FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                .fetch_one(pool)
                .await?,
        )
    });
    anyhow::ensure!(
        !committees.is_empty() && !branches.is_empty(),
        "no data: seed first"
    );
    // Spread the targets over the tree with a fixed stride, so runs are comparable.
    let pick = |i: usize, len: usize| (i * 7919) % len;
    let mut roster = Vec::new();
    let mut branch = Vec::new();
    let mut committee = Vec::new();
    for i in 0..iterations {
        let path = &committees[pick(i, committees.len())];
        let t = Instant::now();
        members::roster(db, path, 1, 50).await?;
        roster.push(t.elapsed().as_secs_f64() * 1e3);

        let t = Instant::now();
        rankings::branch_members(db, branches[pick(i, branches.len())], year).await?;
        branch.push(t.elapsed().as_secs_f64() * 1e3);

        let t = Instant::now();
        rankings::branches_under(db, path, year).await?;
        committee.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut county = Vec::new();
    for _ in 0..iterations.div_ceil(10).max(5) {
        let t = Instant::now();
        rankings::branches_under(db, &root, year).await?;
        county.push(t.elapsed().as_secs_f64() * 1e3);
    }
    // The search box at the county, the widest scope: pinyin initials and a mobile tail.
    let mut search = Vec::new();
    for q in ["zjm", "wang", "1234", "lqz"]
        .iter()
        .cycle()
        .take(iterations.div_ceil(5).max(8))
    {
        let t = Instant::now();
        crate::search::search_in(db, &root, q).await?;
        search.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(BenchReport {
        engine: db.engine(),
        members,
        timings: vec![
            summarize("subtree members (committee roster page + count)", roster),
            summarize("branch ranking (members of a branch)", branch),
            summarize("committee's branches ranking", committee),
            summarize("county's branches ranking", county),
            summarize("search box, county scope (pinyin, mobile tail)", search),
        ],
    })
}

/// `dangjian bench bare`: the floor for the page benchmarks (`bench/boards.sh`) — one axum
/// handler with no database, session or rendering, in the same binary and runtime as `serve`,
/// so the ratio shows what the product's own work costs.
pub async fn serve_bare(listen: std::net::SocketAddr) -> anyhow::Result<()> {
    use axum::{response::Html, routing::get, Router};
    let app = Router::new().route(
        "/",
        get(|| async { Html("<!DOCTYPE html><html lang=\"zh-CN\"><body>排名</body></html>") }),
    );
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("bare handler on http://{}/", listener.local_addr()?);
    // Configured as `serve` is, so the floor is comparable.
    let listener = listener.tap_io(crate::http::no_delay);
    axum::serve(listener, app).await?;
    Ok(())
}
