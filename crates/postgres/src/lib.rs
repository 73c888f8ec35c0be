//! PostgreSQL adapters for the inbox: the schema migration runner, then the repositories.
#![doc = include_str!("../README.md")]

/// Embedded schema migrations and the runner that applies them.
pub mod migrate;

mod announce;
mod db;
mod error;
mod listen;
mod pool;
mod repo_error;
mod repos;
mod rows;
mod settings;
pub mod sql;

pub use announce::{Announcer, DEFAULT_NOTIFY_INTERVAL, NOTIFY_FAILED, NOTIFY_SENT};
pub use error::PgError;
pub use listen::{LISTEN_LOST, Listener, NOTIFY_RECEIVED, Wake};
pub use pool::{PgBackend, PoolUsage, connect};
pub use repo_error::{RedactedDbError, StatementTimeout};
pub use repos::WEBHOOK_CHANNEL;
pub use settings::{PgSettings, PoolMode};
