//! Schema migrations: the files of `migrations/`, embedded at build time, and the runner applying them.
//!
//! Run it on a direct or session connection (not through a transaction pooler): it holds a session
//! advisory lock for the whole run so that instances starting together apply each file once.

mod embedded;
mod error;
#[cfg(test)]
mod filename;
mod history;
mod migration;
mod plan;
mod report;
mod runner;
mod split;

pub use embedded::embedded;
pub use error::MigrateError;
pub use migration::{Migration, NO_TRANSACTION_MARKER, combined_checksum};
pub use report::{AppliedMigration, MigrationReport};
pub use runner::{apply, apply_pending};
