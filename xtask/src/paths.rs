//! Where everything goes: the same places cargo-leptos used, so the server, the scripts and a
//! deployment find the site where they always did (docs/build.md#outputs).

use std::path::{Path, PathBuf};

/// The name the browser bundle's files start with (`dangjian.<hash>.js`, …); the server's
/// Leptos options use the same name (server/src/http/state.rs).
pub const OUTPUT_NAME: &str = "dangjian";

/// The module the split wasm imports its chunk loaders from, before it gets its hashed name.
/// Same length as every hashed name (22 characters of base64url MD5), so the wasm files can be
/// patched in place (docs/build.md#hashing).
pub const SPLIT_LINK: &str = "__wasm_split.______________________.js";

pub const MANIFEST: &str = "__wasm_split_manifest.json";

pub struct Paths {
    pub root: PathBuf,
    /// `target/site`: the server's site root.
    pub site: PathBuf,
    /// `target/site/pkg`: the bundle.
    pub pkg: PathBuf,
    /// The wasm build's own target directory: its RUSTFLAGS differ from the server's, and one
    /// shared directory would rebuild every dependency each time the other side builds.
    pub front_target: PathBuf,
    /// `target/release`: the server binary and the `hash.txt` beside it.
    pub release: PathBuf,
}

impl Paths {
    pub fn of_workspace() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let target = root.join("target");
        Self {
            site: target.join("site"),
            pkg: target.join("site").join("pkg"),
            front_target: target.join("front"),
            release: target.join("release"),
            root,
        }
    }
}

/// The variables Leptos reads while it is compiled (`option_env!`), set alike for both sides.
/// Only the output name matters to this project (it builds its Leptos options in code); the
/// page asks for `<name>.wasm` only when it is set.
pub fn leptos_env() -> [(&'static str, &'static str); 1] {
    [("LEPTOS_OUTPUT_NAME", OUTPUT_NAME)]
}
