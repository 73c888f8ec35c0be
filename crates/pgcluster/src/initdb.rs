//! Creates a new cluster in an empty data directory with `initdb`.

use std::path::Path;

use crate::binaries::Binaries;
use crate::command::run;
use crate::error::ClusterError;
use crate::run_as::RunAs;

/// Locales tried in order: Unicode-aware case mapping first, plain C where `C.UTF-8` is missing.
const LOCALES: [&str; 2] = ["C.UTF-8", "C"];

/// Whether `data_dir` already holds a cluster.
pub(crate) fn is_initialised(data_dir: &Path) -> bool {
    data_dir.join("PG_VERSION").is_file()
}

/// The major version that created the cluster in `data_dir`, if there is one.
pub(crate) fn data_version(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(data_dir.join("PG_VERSION"))
        .ok()
        .map(|v| v.trim().to_owned())
}

/// Runs `initdb` (trust auth, UTF8) into the empty `data_dir`, refusing a directory with other files.
pub(crate) fn initdb(
    bins: &Binaries,
    run_as: RunAs,
    data_dir: &Path,
    superuser: &str,
    no_sync: bool,
) -> Result<(), ClusterError> {
    let mut entries =
        std::fs::read_dir(data_dir).map_err(ClusterError::io("could not list", data_dir))?;
    if entries.next().is_some() {
        return Err(ClusterError::NotADataDir {
            path: data_dir.to_path_buf(),
        });
    }
    let mut last_error = None;
    for locale in LOCALES {
        let mut cmd = run_as.command(&bins.program("initdb"));
        cmd.arg("-D")
            .arg(data_dir)
            .args(["-U", superuser, "--auth=trust", "-E", "UTF8"])
            .arg(format!("--locale={locale}"));
        if no_sync {
            cmd.arg("--no-sync");
        }
        match run(&mut cmd, "initdb") {
            Ok(_) => {
                tracing::info!(data_dir = %data_dir.display(), locale, version = bins.major(), "created PostgreSQL cluster");
                return Ok(());
            }
            Err(e) => {
                tracing::warn!(locale, error = %e, "initdb failed with this locale");
                last_error = Some(e);
            }
        }
    }
    Err(last_error.unwrap_or(ClusterError::BinariesNotFound))
}
