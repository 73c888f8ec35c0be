//! Why a test database or the shared test cluster could not be provided.

use std::path::PathBuf;

use inbox_pgcluster::ClusterError;
use inbox_postgres::migrate::MigrateError;

/// Why the harness could not provide a database.
#[derive(Debug, thiserror::Error)]
pub enum TestDbError {
    /// The shared cluster could not be started or reused.
    #[error("could not start the shared test cluster")]
    Cluster(#[from] ClusterError),
    /// Migrating the template database failed: the migrations do not apply cleanly.
    #[error("could not migrate the template database {template}")]
    Migrate {
        /// The template being built.
        template: String,
        /// The runner's error.
        #[source]
        source: MigrateError,
    },
    /// A statement or connection failed.
    #[error("{action}")]
    Database {
        /// What was being done.
        action: &'static str,
        /// The database error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Preparing the harness directory failed.
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
    /// A blocking start-up task panicked or was cancelled.
    #[error("a blocking start-up task failed")]
    Blocking(#[from] tokio::task::JoinError),
}

impl TestDbError {
    /// Wraps a database error with what was being done.
    pub(crate) fn db(action: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Self {
        move |source| Self::Database { action, source }
    }
}
