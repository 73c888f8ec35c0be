//! Everything that can go wrong while finding, creating, starting or stopping a cluster.

use std::path::PathBuf;
use std::process::ExitStatus;

/// Why a cluster could not be created, started, reused or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// No directory with `initdb`, `pg_ctl` and `postgres` was found.
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH, via \
         `pg_config --bindir` or under /usr/lib/postgresql/*/bin; install the PostgreSQL server \
         (Debian/Ubuntu: `apt-get install -y postgresql`)"
    )]
    BinariesNotFound,
    /// The configured `bin_dir` lacks one of the server programs.
    #[error("{bin_dir} does not contain initdb, pg_ctl and postgres")]
    IncompleteBinDir {
        /// The configured directory.
        bin_dir: PathBuf,
    },
    /// The data directory belongs to a PostgreSQL major version whose binaries are not installed.
    #[error(
        "data directory {data_dir} was created by PostgreSQL {data_version} but the binaries found \
         are PostgreSQL {found}; install postgresql-{data_version} or use a new data directory"
    )]
    VersionMismatch {
        /// The data directory.
        data_dir: PathBuf,
        /// Major version recorded in its `PG_VERSION`.
        data_version: String,
        /// Major version of the binaries found.
        found: String,
    },
    /// Running as root, but there is no `postgres` user to run the server as.
    #[error(
        "running as root, but there is no `postgres` system user to run the server as \
         (PostgreSQL refuses to run as root); install the PostgreSQL server package or create the user"
    )]
    NoPostgresUser,
    /// Looking up the `postgres` user failed.
    #[error("could not look up the `postgres` system user")]
    UserLookup(#[source] nix::errno::Errno),
    /// The `postgres` user cannot reach the data directory.
    #[error(
        "the `postgres` user cannot enter {path}, a parent of the data directory; choose a data \
         directory under a world-searchable path or run `chmod o+x {path}`"
    )]
    NotTraversable {
        /// The directory lacking search permission.
        path: PathBuf,
    },
    /// The data directory holds files but no cluster.
    #[error("{path} is not empty and is not a PostgreSQL data directory; refusing to touch it")]
    NotADataDir {
        /// The data directory.
        path: PathBuf,
    },
    /// The socket directory exists and is not ours.
    #[error("socket directory {path} is not a directory owned by the server user; remove it")]
    ForeignSocketDir {
        /// The socket directory.
        path: PathBuf,
    },
    /// A configuration value is unusable.
    #[error("invalid cluster configuration: {0}")]
    InvalidConfig(String),
    /// A file system operation failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Changing the owner of a path to the `postgres` user failed.
    #[error("could not give {path} to the `postgres` user")]
    Chown {
        /// The path involved.
        path: PathBuf,
        /// The cause.
        #[source]
        source: nix::errno::Errno,
    },
    /// Taking the start-up lock failed.
    #[error("could not lock {path}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: nix::errno::Errno,
    },
    /// A server program could not be run at all.
    #[error("could not run {program}")]
    Spawn {
        /// The program.
        program: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A server program ran and failed.
    #[error("{program} failed ({status}): {output}")]
    CommandFailed {
        /// The program.
        program: String,
        /// Its exit status.
        status: ExitStatus,
        /// The end of its combined output.
        output: String,
    },
    /// The server would not start.
    #[error("PostgreSQL did not start after {attempts} attempts; end of its log:\n{log_tail}")]
    StartFailed {
        /// How many starts were tried.
        attempts: u32,
        /// The last lines of the server log.
        log_tail: String,
        /// The last `pg_ctl` failure, if `pg_ctl` itself failed.
        #[source]
        source: Option<Box<ClusterError>>,
    },
    /// A server already running in the data directory did not become ready in time.
    #[error("the server running in {data_dir} did not become ready within {seconds}s")]
    NotReady {
        /// The data directory.
        data_dir: PathBuf,
        /// How long we waited.
        seconds: u64,
    },
}

impl ClusterError {
    /// Wraps an I/O error with what was being done and where.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }
}
