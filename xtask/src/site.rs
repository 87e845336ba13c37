//! The rest of the site: an empty `target/site` to start from, the stylesheet, the static
//! files from `public/`, and the precompressed copies the server sends (docs/build.md#site).

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cmd;
use crate::paths::{Paths, OUTPUT_NAME};

/// Empties `target/site` and makes `pkg/`: nothing from an older build may be served.
pub fn clean(paths: &Paths) -> Result<()> {
    if paths.site.exists() {
        fs::remove_dir_all(&paths.site)
            .with_context(|| format!("emptying {}", paths.site.display()))?;
    }
    fs::create_dir_all(&paths.pkg)?;
    Ok(())
}

pub fn assemble(paths: &Paths) -> Result<()> {
    minify_css(paths)?;
    let public = paths.root.join("public");
    for entry in fs::read_dir(&public).with_context(|| format!("reading {}", public.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        // The bundle owns `pkg/`; a static file of that name would be shadowed by it.
        if name == "pkg" {
            bail!("public/pkg would clash with the bundle's folder: rename it");
        }
        copy_all(&entry.path(), &paths.site.join(name))?;
    }
    vendor_hls(paths)
}

/// hls.js (the light build: playback only), installed from npm by the bootstrap beside esbuild,
/// copied to `/vendor/`: `/video.js` loads it only when a page shows an HLS stream and the
/// browser has Media Source Extensions (docs/rules.md#grid-centre-video).
fn vendor_hls(paths: &Paths) -> Result<()> {
    let esbuild = std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("esbuild"))
                .find(|p| p.is_file())
        })
        .context("esbuild is not on PATH: run scripts/bootstrap.sh")?;
    // `.../npm/node_modules/.bin/esbuild` -> `.../npm/node_modules/hls.js/dist/`
    let modules = esbuild
        .parent()
        .and_then(Path::parent)
        .context("esbuild's folder has no parent")?;
    let from = modules.join("hls.js").join("dist").join("hls.light.min.js");
    if !from.is_file() {
        bail!(
            "{} is missing: run scripts/bootstrap.sh (it installs hls.js from npm)",
            from.display()
        );
    }
    let vendor = paths.site.join("vendor");
    fs::create_dir_all(&vendor)?;
    fs::copy(&from, vendor.join("hls.light.min.js"))
        .with_context(|| format!("copying {}", from.display()))?;
    Ok(())
}

/// `style/main.css`, minified for the browsers the county's phones run (WeChat's built-in
/// browser is Chromium; iPhones run Safari).
fn minify_css(paths: &Paths) -> Result<()> {
    let mut esbuild = cmd::tool("esbuild")?;
    esbuild
        .arg(paths.root.join("style").join("main.css"))
        .args([
            "--minify",
            "--log-level=warning",
            "--target=chrome87,edge88,firefox78,safari14",
        ])
        .arg(format!(
            "--outfile={}",
            paths.pkg.join(format!("{OUTPUT_NAME}.css")).display()
        ));
    cmd::run(esbuild, "esbuild (minify style/main.css)")
}

fn copy_all(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            copy_all(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else {
        fs::copy(from, to).with_context(|| format!("copying {}", from.display()))?;
    }
    Ok(())
}

/// Brotli (quality 11) and gzip beside every bundle file, made once here so the server never
/// compresses them per request (scripts/precompress.mjs).
pub fn precompress(paths: &Paths) -> Result<()> {
    let mut node = cmd::tool("node")?;
    node.arg(paths.root.join("scripts").join("precompress.mjs"))
        .arg(&paths.pkg)
        .arg(paths.site.join("vendor"));
    cmd::run(node, "scripts/precompress.mjs")
}
