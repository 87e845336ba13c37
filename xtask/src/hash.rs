//! Content-hashed names for the bundle, so the server can send them as immutable
//! (docs/build.md#hashing), and `hash.txt`, where the server's pages look the names up.
//!
//! The bindings, the loader, the chunks and the manifest name one another, in a cycle (the
//! loader fetches the chunks; a chunk that opens another lazy route imports the loader). So the
//! names are not taken from final bytes: each file's name is the MD5 of its own bytes together
//! with a digest of every file of the bundle as built, before any name is written into them.
//! A change anywhere in the bundle renames all of it, and a name never stands for two contents.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use md5::{Digest, Md5};

use crate::front::Bundle;
use crate::paths::{Paths, OUTPUT_NAME, SPLIT_LINK};

/// 22 characters of base64url: the length of the loader's placeholder name's middle part.
fn encode(digest: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(digest)
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("{} has no file name", path.display()))
}

/// `stem.<hash>.ext`; the loader's placeholder is replaced instead.
fn hashed_name(name: &str, hash: &str) -> String {
    let placeholder = "______________________";
    if name.contains(placeholder) {
        return name.replacen(placeholder, hash, 1);
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

pub fn name_by_content(paths: &Paths, bundle: &Bundle) -> Result<()> {
    let mut linked: Vec<PathBuf> = vec![
        bundle.js.clone(),
        bundle.wasm.clone(),
        bundle.split_js.clone(),
        bundle.manifest.clone(),
    ];
    linked.extend(bundle.chunks.iter().cloned());
    let mut contents = BTreeMap::new();
    for path in &linked {
        contents.insert(
            file_name(path)?,
            fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        );
    }
    let mut whole = Md5::new();
    for (name, bytes) in &contents {
        whole.update(name.as_bytes());
        whole.update((bytes.len() as u64).to_le_bytes());
        whole.update(bytes);
    }
    let whole = whole.finalize();
    // old name -> new name, for every linked file.
    let mut renamed = BTreeMap::new();
    for (name, bytes) in &contents {
        let hash = encode(
            &Md5::new()
                .chain_update(whole)
                .chain_update(bytes)
                .finalize(),
        );
        renamed.insert(name.clone(), hashed_name(name, &hash));
    }
    let new = |old: &str| {
        renamed
            .get(old)
            .cloned()
            .ok_or_else(|| anyhow!("{old} was not hashed"))
    };

    // Names inside the JavaScript: the bindings import the loader; the loader imports the
    // bindings and fetches each chunk.
    for js in [&bundle.js, &bundle.split_js] {
        let mut text = fs::read_to_string(js)?;
        for (old, new) in &renamed {
            text = text.replace(&format!("./{old}\""), &format!("./{new}\""));
        }
        fs::write(js, text)?;
    }
    // Names inside the wasm files: the main module, and chunks that open lazy routes, import
    // the loader by name; the hashed name has the placeholder's length, so it is patched in place.
    let link_new = new(SPLIT_LINK)?;
    for wasm in std::iter::once(&bundle.wasm).chain(&bundle.chunks) {
        let bytes = fs::read(wasm)?;
        fs::write(
            wasm,
            replace_bytes(&bytes, SPLIT_LINK.as_bytes(), link_new.as_bytes())?,
        )?;
    }
    let main_js = fs::read_to_string(&bundle.js)?;
    let loader = fs::read_to_string(&bundle.split_js)?;
    if main_js.contains(SPLIT_LINK) || !main_js.contains(&link_new) {
        bail!("the bindings do not import the loader as ./{SPLIT_LINK}: the name could not be rewritten");
    }
    if !loader.contains(&format!("./{}\"", new(&format!("{OUTPUT_NAME}.js"))?)) {
        bail!(
            "the chunk loader does not import ./{OUTPUT_NAME}.js: the name could not be rewritten"
        );
    }
    // The manifest lists each lazy route's files by stem (`chunk_3`, `split_…`).
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&fs::read(&bundle.manifest)?)?;
    let stem = |name: &str| name.strip_suffix(".wasm").map(str::to_owned);
    let mut rewritten = BTreeMap::new();
    for (route, stems) in manifest {
        let files = stems
            .iter()
            .map(|s| {
                new(&format!("{s}.wasm"))
                    .and_then(|n| stem(&n).ok_or_else(|| anyhow!("{n} is not wasm")))
            })
            .collect::<Result<Vec<_>>>()?;
        rewritten.insert(route, files);
    }
    fs::write(&bundle.manifest, serde_json::to_string(&rewritten)?)?;

    for path in &linked {
        let old = file_name(path)?;
        fs::rename(path, path.with_file_name(new(&old)?))?;
    }
    let css_name = format!("{OUTPUT_NAME}.css");
    let css = paths.pkg.join(&css_name);
    let css_hash = encode(&Md5::digest(fs::read(&css)?));
    fs::rename(&css, paths.pkg.join(hashed_name(&css_name, &css_hash)))?;

    // What Leptos reads beside the server binary (HydrationScripts, HashedStylesheet).
    let hash_of = |old: &str| -> Result<String> {
        let n = new(old)?;
        let (_, rest) = n.split_once('.').ok_or_else(|| anyhow!("{n}"))?;
        Ok(rest.split_once('.').map_or(rest, |(h, _)| h).to_owned())
    };
    let text = format!(
        "js: {}\nwasm: {}\ncss: {css_hash}\nmanifest: {}\nsplit: {}\n",
        hash_of(&format!("{OUTPUT_NAME}.js"))?,
        hash_of(&format!("{OUTPUT_NAME}.wasm"))?,
        hash_of(crate::paths::MANIFEST)?,
        hash_of(SPLIT_LINK)?,
    );
    fs::create_dir_all(&paths.release)?;
    fs::write(paths.release.join("hash.txt"), text)?;
    Ok(())
}

/// Every occurrence of `from` replaced by `to`, of the same length.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Result<Vec<u8>> {
    if from.len() != to.len() || from.is_empty() {
        bail!("a name patched into wasm must keep its length");
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = rest.get(from.len()..).unwrap_or_default();
        } else if let Some((first, tail)) = rest.split_first() {
            out.push(*first);
            rest = tail;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_extension_and_fill_the_placeholder() {
        assert_eq!(hashed_name("dangjian.js", "H"), "dangjian.H.js");
        assert_eq!(
            hashed_name("__wasm_split.______________________.js", "abc"),
            "__wasm_split.abc.js"
        );
        let hash = encode(&Md5::digest(b"x"));
        assert_eq!(hash.len(), 22);
        assert_eq!(hashed_name(SPLIT_LINK, &hash).len(), SPLIT_LINK.len());
    }

    #[test]
    fn wasm_patches_every_occurrence_in_place() {
        let out = replace_bytes(b"a__b__", b"__", b"XY").unwrap();
        assert_eq!(out, b"aXYbXY");
        assert!(replace_bytes(b"a", b"a", b"bc").is_err());
    }
}
