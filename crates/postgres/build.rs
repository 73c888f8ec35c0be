//! Embeds `migrations/V{n}__{name}.sql` from the workspace root into the crate, sorted by version.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/migrate/filename.rs"]
mod filename;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dir = manifest_dir.join("../../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut found = migration_files(&dir)?;
    found.sort_by_key(|(name, _)| name.version);
    if let Some(pair) = found.windows(2).find(|w| w[0].0.version == w[1].0.version) {
        return Err(format!("two migrations have version {}", pair[0].0.version).into());
    }
    let mut code = String::from("[\n");
    for (name, path) in &found {
        let path = path.to_str().ok_or("migration path is not UTF-8")?;
        writeln!(
            code,
            "    Migration::new({}, {:?}, include_str!({path:?})),",
            name.version, name.name
        )?;
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("migrations.rs");
    std::fs::write(out, code)?;
    Ok(())
}

/// Every `*.sql` file of `dir` (none when it is missing), parsed; other files are ignored.
fn migration_files(
    dir: &Path,
) -> Result<Vec<(filename::FileName, PathBuf)>, Box<dyn std::error::Error>> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !file.ends_with(".sql") {
            continue;
        }
        let name = filename::parse(file).map_err(|e| format!("migrations/{file}: {e}"))?;
        found.push((name, std::fs::canonicalize(&path)?));
    }
    Ok(found)
}
