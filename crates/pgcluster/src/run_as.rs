//! Who runs the server programs: the current user, or the `postgres` system user when we are root.

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use nix::unistd::{Gid, Uid, User, chown, geteuid};

use crate::error::ClusterError;

/// The system user PostgreSQL runs as when we are root.
const SYSTEM_USER: &str = "postgres";

/// Environment variables that would make a server program look at another cluster.
const PG_ENV: [&str; 5] = ["PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE"];

/// The identity server programs run under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunAs {
    /// Ourselves (we are not root).
    Current,
    /// The `postgres` system user (we are root, which PostgreSQL refuses).
    System { uid: Uid, gid: Gid },
}

impl RunAs {
    /// Picks the identity: ourselves, or the `postgres` user when we are root.
    pub(crate) fn detect() -> Result<Self, ClusterError> {
        if !geteuid().is_root() {
            return Ok(Self::Current);
        }
        match User::from_name(SYSTEM_USER) {
            Ok(Some(user)) => Ok(Self::System {
                uid: user.uid,
                gid: user.gid,
            }),
            Ok(None) => Err(ClusterError::NoPostgresUser),
            Err(errno) => Err(ClusterError::UserLookup(errno)),
        }
    }

    /// The uid the server processes run with.
    pub(crate) fn uid(self) -> Uid {
        match self {
            Self::Current => geteuid(),
            Self::System { uid, .. } => uid,
        }
    }

    /// A command for a server program, running as this identity, from `/`, without `PG*` overrides.
    pub(crate) fn command(self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir("/");
        for var in PG_ENV {
            cmd.env_remove(var);
        }
        if let Self::System { uid, gid } = self {
            cmd.uid(uid.as_raw()).gid(gid.as_raw());
        }
        cmd
    }

    /// Makes `path` owned by this identity (a no-op when running as ourselves).
    pub(crate) fn give(self, path: &Path) -> Result<(), ClusterError> {
        let Self::System { uid, gid } = self else {
            return Ok(());
        };
        chown(path, Some(uid), Some(gid)).map_err(|source| ClusterError::Chown {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Checks that this identity may enter every parent directory of `dir`.
    pub(crate) fn check_reachable(self, dir: &Path) -> Result<(), ClusterError> {
        let Self::System { uid, gid } = self else {
            return Ok(());
        };
        for parent in dir.ancestors().skip(1) {
            let meta =
                std::fs::metadata(parent).map_err(ClusterError::io("could not inspect", parent))?;
            let bit = if meta.uid() == uid.as_raw() {
                0o100
            } else if meta.gid() == gid.as_raw() {
                0o010
            } else {
                0o001
            };
            if meta.mode() & bit == 0 {
                return Err(ClusterError::NotTraversable {
                    path: parent.to_path_buf(),
                });
            }
        }
        Ok(())
    }
}
