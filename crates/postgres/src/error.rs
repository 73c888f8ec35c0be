//! Errors of setting up the PostgreSQL backend (configuration, connection, migrations).

use thiserror::Error;

use crate::migrate::MigrateError;

/// Why the backend could not be built or migrated. Messages name hosts, never credentials.
#[derive(Debug, Error)]
pub enum PgError {
    /// The settings are unusable (bad URL, pool sizes, timeouts).
    #[error("invalid PostgreSQL settings: {0}")]
    Config(String),
    /// No working connection could be made to `target` (hosts and ports).
    #[error("cannot connect to PostgreSQL at {target}")]
    Connect {
        /// Hosts and ports tried.
        target: String,
        /// What failed: the driver's or the pool's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The migration runner failed.
    #[error("migrating the PostgreSQL schema failed")]
    Migrate(#[from] MigrateError),
}
