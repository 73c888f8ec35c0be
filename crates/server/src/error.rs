//! Why `inboxd` could not start or finish a command.

use thiserror::Error;

/// A failure at startup or in a CLI command; printed with its cause chain, then exit 1.
#[derive(Debug, Error)]
pub enum StartupError {
    /// The configuration could not be read.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The embedded PostgreSQL cluster could not be created or started.
    #[error("the embedded PostgreSQL cluster could not start")]
    Embedded(#[source] inbox_pgcluster::ClusterError),
    /// The embedded cluster runs but its database could not be prepared.
    #[error("could not prepare the embedded database")]
    EmbeddedConnect(#[source] tokio_postgres::Error),
    /// PostgreSQL could not be reached or the pool could not be built.
    #[error("PostgreSQL is not usable")]
    Postgres(#[source] inbox_postgres::PgError),
    /// Migrations failed or the schema does not match this binary.
    #[error("database migration failed")]
    Migrate(#[source] inbox_postgres::PgError),
    /// A setting combination that cannot work.
    #[error("{0}")]
    Invalid(String),
    /// Storage refused a command's work.
    #[error("storage error")]
    Storage(#[source] inbox_domain::RepoError),
    /// The listener or the server failed.
    #[error("HTTP server error")]
    Io(#[from] std::io::Error),
}

/// The error and every cause under it, one per line, for the final log line.
pub fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
