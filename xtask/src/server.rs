//! The server binary: `server` at the `release` profile (optimized for speed, README,
//! Profiles), with the Leptos variables the bundle was built with, so both sides agree on the
//! bundle's name.

use anyhow::Result;

use crate::cmd;
use crate::paths::{leptos_env, Paths};

pub fn build(paths: &Paths, features: Option<&str>) -> Result<()> {
    let mut cargo = cmd::cargo();
    cargo
        .current_dir(&paths.root)
        .args([
            "build",
            "--package=server",
            "--bin=dangjian",
            "--no-default-features",
            "--release",
        ])
        .envs(leptos_env());
    if let Some(features) = features {
        cargo.arg(format!("--features={features}"));
    }
    cmd::run(cargo, "cargo build of the server")
}
