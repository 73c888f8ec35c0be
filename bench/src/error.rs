//! The harness's one error type: what failed, with the cause spelled out for a person at a terminal.

use std::fmt::Display;

/// Anything that stops a benchmark command.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The local PostgreSQL cluster could not be created, started or reused.
    #[error("PostgreSQL cluster: {0}")]
    Cluster(#[from] inbox_pgcluster::ClusterError),
    /// A statement or connection failed.
    #[error("database, {context}: {message}")]
    Db {
        /// What the harness was doing.
        context: String,
        /// The server's message when there is one, else the driver's.
        message: String,
    },
    /// Applying the app's migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] inbox_postgres::migrate::MigrateError),
    /// A file or process operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What the harness was doing.
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An HTTP request of the harness itself (setup, prefetch) failed.
    #[error("HTTP, {0}")]
    Http(String),
    /// Anything else, already phrased for the reader.
    #[error("{0}")]
    Other(String),
}

impl BenchError {
    /// Maps a driver error, keeping the server's message (the driver's own `Display` hides it).
    pub fn db(context: impl Display) -> impl FnOnce(tokio_postgres::Error) -> Self {
        move |e| {
            let message = match e.as_db_error() {
                Some(db) => format!("{}: {}", db.code().code(), db.message()),
                None => e.to_string(),
            };
            Self::Db {
                context: context.to_string(),
                message,
            }
        }
    }

    /// Maps an I/O error with what the harness was doing.
    pub fn io(context: impl Display) -> impl FnOnce(std::io::Error) -> Self {
        move |source| Self::Io {
            context: context.to_string(),
            source,
        }
    }

    /// An error from a plain message.
    pub fn other(message: impl Into<String>) -> Self {
        Self::Other(message.into())
    }
}

/// Result of the harness.
pub type Result<T, E = BenchError> = std::result::Result<T, E>;
