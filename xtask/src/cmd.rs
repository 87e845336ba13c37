//! Running the tools: cargo, wasm-opt, esbuild, node — each found on PATH, with a message that
//! says how to get it when it is not.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// A tool that `scripts/bootstrap.sh` installs (from npm) and puts on PATH through its env file.
pub fn tool(name: &str) -> Result<Command> {
    let found = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
        .unwrap_or(false);
    if !found {
        bail!(
            "{name} is not on PATH: run scripts/bootstrap.sh, then `. ~/.local/share/dangjian-tools/env.sh`"
        );
    }
    Ok(Command::new(name))
}

pub fn run(mut command: Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("{what}: could not start"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

pub fn display(path: &Path) -> String {
    path.display().to_string()
}
