//! PostgreSQL adapters for the inbox: the schema migration runner, then the repositories.
#![doc = include_str!("../README.md")]

/// Embedded schema migrations and the runner that applies them.
pub mod migrate;

mod db;
mod error;
mod pool;
mod repo_error;
mod repos;
mod rows;
mod settings;
pub mod sql;

pub use error::PgError;
pub use pool::{PgBackend, PoolUsage, connect};
pub use repo_error::{RedactedDbError, StatementTimeout};
pub use repos::WEBHOOK_CHANNEL;
pub use settings::{PgSettings, PoolMode};
