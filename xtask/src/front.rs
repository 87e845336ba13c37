//! The browser bundle: the `app` library with `hydrate` at the size-optimized `wasm-release`
//! profile, split into lazy-route chunks, bound by wasm-bindgen, optimized by wasm-opt and its
//! JavaScript minified (docs/build.md#the-browser-bundle).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

use crate::cmd;
use crate::paths::{leptos_env, Paths, MANIFEST, OUTPUT_NAME, SPLIT_LINK};

/// The files of one bundle in `pkg/`, before they get their hashed names.
pub struct Bundle {
    pub js: PathBuf,
    pub wasm: PathBuf,
    /// The loader module the lazy routes import their chunks through.
    pub split_js: PathBuf,
    /// One wasm file per lazy route or shared piece of them.
    pub chunks: Vec<PathBuf>,
    pub manifest: PathBuf,
}

pub fn bundle(paths: &Paths) -> Result<Bundle> {
    let app_wasm = crate::phase("cargo build app (hydrate, wasm32, wasm-release)", || {
        compile(paths)
    })?;
    crate::site::clean(paths)?;
    let (main_split, chunks, manifest) =
        crate::phase("split into lazy-route chunks", || split(paths, &app_wasm))?;
    let (js, wasm) = crate::phase("wasm-bindgen", || bind(paths, &main_split))?;
    let mut all_wasm = vec![wasm.clone()];
    all_wasm.extend(chunks.iter().cloned());
    crate::phase("wasm-opt -Oz", || optimize(&all_wasm))?;
    crate::phase("minify JavaScript (esbuild)", || minify_js(&js))?;
    Ok(Bundle {
        js,
        wasm,
        split_js: paths.pkg.join(SPLIT_LINK),
        chunks,
        manifest,
    })
}

fn compile(paths: &Paths) -> Result<PathBuf> {
    let mut cargo = cmd::cargo();
    cargo
        .current_dir(&paths.root)
        .args([
            "build",
            "--package=app",
            "--lib",
            "--target=wasm32-unknown-unknown",
        ])
        .arg(format!(
            "--target-dir={}",
            cmd::display(&paths.front_target)
        ))
        .args([
            "--no-default-features",
            "--features=hydrate",
            "--profile=wasm-release",
        ])
        .envs(leptos_env());
    // Where rustup has no wasm32 standard library, bootstrap chose Debian's rustc-web and
    // `-Zbuild-std` for this build only (README, Toolchain).
    if let Ok(flags) = std::env::var("WASM_CARGO_ZFLAGS") {
        cargo.args(flags.split_whitespace());
    }
    // The wasm-split step reads the linker's relocations (`--emit-relocs`), which
    // `.cargo/config.toml` asks for on wasm32 only.
    cmd::run(cargo, "cargo build of the browser bundle")?;
    Ok(paths
        .front_target
        .join("wasm32-unknown-unknown")
        .join("wasm-release")
        .join("app.wasm"))
}

type Split = (PathBuf, Vec<PathBuf>, PathBuf);

fn split(paths: &Paths, app_wasm: &Path) -> Result<Split> {
    let input = fs::read(app_wasm).with_context(|| format!("reading {}", app_wasm.display()))?;
    let main_out = app_wasm.with_file_name("app_split.wasm");
    let main_module = format!("./{OUTPUT_NAME}.js");
    let link_name = format!("./{SPLIT_LINK}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &paths.pkg;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    let split =
        wasm_split_cli_support::transform(options).map_err(|e| anyhow!("wasm-split: {e:?}"))?;
    // Sorted, so the same bundle gives the same manifest and the same hashed name every time.
    let sorted: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    let manifest = paths.pkg.join(MANIFEST);
    fs::write(&manifest, serde_json::to_string_pretty(&sorted)?)?;
    Ok((main_out, split.split_modules, manifest))
}

fn bind(paths: &Paths, main_split: &Path) -> Result<(PathBuf, PathBuf)> {
    // The options `wasm-bindgen --target=web --keep-lld-exports --no-demangle` gives, which the
    // split main module needs: the chunks call into it by the linker's export names.
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(main_split)
        .out_name(OUTPUT_NAME)
        .web(true)?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false)
        .omit_default_module_path(false)
        .generate(&paths.pkg)
        .context("wasm-bindgen")?;
    let wasm = paths.pkg.join(format!("{OUTPUT_NAME}.wasm"));
    fs::rename(paths.pkg.join(format!("{OUTPUT_NAME}_bg.wasm")), &wasm)?;
    Ok((paths.pkg.join(format!("{OUTPUT_NAME}.js")), wasm))
}

/// wasm-opt from npm `binaryen` (README, Toolchain: Debian's older one breaks hydration), on
/// the main module and every chunk, as many at a time as there are cores.
fn optimize(files: &[PathBuf]) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(i) else {
                            return Ok(());
                        };
                        let mut opt = cmd::tool("wasm-opt")?;
                        opt.args([
                            "-Oz",
                            "--enable-bulk-memory",
                            "--enable-nontrapping-float-to-int",
                        ])
                        .arg(file)
                        .arg("-o")
                        .arg(file);
                        cmd::run(opt, &format!("wasm-opt {}", file.display()))?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| anyhow!("a wasm-opt worker panicked"))?
        })
    })
}

/// esbuild from npm (a prebuilt binary): the bindings module only, as cargo-leptos did; the
/// chunk loader is small and left as written.
fn minify_js(js: &Path) -> Result<()> {
    let mut esbuild = cmd::tool("esbuild")?;
    esbuild
        .arg(js)
        .args([
            "--minify",
            "--format=esm",
            "--allow-overwrite",
            "--log-level=warning",
        ])
        // wasm-bindgen lists one import object per import of the loader, under one key.
        .args(["--log-override:duplicate-object-key=silent"])
        .arg(format!("--outfile={}", js.display()));
    cmd::run(esbuild, "esbuild (minify the bindings)")
}
