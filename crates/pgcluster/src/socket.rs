//! Chooses and prepares the unix socket directory, keeping socket paths under the kernel's limit.

use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::ClusterError;
use crate::run_as::RunAs;

/// Longest socket path we accept (`sun_path` holds 108 bytes with the terminating NUL).
const MAX_SOCKET_PATH: usize = 100;
/// Longest socket file name PostgreSQL puts in the directory, with its slash.
const SOCKET_FILE: &str = "/.s.PGSQL.65535.lock";

/// A socket directory and whether we picked it (then we may create and own it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SocketDir {
    pub(crate) path: PathBuf,
    pub(crate) chosen_by_us: bool,
}

/// The configured directory, else `<data_dir>/sockets`, else `/tmp/inbox-pg-<hash of data_dir>`.
pub(crate) fn choose(
    configured: Option<&Path>,
    data_dir: &Path,
) -> Result<SocketDir, ClusterError> {
    if let Some(dir) = configured {
        if !fits(dir) {
            return Err(ClusterError::InvalidConfig(format!(
                "socket directory {} is too long for a unix socket path",
                dir.display()
            )));
        }
        return Ok(SocketDir {
            path: dir.to_path_buf(),
            chosen_by_us: false,
        });
    }
    let inside = data_dir.join("sockets");
    let path = if fits(&inside) {
        inside
    } else {
        let digest = Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
        let hash = hex::encode(digest);
        PathBuf::from(format!("/tmp/inbox-pg-{}", hash.get(..16).unwrap_or(&hash)))
    };
    Ok(SocketDir {
        path,
        chosen_by_us: true,
    })
}

/// Creates the directory when it is ours to create, and checks nobody else owns it.
pub(crate) fn prepare(dir: &SocketDir, run_as: RunAs) -> Result<(), ClusterError> {
    let path = &dir.path;
    match std::fs::symlink_metadata(path) {
        Ok(meta) => {
            let foreign =
                !meta.is_dir() || (dir.chosen_by_us && meta.uid() != run_as.uid().as_raw());
            if foreign {
                return Err(ClusterError::ForeignSocketDir { path: path.clone() });
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir.chosen_by_us => {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(path)
                .map_err(ClusterError::io("could not create socket directory", path))?;
            run_as.give(path)
        }
        Err(e) => Err(ClusterError::io("could not inspect socket directory", path)(e)),
    }
}

fn fits(dir: &Path) -> bool {
    dir.as_os_str().len() + SOCKET_FILE.len() < MAX_SOCKET_PATH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_data_dirs_keep_their_socket_inside() {
        let dir = choose(None, Path::new("/var/lib/inbox/pg")).unwrap();
        assert_eq!(dir.path, PathBuf::from("/var/lib/inbox/pg/sockets"));
    }

    #[test]
    fn long_data_dirs_get_a_short_stable_socket_dir_under_tmp() {
        let long = PathBuf::from(format!("/home/{}/pg", "x".repeat(120)));
        let a = choose(None, &long).unwrap();
        assert!(a.path.starts_with("/tmp"), "{}", a.path.display());
        assert!(a.path.as_os_str().len() + SOCKET_FILE.len() < MAX_SOCKET_PATH);
        assert_eq!(a, choose(None, &long).unwrap(), "stable for one data dir");
        let other = choose(None, &long.with_file_name("pg2")).unwrap();
        assert_ne!(a.path, other.path, "distinct per data dir");
    }

    #[test]
    fn a_configured_socket_dir_that_is_too_long_is_rejected() {
        let long = PathBuf::from(format!("/{}", "y".repeat(100)));
        assert!(choose(Some(&long), Path::new("/pg")).is_err());
    }
}
