//! The server log beside the data directory: created for the server user, rotated once when large.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use crate::error::ClusterError;
use crate::run_as::RunAs;

/// Past this size the log is moved to `postgres.log.old` before a start.
const ROTATE_BYTES: u64 = 10 * 1024 * 1024;

/// Where the server of `data_dir` logs: `<data_dir>/../postgres.log`.
pub(crate) fn path_for(data_dir: &Path) -> PathBuf {
    data_dir.with_file_name("postgres.log")
}

/// Creates the log file (owned by the server user, so it may append) and rotates a large one.
pub(crate) fn prepare(data_dir: &Path, run_as: RunAs) -> Result<PathBuf, ClusterError> {
    let path = path_for(data_dir);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > ROTATE_BYTES) {
        let old = path.with_extension("log.old");
        std::fs::rename(&path, &old).map_err(ClusterError::io("could not rotate", &path))?;
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(ClusterError::io("could not create server log", &path))?;
    run_as.give(&path)?;
    Ok(path)
}

/// The last `lines` lines of the log, or a note that it could not be read.
pub(crate) fn tail(path: &Path, lines: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => crate::command::tail(&String::from_utf8_lossy(&bytes), lines),
        Err(e) => format!("(could not read {}: {e})", path.display()),
    }
}
