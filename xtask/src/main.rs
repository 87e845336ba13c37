//! The project's build step (docs/build.md): the browser bundle (wasm-release, split into
//! lazy-route chunks, bound, optimized, minified, content-hashed, precompressed), the site's
//! static files and the server binary — what phones download and what the server serves —
//! with nothing compiled from source but this crate and its libraries.
//!
//! ```text
//! cargo xtask build [--frontend-only | --server-only] [--bin-features F]
//! ```

mod cmd;
mod front;
mod hash;
mod paths;
mod server;
mod site;

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::paths::Paths;

/// What to build: the browser side, the server, or both (the default).
struct Build {
    frontend: bool,
    server: bool,
    bin_features: Option<String>,
}

fn parse(args: &[String]) -> Result<Build> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("build") => {}
        Some(other) => bail!("unknown command {other:?}: the one command is `build`"),
        None => {
            bail!("usage: cargo xtask build [--frontend-only | --server-only] [--bin-features F]")
        }
    }
    let mut build = Build {
        frontend: true,
        server: true,
        bin_features: None,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--frontend-only" => build.server = false,
            "--server-only" => build.frontend = false,
            "--bin-features" => match it.next() {
                Some(features) => build.bin_features = Some(features.clone()),
                None => bail!("--bin-features needs a value, e.g. --bin-features simulator"),
            },
            other => bail!("unknown option {other:?}"),
        }
    }
    if !build.frontend && !build.server {
        bail!("--frontend-only and --server-only together build nothing");
    }
    Ok(build)
}

/// Runs one phase and prints how long it took, so a slow build says where its time went.
pub(crate) fn phase<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let start = Instant::now();
    say(&format!("▶ {name}"));
    let out = f()?;
    say(&format!("  {name}: {:.1} s", start.elapsed().as_secs_f64()));
    Ok(out)
}

pub(crate) fn say(line: &str) {
    eprintln!("[xtask] {line}");
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let build = parse(&args)?;
    let paths = Paths::of_workspace();
    let start = Instant::now();
    if build.frontend {
        let bundle = phase(
            "browser bundle (wasm-release, split, bound, optimized)",
            || front::bundle(&paths),
        )?;
        phase("site: style and static files", || site::assemble(&paths))?;
        phase("content-hashed names and hash.txt", || {
            hash::name_by_content(&paths, &bundle)
        })?;
        phase("precompress (brotli, gzip)", || site::precompress(&paths))?;
    }
    if build.server {
        phase("server (release)", || {
            server::build(&paths, build.bin_features.as_deref())
        })?;
    }
    say(&format!("done in {:.1} s", start.elapsed().as_secs_f64()));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    }
}
