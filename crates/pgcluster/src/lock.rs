//! An exclusive advisory file lock (`flock`) held for as long as the value lives.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};

use crate::error::ClusterError;

/// An exclusive `flock` on a file, released on drop; serialises work between processes.
#[derive(Debug)]
pub struct FileLock {
    _lock: Flock<File>,
    path: PathBuf,
}

impl FileLock {
    /// Creates `path` if needed and blocks until this process holds the lock on it.
    pub fn acquire(path: &Path) -> Result<Self, ClusterError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(ClusterError::io("could not open lock file", path))?;
        let lock = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, source)| {
            ClusterError::Lock {
                path: path.to_path_buf(),
                source,
            }
        })?;
        tracing::debug!(lock.path = %path.display(), "lock acquired");
        Ok(Self {
            _lock: lock,
            path: path.to_path_buf(),
        })
    }

    /// The locked file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The start-up lock file of a data directory: `.<name>.lock` beside it.
pub(crate) fn start_lock_path(data_dir: &Path) -> PathBuf {
    let name = data_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    data_dir.with_file_name(format!(".{name}.lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_lock_sits_beside_the_data_dir() {
        assert_eq!(
            start_lock_path(Path::new("/a/b/pg")),
            PathBuf::from("/a/b/.pg.lock")
        );
    }
}
